import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import User
from forum import services
from forum.models import Post, Thread
from tests.factories import make_thread


def reply_url(thread):
    return reverse("forum:reply", kwargs={"pk": thread.pk})


def test_only_a_verified_clinician_is_offered_the_expert_answer_option(
    client, thread, clinician, other_member
):
    client.force_login(other_member)
    assert 'name="expert"' not in client.get(thread.get_absolute_url()).content.decode()
    client.force_login(clinician)
    assert 'name="expert"' in client.get(thread.get_absolute_url()).content.decode()


def test_a_clinicians_expert_answer_is_badged_disclaimed_and_marks_the_discussion(
    client, thread, clinician
):
    client.force_login(clinician)
    response = client.post(reply_url(thread), {"body": "In general, **yes**.", "expert": "on"})
    assert response.status_code == 302
    post = Post.objects.get(thread=thread, number=2)
    assert post.is_expert_answer
    thread.refresh_from_db()
    assert thread.has_expert_answer

    client.logout()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Expert answer" in page
    assert "Physician · Neurology" in page
    assert "not a personal consultation" in page
    assert "Jump to the expert answer" in page
    assert f'{thread.get_absolute_url()}#post-2"' in page
    community_page = client.get(thread.community.get_absolute_url()).content.decode()
    assert "Answered by an expert" in community_page
    assert thread.get_absolute_url() in client.get("/").content.decode()


def test_a_forged_expert_field_from_a_patient_is_ignored(client, thread, other_member):
    client.force_login(other_member)
    client.post(reply_url(thread), {"body": "I am totally a doctor", "expert": "on"})
    post = Post.objects.get(thread=thread, number=2)
    assert not post.is_expert_answer
    thread.refresh_from_db()
    assert not thread.has_expert_answer


def test_the_service_refuses_an_expert_answer_from_anyone_but_a_clinician(thread, other_member):
    with pytest.raises(PermissionDenied, match="verified clinicians"):
        services.reply_create(author=other_member, thread=thread, body="x", expert=True)
    assert Post.objects.filter(thread=thread).count() == 1


def test_a_clinician_may_also_reply_without_it_being_an_expert_answer(client, thread, clinician):
    client.force_login(clinician)
    client.post(reply_url(thread), {"body": "Me too, as a patient myself."})
    assert not Post.objects.get(thread=thread, number=2).is_expert_answer
    thread.refresh_from_db()
    assert not thread.has_expert_answer


def test_when_a_clinician_loses_verification_their_answers_lose_the_badge(
    client, thread, clinician
):
    services.reply_create(author=clinician, thread=thread, body="Answer", expert=True)
    User.objects.filter(pk=clinician.pk).update(role=User.Role.PATIENT, clinician_verified_at=None)
    clinician.refresh_from_db()
    assert services.expert_answers_refresh(user=clinician) == 1
    thread.refresh_from_db()
    assert not thread.has_expert_answer
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Expert answer" not in page
    assert "Jump to the expert answer" not in page


def test_the_community_page_filters_discussions_answered_by_an_expert(client, community, clinician):
    answered = make_thread(community=community, title="Answered question here")
    services.reply_create(author=clinician, thread=answered, body="Answer", expert=True)
    make_thread(community=community, title="Unanswered question here")
    html = client.get(community.get_absolute_url(), {"expert": "1"}).content.decode()
    assert "Answered question here" in html
    assert "Unanswered question here" not in html
    assert "1 discussion answered by an expert" in html


def test_questions_asking_for_an_expert_wait_oldest_first_until_answered(
    client, community, member, clinician
):
    client.force_login(member)
    url = reverse("forum:thread_new", kwargs={"slug": community.slug})
    client.post(url, {"title": "First question asked", "body": "?", "wants_expert": "on"})
    client.post(url, {"title": "Second question asked", "body": "?", "wants_expert": "on"})
    client.post(url, {"title": "Just chatting here", "body": "hi"})
    first = Thread.objects.get(title="First question asked")

    client.force_login(clinician)
    waiting = client.get(reverse("forum:waiting_for_expert")).content.decode()
    assert waiting.index("First question asked") < waiting.index("Second question asked")
    assert "Just chatting here" not in waiting
    assert "First question asked" in client.get("/").content.decode()

    services.reply_create(author=clinician, thread=first, body="Answer", expert=True)
    waiting = client.get(reverse("forum:waiting_for_expert")).content.decode()
    assert "First question asked" not in waiting
    assert "Second question asked" in waiting


def test_the_waiting_list_can_be_limited_to_followed_communities(client, community, clinician):
    from forum.models import CommunityFollow
    from tests.factories import CommunityFactory

    other = CommunityFactory(name="Lupus")
    make_thread(community=community, title="Question in followed", wants_expert_answer=True)
    make_thread(community=other, title="Question elsewhere", wants_expert_answer=True)
    CommunityFollow.objects.create(user=clinician, community=community)
    client.force_login(clinician)
    html = client.get(reverse("forum:waiting_for_expert"), {"followed": "1"}).content.decode()
    assert "Question in followed" in html
    assert "Question elsewhere" not in html
