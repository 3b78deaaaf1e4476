"""Pages and buttons: follow, thanks, the notifications page, the navbar count."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import reactions, services
from forum.models import PostThanks, PostThanksCount, ThreadFollow
from notifications.models import Notification
from tests.factories import UserFactory


def url(name, pk):
    # Follows and thanks are the forum's; reading notifications is this app's.
    app = "notifications" if name == "read" else "forum"
    return reverse(f"{app}:{name}", kwargs={"pk": pk})


@pytest.fixture
def reply(committed, discussion, other_member):
    with committed():
        return services.reply_create(author=other_member, thread=discussion, body="Try pacing.")


# Follow -------------------------------------------------------------------------------


def test_the_discussion_page_offers_watching_then_back_to_normal(client, discussion, follower):
    client.force_login(follower)
    page = client.get(discussion.get_absolute_url()).content.decode()
    level_url = url("thread_follow_level", discussion.pk)
    assert level_url in page and ">Watching<" in page
    response = client.post(level_url, {"level": "2"})
    assert response.status_code == 302
    assert response["Location"] == discussion.get_absolute_url()
    assert ThreadFollow.objects.filter(user=follower, thread=discussion).exists()
    page = client.get(discussion.get_absolute_url()).content.decode()
    assert 'value="2" class="btn btn-primary" aria-pressed="true"' in page
    client.post(level_url, {"level": "1"})
    assert not ThreadFollow.objects.filter(user=follower, thread=discussion).exists()


def test_following_needs_a_post_and_a_signed_in_member(client, discussion, follower):
    response = client.post(url("thread_follow_level", discussion.pk), {"level": "2"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(follower)
    assert client.get(url("thread_follow_level", discussion.pk)).status_code == 405
    assert not ThreadFollow.objects.filter(user=follower).exists()


def test_a_hidden_discussion_cannot_be_followed(client, discussion, follower):
    type(discussion).objects.filter(pk=discussion.pk).update(is_hidden=True)
    client.force_login(follower)
    response = client.post(url("thread_follow_level", discussion.pk), {"level": "2"})
    assert response.status_code == 404
    assert not ThreadFollow.objects.filter(user=follower).exists()


def test_a_discussion_titled_follow_keeps_its_own_address(client, community, member):
    thread = services.thread_create(
        author=member,
        community=community,
        title="Follow",
        body="Is follow-up care worth it?",
    )
    assert client.get(thread.get_absolute_url()).status_code == 200


# Thanks -------------------------------------------------------------------------------


def test_a_member_thanks_a_post_once_and_can_take_it_back(client, reply, follower):
    client.force_login(follower)
    assert client.post(url("thanks_create", reply.pk)).status_code == 302
    again = client.post(url("thanks_create", reply.pk), follow=True)
    assert "already thanked this post" in again.content.decode()
    assert PostThanks.objects.filter(post=reply).count() == 1
    assert PostThanksCount.objects.get(post=reply).thanks_count == 1
    page = client.get(reply.get_absolute_url()).content.decode()
    assert "1 thank<" in page and url("thanks_delete", reply.pk) in page
    client.post(url("thanks_delete", reply.pk))
    assert not PostThanks.objects.exists()
    assert PostThanksCount.objects.get(post=reply).thanks_count == 0
    assert url("thanks_create", reply.pk) in client.get(reply.get_absolute_url()).content.decode()


def test_thanking_ones_own_post_is_refused_with_a_reason(client, reply, other_member):
    client.force_login(other_member)
    response = client.post(url("thanks_create", reply.pk))
    assert response.status_code == 403
    assert "your own post" in response.content.decode()
    assert not PostThanks.objects.exists()
    page = client.get(reply.get_absolute_url()).content.decode()
    assert url("thanks_create", reply.pk) not in page


def test_a_visitor_who_thanks_is_sent_to_sign_in(client, reply):
    response = client.post(url("thanks_create", reply.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not PostThanks.objects.exists()
    page = client.get(reply.get_absolute_url()).content.decode()
    assert url("thanks_create", reply.pk) not in page


def test_a_hidden_post_cannot_be_thanked(client, reply, follower):
    type(reply).objects.filter(pk=reply.pk).update(is_hidden=True)
    client.force_login(follower)
    # Not found, as a post that does not exist: hidden posts cannot be detected by id.
    assert client.post(url("thanks_create", reply.pk)).status_code == 404
    assert not PostThanks.objects.exists()


def test_the_discussion_page_shows_thanks_counts_with_one_query_for_all_posts(
    client, discussion, member
):
    thanking = [UserFactory() for _ in range(3)]
    posts = [
        services.reply_create(author=member, thread=discussion, body=f"Reply {i}") for i in range(2)
    ]
    reactions.thanks_create(user=thanking[0], post=posts[0])
    cache.clear()  # both counts with nothing rendered yet
    with CaptureQueriesContext(connection) as few:
        client.get(discussion.get_absolute_url())
    for i in range(15):
        post = services.reply_create(author=member, thread=discussion, body=f"More {i}")
        for user in thanking:
            reactions.thanks_create(user=user, post=post)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        page = client.get(discussion.get_absolute_url()).content.decode()
    assert len(many) == len(few)
    assert page.count("3 thanks<") == 15


def test_thanks_counts_equal_a_recount_after_a_mixed_run(reply, discussion, member):
    opening = discussion.posts.get(number=1)
    people = [UserFactory() for _ in range(4)]
    for person in people:
        reactions.thanks_create(user=person, post=reply)
        reactions.thanks_create(user=person, post=opening)
    reactions.thanks_delete(user=people[0], post=reply)
    reactions.thanks_delete(user=people[0], post=reply)  # twice: no-op
    people[1].delete()  # cascades a thanks without the service
    assert reactions.thanks_counts_rebuild() == 2
    for post in (reply, opening):
        stored = PostThanksCount.objects.get(post=post).thanks_count
        assert stored == PostThanks.objects.filter(post=post).count()
    assert reactions.thanks_counts_rebuild() == 0


# The notifications page and the navbar ------------------------------------------------


def test_the_navbar_shows_the_unread_count_and_mark_read_clears_it(
    client, discussion, member, reply
):
    client.force_login(member)
    nav = client.get("/").content.decode()
    assert 'Notifications <span class="badge' in nav and ">1<span" in nav
    notification = Notification.objects.get(recipient=member)
    page = client.get(reverse("notifications:list")).content.decode()
    assert reverse("notifications:open", args=[notification.pk]) in page
    assert "MapleRunner replied in" in page
    response = client.post(url("read", notification.pk))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'Notifications <span class="badge' not in client.get("/").content.decode()


def test_mark_all_read(client, committed, discussion, member, other_member):
    with committed():
        for i in range(3):
            services.reply_create(author=other_member, thread=discussion, body=f"R{i}")
    client.force_login(member)
    assert ">3<span" in client.get("/").content.decode()
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()


def test_a_member_cannot_mark_anothers_notification_read(client, member, reply, follower):
    notification = Notification.objects.get(recipient=member)
    client.force_login(follower)
    assert client.post(url("read", notification.pk)).status_code == 404
    assert client.get(url("read", notification.pk)).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_notifications_page_needs_signing_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_notifications_page_query_count_is_bounded_and_flat(
    client, committed, discussion, member, django_assert_max_num_queries
):
    others = [UserFactory() for _ in range(5)]
    with committed():
        services.reply_create(author=others[0], thread=discussion, body="One")
    client.force_login(member)
    client.get("/")  # the first request of a session checks consent once
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("notifications:list"))
    with committed():
        for i in range(45):
            services.reply_create(author=others[i % 5], thread=discussion, body=f"R{i}")
    # session, member, the count, one page (with authors and discussions), unread count
    with django_assert_max_num_queries(5):
        page = client.get(reverse("notifications:list"))
    assert page.content.decode().count('id="notification-') == 20
    with CaptureQueriesContext(connection) as later:
        assert client.get(reverse("notifications:list"), {"page": 3}).status_code == 200
    assert len(later) <= len(one)
    assert client.get(reverse("notifications:list"), {"page": 4}).status_code == 404


def test_the_preferences_page_saves_choices_and_refuses_nonsense(client, member):
    client.force_login(member)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200 and "In a daily digest" in page.content.decode()
    assert (
        reverse("notifications:preferences")
        in client.get(reverse("forum:settings")).content.decode()
    )
    response = client.post(reverse("notifications:preferences"), {"reply": "hourly"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not member.notification_preferences.exists()


def test_thanking_a_post_refreshes_the_visitors_cached_page(
    db, client, settings, django_capture_on_commit_callbacks
):
    from forum import services as forum_services
    from tests.factories import UserFactory, make_thread

    settings.PAGE_CACHE_SECONDS = 300
    thread = make_thread()
    reply = forum_services.reply_create(author=UserFactory(), thread=thread, body="Thank me")
    client.get(thread.get_absolute_url())
    assert client.get(thread.get_absolute_url())["X-Page-Cache"] in ("hit", "front")
    with django_capture_on_commit_callbacks(execute=True):
        reactions.thanks_create(user=UserFactory(), post=reply)
    assert client.get(thread.get_absolute_url())["X-Page-Cache"] == "miss"
