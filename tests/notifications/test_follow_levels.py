"""Watching, normal and muted, chosen on the discussion's page; following a community from
its page; the Following page."""

import re

import pytest
from django.urls import reverse

from forum import services
from forum.models import CommunityFollow, ThreadFollow
from notifications.models import Notification
from tests.factories import UserFactory, make_thread

Kind = Notification.Kind
Level = ThreadFollow.Level


def set_level(client, thread, level) -> None:
    response = client.post(
        reverse("forum:thread_follow_level", args=[thread.pk]), {"level": int(level)}
    )
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()


def level_of(member, thread):
    follow = ThreadFollow.objects.filter(user=member, thread=thread).first()
    return follow.level if follow else Level.NORMAL


def kinds(member) -> list[str]:
    return list(Notification.objects.filter(recipient=member).values_list("kind", flat=True))


def test_the_discussion_page_offers_the_three_levels_with_the_current_one_pressed(
    client, discussion, follower
):
    client.force_login(follower)
    page = client.get(discussion.get_absolute_url()).content.decode()
    action = reverse("forum:thread_follow_level", args=[discussion.pk])
    assert f'action="{action}"' in page
    pressed = re.findall(r'value="(\d)" class="btn [^"]*" aria-pressed="true"', page)
    assert pressed == [str(Level.NORMAL)]
    set_level(client, discussion, Level.MUTED)
    page = client.get(discussion.get_absolute_url()).content.decode()
    assert re.findall(r'value="(\d)" class="btn [^"]*" aria-pressed="true"', page) == [
        str(Level.MUTED)
    ]
    assert "This discussion is muted" in page  # the message after the change


def test_watching_hears_every_reply_normal_only_mentions_muted_nothing(
    client, committed, discussion, member, follower
):
    watcher, normal, muted = follower, UserFactory(), UserFactory(display_name="Hush")
    client.force_login(watcher)
    set_level(client, discussion, Level.WATCHING)
    client.force_login(muted)
    set_level(client, discussion, Level.MUTED)
    with committed():
        services.reply_create(author=UserFactory(), thread=discussion, body="A plain reply.")
    assert kinds(watcher) == [Kind.REPLY]
    assert kinds(normal) == [] and kinds(muted) == []

    mention = f"@{normal.display_name} and @Hush, what do you think?"
    with committed():
        services.reply_create(author=UserFactory(), thread=discussion, body=mention)
    assert kinds(normal) == [Kind.MENTION]
    assert kinds(muted) == []  # not even a mention


def test_an_author_who_muted_stays_muted_after_replying(client, committed, discussion, member):
    client.force_login(member)
    set_level(client, discussion, Level.MUTED)
    with committed():
        services.reply_create(author=member, thread=discussion, body="One more thing.")
        services.reply_create(author=UserFactory(), thread=discussion, body="An answer.")
    assert level_of(member, discussion) == Level.MUTED
    assert kinds(member) == []


def test_back_to_normal_removes_the_row_and_a_bad_level_is_refused(client, discussion, follower):
    client.force_login(follower)
    set_level(client, discussion, Level.WATCHING)
    set_level(client, discussion, Level.NORMAL)
    assert not ThreadFollow.objects.filter(user=follower).exists()
    url = reverse("forum:thread_follow_level", args=[discussion.pk])
    for bad in ("7", "watch", ""):
        assert client.post(url, {"level": bad}).status_code == 400
    assert not ThreadFollow.objects.filter(user=follower).exists()


def test_levels_are_for_members_who_may_read_the_discussion(client, community, follower):
    hidden = make_thread(community=community, is_hidden=True)
    url = reverse("forum:thread_follow_level", args=[hidden.pk])
    assert client.post(url, {"level": "2"})["Location"].startswith(reverse("account_login"))
    client.force_login(follower)
    assert client.post(url, {"level": "2"}).status_code == 404
    assert client.get(url).status_code == 405
    assert not ThreadFollow.objects.exists()


@pytest.mark.parametrize("cache_seconds", [300, 0])
def test_a_muted_discussion_never_shows_as_new(
    client, discussion, follower, settings, cache_seconds
):
    settings.PAGE_CACHE_SECONDS = cache_seconds
    client.force_login(follower)
    client.get(discussion.get_absolute_url())
    services.reply_create(author=UserFactory(), thread=discussion, body="News")
    assert "1 new reply" in client.get("/").content.decode()
    set_level(client, discussion, Level.MUTED)
    assert "new repl" not in client.get("/").content.decode()


def test_the_community_page_has_a_follow_button(client, committed, community, follower):
    client.force_login(follower)
    page = client.get(community.get_absolute_url()).content.decode()
    follow_url = reverse("forum:community_follow", args=[community.slug])
    assert f'action="{follow_url}"' in page
    assert client.post(follow_url).status_code == 302
    assert CommunityFollow.objects.filter(user=follower, community=community).exists()
    page = client.get(community.get_absolute_url()).content.decode()
    assert "You follow this community." in page
    with committed():
        started = services.thread_create(
            author=UserFactory(), community=community, title="New here", body="Hello all"
        )
    assert Notification.objects.get(recipient=follower).post.thread == started
    unfollow_url = reverse("forum:community_unfollow", args=[community.slug])
    assert client.post(unfollow_url).status_code == 302
    assert not CommunityFollow.objects.filter(user=follower).exists()
    client.logout()
    assert "You follow" not in client.get(community.get_absolute_url()).content.decode()
    assert client.post(follow_url)["Location"].startswith(reverse("account_login"))


def test_the_following_page_lists_watched_discussions_newest_activity_first(
    client, committed, community, follower, django_assert_max_num_queries
):
    older = make_thread(community=community, title="An older question")
    newer = make_thread(community=community, title="A newer question")
    muted = make_thread(community=community, title="A muted question")
    unfollowed = make_thread(community=community, title="Not followed")
    client.force_login(follower)
    for thread in (older, newer, muted):
        set_level(client, thread, Level.WATCHING)
        client.get(thread.get_absolute_url())
    set_level(client, muted, Level.MUTED)
    services.reply_create(author=UserFactory(), thread=older, body="Fresh news")

    with django_assert_max_num_queries(8):
        page = client.get(reverse("forum:following")).content.decode()
    assert page.index("An older question") < page.index("A newer question")  # older: replied
    assert "A muted question" not in page and unfollowed.title not in page
    assert "1 new reply" in page
    assert 'href="' + reverse("forum:following") + '"' in page  # in the navigation
    client.logout()
    assert client.get(reverse("forum:following"))["Location"].startswith(reverse("account_login"))
