"""Following, muting and blocking members: from the profile, listed in settings, and
what a block and a mute change (messages, mentions, folded posts, notifications)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts import relations
from accounts.models import MemberRelation
from forum import services
from moderation import warnings
from notifications.models import Notification
from tests.factories import UserFactory, make_thread

Kind = MemberRelation.Kind


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def blocker(db):
    return UserFactory(display_name="Bruno Lantern")


@pytest.fixture
def blocked(db):
    return UserFactory(display_name="Alice Harbour")


def relate(client, member, other, kind, on):
    client.force_login(member)
    return client.post(
        reverse("accounts:relation", args=[other.pk, kind]), {"on": "1" if on else "0"}
    )


@pytest.mark.parametrize("kind", ["follow", "mute", "block"])
def test_a_profile_offers_each_choice_and_says_it_back(client, blocker, blocked, kind):
    client.force_login(blocker)
    page = client.get(blocked.get_absolute_url()).content.decode()
    action = reverse("accounts:relation", args=[blocked.pk, kind])
    assert f'action="{action}"' in page
    assert "Send a private message" in page
    done = relate(client, blocker, blocked, kind, True)
    assert done.status_code == 302
    assert MemberRelation.objects.filter(owner=blocker, other=blocked, kind=kind).exists()
    listed = client.get(reverse("accounts:people")).content.decode()
    assert "Alice Harbour" in listed
    relate(client, blocker, blocked, kind, False)
    assert not MemberRelation.objects.filter(owner=blocker).exists()


def test_ones_own_profile_has_no_such_buttons_and_oneself_cannot_be_blocked(client, blocker):
    client.force_login(blocker)
    page = client.get(blocker.get_absolute_url()).content.decode()
    assert "Send a private message" not in page
    assert relate(client, blocker, blocker, "block", True).status_code == 404
    assert relate(client, blocker, UserFactory(), "befriend", True).status_code == 404
    assert not MemberRelation.objects.exists()


def test_visitors_are_sent_to_sign_in_and_nothing_changes(client, blocked):
    response = client.post(reverse("accounts:relation", args=[blocked.pk, "block"]), {"on": "1"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not MemberRelation.objects.exists()


def test_blocking_is_silent_for_the_blocked_member(client, blocker, blocked):
    relate(Client(), blocker, blocked, "block", True)
    client.force_login(blocked)
    page = client.get(blocker.get_absolute_url()).content.decode()
    assert "blocked" not in page.lower()
    assert not Notification.objects.filter(recipient=blocked).exists()


def test_blocking_ends_ones_own_follow(blocker, blocked):
    relations.relation_set(owner=blocker, other=blocked, kind=Kind.FOLLOW, on=True)
    relations.relation_set(owner=blocker, other=blocked, kind=Kind.BLOCK, on=True)
    assert relations.kinds_between(blocker, blocked.pk) == {Kind.BLOCK}


def test_a_blocked_members_mention_neither_links_nor_notifies(
    committed, community, blocker, blocked
):
    relations.relation_set(owner=blocker, other=blocked, kind=Kind.BLOCK, on=True)
    thread = make_thread(community=community, author=UserFactory())
    with committed():
        post = services.reply_create(author=blocked, thread=thread, body="Ask @Bruno Lantern")
    assert 'class="mention"' not in post.body_html
    assert not Notification.objects.filter(recipient=blocker).exists()
    # Someone else's mention still reaches them.
    with committed():
        services.reply_create(author=UserFactory(), thread=thread, body="Hi @Bruno Lantern")
    assert Notification.objects.filter(recipient=blocker, kind="mention").count() == 1


@pytest.mark.parametrize("kind", [Kind.MUTE, Kind.BLOCK])
def test_muting_or_blocking_stops_notifications_of_what_they_do(
    committed, community, blocker, blocked, kind
):
    with committed():
        thread = services.thread_create(
            author=blocker, community=community, title="Sleep and fatigue", body="Tips?"
        )
    relations.relation_set(owner=blocker, other=blocked, kind=kind, on=True)
    with committed():
        services.reply_create(author=blocked, thread=thread, body="Try a walk.")
    assert not Notification.objects.filter(recipient=blocker).exists()
    with committed():
        services.reply_create(author=UserFactory(), thread=thread, body="And water.")
    assert Notification.objects.filter(recipient=blocker, kind="reply").count() == 1


def test_a_moderator_blocked_by_a_member_still_reaches_them(committed, blocker, moderator):
    relations.relation_set(owner=blocker, other=moderator, kind=Kind.BLOCK, on=True)
    with committed():
        warnings.member_warn(moderator=moderator, member=blocker, reason="Be kind, please.")
    assert Notification.objects.filter(recipient=blocker, kind="warning").exists()


def test_a_blocked_members_posts_are_folded_for_the_blocker_only(
    client, community, blocker, blocked, committed
):
    thread = make_thread(community=community, author=UserFactory(), title="Morning stiffness")
    with committed():
        services.reply_create(author=blocked, thread=thread, body="Hot showers help me.")
    relations.relation_set(owner=blocker, other=blocked, kind=Kind.BLOCK, on=True)
    client.force_login(blocker)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert page.count('<details class="blocked-post">') == 1
    assert "You blocked this member. Show the post" in page
    assert "Hot showers help me." in page  # in the fold, one click away
    client.force_login(UserFactory())
    assert (
        '<details class="blocked-post">'
        not in client.get(thread.get_absolute_url()).content.decode()
    )


def test_the_people_page_saves_who_may_write(client, blocker):
    client.force_login(blocker)
    page = client.get(reverse("accounts:people"))
    assert page.status_code == 200
    saved = client.post(reverse("accounts:people"), {"messages_from": "nobody"})
    assert saved.status_code == 302
    blocker.refresh_from_db()
    assert blocker.messages_from == "nobody"
    refused = client.post(reverse("accounts:people"), {"messages_from": "strangers"})
    assert refused.status_code == 400
