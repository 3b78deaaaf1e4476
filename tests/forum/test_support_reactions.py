"""Support reactions beside Thanks: "Me too" and "Sending support", once of each per
member and post, taken back at will, counted exactly, never on one's own post; who
reacted is shown to members, not visitors."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from forum import reactions, services
from forum.models import PostReaction, PostReactionCount
from tests.factories import UserFactory


def react(client, post, kind, *, delete=False):
    name = "forum:reaction_delete" if delete else "forum:reaction_create"
    return client.post(reverse(name, args=[post.pk, kind]))


@pytest.fixture
def reply(thread, other_member):
    return services.reply_create(author=other_member, thread=thread, body="Brain fog is real")


def count(post, kind) -> int:
    row = PostReactionCount.objects.filter(post=post, kind=kind).first()
    return row.count if row else 0


@pytest.mark.parametrize("cache_seconds", [300, 0])
def test_react_from_the_footer_count_shows_and_take_it_back(
    client, thread, reply, member, settings, cache_seconds
):
    settings.PAGE_CACHE_SECONDS = cache_seconds
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f'action="{reverse("forum:reaction_create", args=[reply.pk, "me_too"])}"' in page
    assert react(client, reply, "me_too")["Location"] == reply.get_absolute_url()
    react(client, reply, "me_too")  # twice: still one
    react(client, reply, "support")
    assert count(reply, "me_too") == 1 and count(reply, "support") == 1
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "1 member has this too · 1 member sends support" in page
    assert 'aria-pressed="true">Me too' in page
    react(client, reply, "me_too", delete=True)
    assert count(reply, "me_too") == 0 and PostReaction.objects.count() == 1


def test_who_reacted_is_for_members_not_visitors(client, thread, reply, member):
    reactions.reaction_create(user=member, post=reply, kind="support")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "1 member sends support" in page
    assert reverse("forum:reactions", args=[reply.pk]) not in page
    assert client.get(reverse("forum:reactions", args=[reply.pk])).status_code == 302
    client.force_login(UserFactory())
    listing = client.get(reverse("forum:reactions", args=[reply.pk])).content.decode()
    assert member.display_name in listing


def test_never_on_ones_own_post_nor_unknown_kinds(client, thread, reply, other_member):
    client.force_login(other_member)  # the reply's author
    page = client.get(thread.get_absolute_url()).content.decode()
    assert reverse("forum:reaction_create", args=[reply.pk, "me_too"]) not in page
    assert react(client, reply, "me_too").status_code == 403
    client.force_login(UserFactory())
    assert react(client, reply, "hug").status_code == 404
    assert (
        client.get(reverse("forum:reaction_create", args=[reply.pk, "me_too"])).status_code == 405
    )
    assert not PostReaction.objects.exists()


def test_reactions_are_rate_limited(client, thread, member, settings):
    settings.WRITE_RATE_LIMITS = {**settings.WRITE_RATE_LIMITS, "thanks": "2/60/user"}
    posts = [
        services.reply_create(author=UserFactory(), thread=thread, body=f"R{n}") for n in range(3)
    ]
    client.force_login(member)
    statuses = [react(client, post, "support").status_code for post in posts]
    assert statuses == [302, 302, 429]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_reactions_are_counted_exactly(thread_for_concurrency):
    post, members = thread_for_concurrency
    barrier = threading.Barrier(len(members))
    errors = []

    def one(member):
        try:
            barrier.wait()
            reactions.reaction_create(user=member, post=post, kind="me_too")
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=one, args=(member,)) for member in members]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert count(post, "me_too") == len(members) == PostReaction.objects.filter(post=post).count()


@pytest.fixture
def thread_for_concurrency(transactional_db, community):
    from tests.factories import make_thread

    thread = make_thread(community=community)
    post = services.reply_create(author=UserFactory(), thread=thread, body="Tell us")
    return post, [UserFactory() for _ in range(8)]


def test_reactions_are_batched_in_one_notification_per_post_and_kind(
    thread, reply, other_member, django_capture_on_commit_callbacks
):
    from notifications.models import Notification

    first, second, third = UserFactory(display_name="Fern"), UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        reactions.reaction_create(user=first, post=reply, kind="me_too")
    notification = Notification.objects.get(recipient=other_member, kind="me_too")
    assert notification.summary() == f"Fern has this too: your post in “{thread.title}”"
    Notification.objects.filter(pk=notification.pk).update(read_at=notification.created_at)
    with django_capture_on_commit_callbacks(execute=True):
        reactions.reaction_create(user=second, post=reply, kind="me_too")
        reactions.reaction_create(user=third, post=reply, kind="me_too")
        reactions.reaction_create(user=third, post=reply, kind="support")
    notification = Notification.objects.get(recipient=other_member, kind="me_too")
    assert notification.count == 3 and notification.read_at is None  # unread again
    assert notification.summary() == (
        f"{third.display_name} and 2 other members have this too: your post in “{thread.title}”"
    )
    assert Notification.objects.filter(recipient=other_member).count() == 2  # + support
