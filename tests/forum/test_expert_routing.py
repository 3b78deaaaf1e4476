"""Expert questions routed (issue 20, item 5, first part): every discussion started in a
community for experts waits for one, box ticked or not; the moderators' pinned notices
there do not."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from forum import expert_desk, services
from forum.models import Community, CommunityFollow, Post, Thread
from notifications import expert_digest
from notifications.forms import EmailPreferencesForm
from notifications.models import Notification
from tests.factories import UserFactory


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


# The rest of item 5: who hears of a question, taking one, the paged list, the weekly
# digest and the median wait in the admin.


def make_clinician(name, specialty=""):
    return UserFactory(
        display_name=name,
        role=User.Role.CLINICIAN,
        clinician_profession=User.Profession.PHYSICIAN,
        clinician_specialty=specialty,
        clinician_verified_at=timezone.now(),
    )


def ask(member, community, title="Can I drive after a relapse?", captured=None):
    with captured(execute=True):
        return services.thread_create(
            author=member, community=community, title=title, body="Asking.", wants_expert=True
        )


def test_a_question_notifies_the_clinicians_who_follow_its_community_or_whose_specialty_it_lists(
    member, community, django_capture_on_commit_callbacks
):
    follower = make_clinician("Dr. Follows")
    CommunityFollow.objects.create(user=follower, community=community)
    mapped = make_clinician("Dr. Mapped", specialty="neurology")
    elsewhere = make_clinician("Dr. Elsewhere", specialty="Dermatology")
    patient_follower = UserFactory()
    CommunityFollow.objects.create(user=patient_follower, community=community)
    Community.objects.filter(pk=community.pk).update(clinician_specialties="Neurology\nMS nurse")
    community.refresh_from_db()
    question = ask(member, community, captured=django_capture_on_commit_callbacks)
    kinds = dict(
        Notification.objects.filter(post__thread=question).values_list("recipient_id", "kind")
    )
    assert kinds == {
        follower.pk: "expert_question",
        mapped.pk: "expert_question",
        patient_follower.pk: "new_thread",
    }
    assert elsewhere.pk not in kinds
    summary = Notification.objects.get(recipient=mapped).summary()
    assert "asked for an expert's answer" in summary and community.name in summary
    # A plain discussion there asks no clinician.
    with django_capture_on_commit_callbacks(execute=True):
        plain = services.thread_create(author=member, community=community, title="Hi", body="x")
    assert not Notification.objects.filter(post__thread=plain, recipient=mapped).exists()


def test_a_clinician_takes_a_question_others_see_it_and_it_lapses_after_the_hold(
    client, member, community, clinician, django_capture_on_commit_callbacks, settings
):
    question = ask(member, community, captured=django_capture_on_commit_callbacks)
    other = make_clinician("Dr. Second")
    client.force_login(clinician)
    waiting = reverse("forum:waiting_for_expert")
    assert "I'll answer this" in client.get(waiting).content.decode()
    taken = client.post(
        reverse("forum:question_take", args=[question.pk]), {"next": waiting}, follow=True
    )
    assert "You are preparing the answer" in taken.content.decode()
    assert "You are preparing an answer (until" in taken.content.decode()
    client.force_login(other)
    listed = client.get(waiting).content.decode()
    assert "Dr. Seignez is preparing an answer." in listed and "I'll answer this" not in listed
    refused = client.post(reverse("forum:question_take", args=[question.pk]), follow=True)
    assert "Another clinician is preparing an answer" in refused.content.decode()
    question.refresh_from_db()
    assert question.expert_taken_by == clinician
    # Everyone reading the discussion sees it.
    client.logout()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Dr. Seignez, a verified clinician, is preparing one." in page
    # After the hold, it is free again.
    Thread.objects.filter(pk=question.pk).update(
        expert_taken_at=timezone.now() - timedelta(hours=settings.FORUM_EXPERT_TAKE_HOURS + 1)
    )
    client.force_login(other)
    client.post(reverse("forum:question_take", args=[question.pk]))
    question.refresh_from_db()
    assert question.expert_taken_by == other


def test_only_the_clinician_who_took_it_or_a_moderator_releases_it_and_members_cannot_take(
    client, member, community, clinician, moderator, django_capture_on_commit_callbacks
):
    question = ask(member, community, captured=django_capture_on_commit_callbacks)
    client.force_login(member)
    assert client.post(reverse("forum:question_take", args=[question.pk])).status_code == 403
    expert_desk.question_take(clinician=clinician, thread=question)
    release = reverse("forum:question_release", args=[question.pk])
    assert client.post(release).status_code == 403
    client.force_login(moderator)
    assert client.post(release).status_code == 302
    question.refresh_from_db()
    assert question.expert_taken_by is None
    assert client.get(release).status_code == 405  # never by a GET


def test_the_waiting_list_is_paged_oldest_first_and_filtered_by_community(
    client, member, community, clinician, django_assert_max_num_queries
):
    other = Community.objects.create(name="Lupus", slug="lupus")
    base = timezone.now() - timedelta(days=60)
    for n in range(30):
        thread = services.thread_create(
            author=member,
            community=community,
            title=f"Question {n:02d}",
            body="?",
            wants_expert=True,
        )
        Thread.objects.filter(pk=thread.pk).update(created_at=base + timedelta(hours=n))
    services.thread_create(
        author=member, community=other, title="A lupus question", body="?", wants_expert=True
    )
    client.force_login(clinician)
    with django_assert_max_num_queries(14):
        first = client.get(reverse("forum:waiting_for_expert")).content.decode()
    assert "31 questions wait." in first
    assert first.index("Question 00") < first.index("Question 01")
    assert "Question 25" not in first and 'href="?page=2"' in first
    second = client.get(reverse("forum:waiting_for_expert"), {"page": 2}).content.decode()
    assert "Question 25" in second and "A lupus question" in second
    lupus = client.get(reverse("forum:waiting_for_expert"), {"community": "lupus"})
    html = lupus.content.decode()
    assert "1 question waits." in html and "Question 00" not in html
    assert client.get(reverse("forum:waiting_for_expert"), {"community": "nope"}).status_code == 404
    assert client.get(reverse("forum:waiting_for_expert"), {"page": "9"}).status_code == 404


def test_clinicians_who_chose_it_get_a_weekly_digest_of_the_questions_still_waiting(
    client, member, community, clinician, django_capture_on_commit_callbacks
):
    CommunityFollow.objects.create(user=clinician, community=community)
    client.force_login(clinician)
    form = client.get(reverse("notifications:preferences")).content.decode()
    assert "In a weekly digest of the questions still waiting" in form
    choices = {name: "daily" for name in EmailPreferencesForm(user=clinician).fields}
    response = client.post(
        reverse("notifications:preferences"), {**choices, "expert_question": "weekly"}
    )
    assert response.status_code == 302
    ask(
        member,
        community,
        title="Fatigue after an infusion?",
        captured=django_capture_on_commit_callbacks,
    )
    mail.outbox = []
    assert expert_digest.expert_digests_send() == 1
    [email] = mail.outbox
    assert email.to == [clinician.email] and "1 question waits" in email.subject
    assert "Fatigue after an infusion?" in email.body and "Asking." not in email.body
    assert "List-Unsubscribe" in email.extra_headers
    assert Notification.objects.get(recipient=clinician).emailed_at is not None
    assert expert_digest.expert_digests_send() == 0  # a week between two
    later = timezone.now() + timedelta(days=7)
    assert expert_digest.expert_digests_send(now=later) == 1
    # Members are not offered the choice.
    client.force_login(member)
    assert (
        "Questions for an expert"
        not in client.get(reverse("notifications:preferences")).content.decode()
    )


def test_the_admin_shows_the_median_time_to_a_first_expert_answer(
    client, member, community, clinician, moderator
):
    for hours in (2, 4, 30):
        question = services.thread_create(
            author=member, community=community, title=f"Q {hours}", body="?", wants_expert=True
        )
        answer = services.reply_create(
            author=clinician, thread=question, body="An answer.", expert=True
        )
        Post.objects.filter(pk=answer.pk).update(
            created_at=question.created_at + timedelta(hours=hours)
        )
    client.force_login(moderator)
    page = client.get(reverse("admin:forum_thread_changelist")).content.decode()
    assert "Median time to a first expert answer over the last 90 days: 4 hours" in page
    assert "(3 questions answered)" in page
