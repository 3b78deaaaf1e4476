"""The forum's side of moderation: counters stay exact as posts are hidden, restored, held
or moved, and suspended or held members see what they should."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from forum import services
from forum.models import Post, Thread
from tests.factories import CommunityFactory, UserFactory, make_thread


def assert_counters_exact():
    assert services.counters_rebuild() == {"threads": 0, "communities": 0}


def test_hiding_and_restoring_a_reply_keeps_counts_and_last_activity_right(thread):
    first = services.reply_create(author=UserFactory(), thread=thread, body="first")
    last = services.reply_create(author=UserFactory(), thread=thread, body="last")
    services.post_hidden_set(post=last, hidden=True)
    thread.refresh_from_db()
    assert thread.reply_count == 1
    assert thread.last_activity_at == first.created_at
    assert_counters_exact()
    services.post_hidden_set(post=last, hidden=False)
    thread.refresh_from_db()
    assert (thread.reply_count, thread.last_activity_at) == (2, last.created_at)
    assert_counters_exact()


def test_a_hidden_expert_answer_stops_marking_the_discussion(thread, clinician):
    answer = services.reply_create(author=clinician, thread=thread, body="x", expert=True)
    services.post_hidden_set(post=answer, hidden=True)
    thread.refresh_from_db()
    assert not thread.has_expert_answer


def test_a_hidden_post_stays_in_place_as_removed_for_members(client, thread, member, moderator):
    reply = services.reply_create(author=UserFactory(), thread=thread, body="Buy pills here")
    services.post_hidden_set(post=reply, hidden=True)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "This post was removed by a moderator." in page
    assert "Buy pills here" not in page
    assert "0 replies" in page
    client.force_login(moderator)
    assert "Buy pills here" in client.get(thread.get_absolute_url()).content.decode()


def test_hiding_and_moving_discussions_keeps_community_counts_right(community):
    other = CommunityFactory()
    thread = make_thread(community=community, replies=2)
    services.thread_hidden_set(thread=thread, hidden=True)
    community.refresh_from_db()
    assert community.thread_count == 0
    services.thread_hidden_set(thread=thread, hidden=False)
    services.thread_move(thread=thread, community=other)
    community.refresh_from_db()
    other.refresh_from_db()
    assert (community.thread_count, other.thread_count) == (0, 1)
    assert Thread.objects.get(pk=thread.pk).reply_count == 2
    assert_counters_exact()


def test_lock_and_pin_flags(thread, other_member):
    services.thread_flags_set(thread=thread, is_locked=True, is_pinned=True)
    thread.refresh_from_db()
    assert thread.is_locked and thread.is_pinned
    assert not services.permissions.can_reply(other_member, thread)


@pytest.fixture
def review_first_post(settings):
    settings.MODERATION_REVIEW_FIRST_POSTS = 1


def test_a_new_members_first_reply_is_held_seen_only_by_them_and_moderators(
    client, thread, moderator, review_first_post, django_capture_on_commit_callbacks
):
    newcomer = UserFactory(display_name="Fresh Face")
    held = services.reply_create(author=newcomer, thread=thread, body="My first words")
    assert held.is_awaiting_review
    thread.refresh_from_db()
    assert thread.reply_count == 0
    assert "My first words" not in client.get(thread.get_absolute_url()).content.decode()
    client.force_login(newcomer)
    own = client.get(thread.get_absolute_url()).content.decode()
    assert "My first words" in own and "Awaiting review" in own
    client.force_login(moderator)
    assert "My first words" in client.get(thread.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the approval commits
        services.post_review_decide(post=held, approve=True)
    thread.refresh_from_db()
    assert thread.reply_count == 1
    client.logout()
    assert "My first words" in client.get(thread.get_absolute_url()).content.decode()
    # Once a post is approved, the next one is not held.
    assert not services.reply_create(
        author=newcomer, thread=thread, body="again"
    ).is_awaiting_review
    assert_counters_exact()


def test_a_new_members_first_discussion_is_held_out_of_every_list(
    client, review_first_post, community
):
    newcomer = UserFactory()
    thread = services.thread_create(
        author=newcomer, community=community, title="Held one", body="text"
    )
    community.refresh_from_db()
    assert thread.is_awaiting_review and community.thread_count == 0
    assert "Held one" not in client.get(community.get_absolute_url()).content.decode()
    assert client.get(thread.get_absolute_url()).status_code == 404
    client.force_login(newcomer)
    assert client.get(thread.get_absolute_url()).status_code == 200
    services.post_review_decide(post=thread.posts.get(number=1), approve=False)
    thread.refresh_from_db()
    assert thread.is_hidden and not thread.is_awaiting_review
    assert_counters_exact()


def test_trusted_members_and_moderators_skip_the_review(thread, moderator, review_first_post):
    trusted = UserFactory()
    User.objects.filter(pk=trusted.pk).update(is_trusted=True)
    trusted.refresh_from_db()
    assert not services.reply_create(author=trusted, thread=thread, body="x").is_awaiting_review
    assert not services.reply_create(author=moderator, thread=thread, body="y").is_awaiting_review


@pytest.mark.parametrize("until", [None, timedelta(days=3)])
def test_a_suspended_member_reads_sees_why_and_every_post_is_refused(
    client, thread, other_member, until
):
    User.objects.filter(pk=other_member.pk).update(
        suspended_at=timezone.now(),
        suspended_until=timezone.now() + until if until else None,
        suspension_reason="Repeated spam links",
    )
    client.force_login(other_member)
    page = client.get(thread.get_absolute_url())
    assert page.status_code == 200
    response = client.post(reverse("forum:reply", kwargs={"pk": thread.pk}), {"body": "hello"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "suspended" in body and "Repeated spam links" in body
    assert ("until a moderator lifts it" in body) == (until is None)
    new = client.post(
        reverse("forum:thread_new", kwargs={"slug": thread.community.slug}),
        {"title": "A new one", "body": "x"},
    )
    assert new.status_code == 403
    own = Post.objects.filter(thread=thread, number=1).get()
    assert Post.objects.filter(author=other_member).count() == 0
    assert own.body != "x"


def test_a_suspension_that_ended_lets_the_member_post_again(client, thread, other_member):
    User.objects.filter(pk=other_member.pk).update(
        suspended_at=timezone.now() - timedelta(days=5),
        suspended_until=timezone.now() - timedelta(days=1),
    )
    client.force_login(other_member)
    response = client.post(reverse("forum:reply", kwargs={"pk": thread.pk}), {"body": "back"})
    assert response.status_code == 302
