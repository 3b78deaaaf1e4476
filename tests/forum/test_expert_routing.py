"""Expert questions routed (issue 20, item 5, first part): every discussion started in a
community for experts waits for one, box ticked or not; the moderators' pinned notices
there do not."""

from django.urls import reverse

from forum import services
from forum.models import Community, Thread


def test_every_discussion_in_a_community_for_experts_waits_for_one(client, member, clinician):
    experts = Community.objects.create(name="Ask an expert", slug="ask", experts_answer=True)
    client.force_login(member)
    form = client.get(reverse("forum:thread_new", args=[experts.slug])).content.decode()
    assert "Ask for an expert" not in form and "waits for a verified clinician" in form
    client.post(
        reverse("forum:thread_new", args=[experts.slug]),
        {"title": "Lows after long rides?", "body": "What do people do?"},
    )
    question = Thread.objects.get(title="Lows after long rides?")
    assert question.wants_expert_answer
    client.force_login(clinician)
    waiting = client.get(reverse("forum:waiting_for_expert")).content.decode()
    assert "Lows after long rides?" in waiting


def test_elsewhere_the_box_decides_and_pinned_notices_never_wait(member, community):
    plain = services.thread_create(author=member, community=community, title="Plain", body="x")
    assert not plain.wants_expert_answer
    experts = Community.objects.create(name="Experts", slug="experts", experts_answer=True)
    notice = services.thread_create(author=member, community=experts, title="Rules", body="x")
    Thread.objects.filter(pk=notice.pk).update(is_pinned=True)
    assert not Thread.objects.waiting_for_expert().filter(pk=notice.pk).exists()
