"""Members' pages served from a shared copy (forum.pagecache) read exactly as a full
render would, carry nothing of another member, and follow every write."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import MemberRelation
from forum import bookmarks, drafts, pagecache, permissions, reactions, services, withdrawal
from forum.models import ReadState, ThreadFollow
from moderation import actions
from notifications import unread
from notifications.models import Notification
from tests.cache_support import stored_keys, stored_values
from tests.factories import UserFactory

Level = ThreadFollow.Level
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')
WATCHING_PRESSED = re.compile(r'value="2" class="btn [^"]*" aria-pressed="true">Watching')


@pytest.fixture
def shared(settings):
    settings.PAGE_CACHE_SECONDS = 300


def page(client, url, then=None, **params):
    response = client.get(url, params)
    if then:
        then()
    assert response.status_code == 200, url
    # Each response masks the CSRF secret afresh: compare pages without it.
    return CSRF_VALUE.sub(r'\1"', response.content.decode())


@pytest.fixture
def discussion(thread, other_member, clinician, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            services.reply_create(author=other_member, thread=thread, body=f"Reply {number}")
        services.reply_create(author=clinician, thread=thread, body="From a clinician", expert=True)
        reactions.thanks_create(user=other_member, post=thread.posts.get(number=1))
        taken_back = services.reply_create(author=other_member, thread=thread, body="Taken back")
        withdrawal.post_withdraw(author=other_member, post=taken_back)
    return thread


def urls(discussion):
    author = discussion.posts.get(number=2).author
    return [
        "/",
        discussion.community.get_absolute_url(),
        discussion.get_absolute_url(),
        author.get_absolute_url(),
        reverse("search:search") + "?q=Reply",
    ]


def deep_urls(discussion):
    """With two discussions and two replies a page: a community's second page and a
    discussion's last page."""
    return [
        discussion.community.get_absolute_url() + "?page=2",
        discussion.get_absolute_url() + "?page=2",
    ]


def served_pages() -> set[str]:
    """The declared pages (forum.pagecache.PAGES) with a copy in the cache: those the
    test went through. Keys read pf:page:<release>:<page>:<audience>:<digest>."""
    return {key.split("pf:page:", 1)[1].split(":")[1] for key in stored_keys() if "pf:page:" in key}


READERS = {
    "the discussion's author": lambda d: d.author,
    "a replier": lambda d: d.posts.get(number=2).author,
    "a clinician": lambda d: d.posts.get(number=5).author,
    "a new member": lambda d: UserFactory(),
    "a member with no confirmed email": lambda d: UserFactory(verified_email=False),
    "a suspended member": lambda d: UserFactory(
        suspended_at=timezone.now(), suspended_until=timezone.now() + timedelta(days=3)
    ),
}


def _with_held_post(discussion):
    newcomer = UserFactory(display_name="Held Newcomer")
    services.reply_create(author=newcomer, thread=discussion, body="My first reply, held")
    from forum.models import Post

    Post.objects.filter(author=newcomer).update(is_awaiting_review=True)
    services.counters_rebuild()  # a held reply is not counted, as when held on posting
    return newcomer


def _moderator(discussion):
    from django.contrib.auth.models import Group

    user = UserFactory(display_name="Duty Moderator", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


READERS["an author with a held post"] = _with_held_post
READERS["a moderator"] = _moderator


def frozen(reader):
    """Reading a page moves the reader's read state and reads their notifications: put
    both back after each page, so that every render of a page starts from one state."""
    states = list(ReadState.objects.filter(user=reader).values("thread_id", "last_read_number"))
    unread_ids = list(
        Notification.objects.filter(recipient=reader, read_at__isnull=True).values_list(
            "pk", flat=True
        )
    )

    def restore():
        ReadState.objects.filter(user=reader).delete()
        ReadState.objects.bulk_create([ReadState(user=reader, **state) for state in states])
        Notification.objects.filter(pk__in=unread_ids).update(read_at=None)
        unread.forget([reader.pk])

    return restore


def reader_state(reader, discussion):
    """What is the reader's own on every page: they read the discussion up to its first
    reply (a divider on its pages, "N new replies" in lists), they saved a post, they
    watch another discussion and muted a third, and a notification waits for them."""
    from tests.factories import make_thread

    if not reader.is_authenticated:
        return
    ReadState.objects.create(user=reader, thread=discussion, last_read_number=2)
    bookmarks.bookmark_create(user=reader, post=discussion.posts.get(number=3))
    watched = make_thread(community=discussion.community, title="A watched discussion")
    muted = make_thread(community=discussion.community, title="A muted discussion")
    reactions.thread_follow_level_set(user=reader, thread=watched, level=Level.WATCHING)
    reactions.thread_follow_level_set(user=reader, thread=muted, level=Level.MUTED)
    ReadState.objects.create(user=reader, thread=muted, last_read_number=1)
    services.reply_create(author=UserFactory(), thread=muted, body="Not new: muted")
    Notification.objects.create(
        recipient=reader, kind=Notification.Kind.REPLY, post=discussion.posts.get(number=4)
    )
    drafts.draft_save(user=reader, thread=discussion, body="Unsent words of mine")
    blocked = discussion.posts.get(number=3).author  # their posts fold for the reader
    if blocked != reader:
        MemberRelation.objects.create(owner=reader, other=blocked, kind="block")


@pytest.mark.parametrize("reader", READERS)
def test_a_members_page_from_the_shared_copy_reads_as_a_full_render(
    client, discussion, reader, settings
):
    settings.FORUM_THREADS_PER_PAGE = 1
    settings.FORUM_REPLIES_PER_PAGE = 2
    from tests.factories import make_thread

    make_thread(community=discussion.community, title="Another discussion here")
    member = READERS[reader](discussion)
    reader_state(member, discussion)
    restore = frozen(member)
    client.force_login(member)
    settings.PAGE_CACHE_SECONDS = 0
    everything = urls(discussion) + deep_urls(discussion)
    full = [page(client, url, then=restore) for url in everything]
    settings.PAGE_CACHE_SECONDS = 300
    # The shared copies are made for one member (the discussion's author, who may edit
    # their post), then filled in for the reader.
    builder = Client()
    builder.force_login(discussion.author)
    for url in everything:
        page(builder, url, then=restore)
    served = [page(client, url, then=restore) for url in everything]
    again = [page(client, url, then=restore) for url in everything]
    for url, expected, first, second in zip(everything, full, served, again, strict=True):
        assert first == expected, url
        assert second == expected, url
    assert served_pages() == set(pagecache.PAGES), "a declared page is not covered here"
    # The reader's own parts were there to compare.
    home, thread = full[0], full[2]
    assert "3 new replies" in home and "A muted discussion" in home
    assert "New since your last visit" in thread
    assert 'aria-pressed="true">Saved' in thread
    if permissions.can_reply(member, discussion):
        assert "Unsent words of mine" in thread and ">Quote<" in thread


def test_a_visitors_cached_page_reads_as_a_full_render(client, discussion, settings):
    settings.FORUM_THREADS_PER_PAGE = 1
    settings.FORUM_REPLIES_PER_PAGE = 2
    from tests.factories import make_thread

    make_thread(community=discussion.community, title="Another discussion here")
    author = discussion.posts.get(number=2).author
    type(author).objects.filter(pk=author.pk).update(profile_is_public=True)
    everything = urls(discussion) + deep_urls(discussion)
    settings.PAGE_CACHE_SECONDS = 0
    full = [page(client, url) for url in everything]
    settings.PAGE_CACHE_SECONDS = 300
    stored = [page(client, url) for url in everything]
    served = [client.get(url) for url in everything]
    for url, expected, first, response in zip(everything, full, stored, served, strict=True):
        assert first == expected, url
        # Cookie-less: answered before the middleware (forum.pagecache.front).
        assert response["X-Page-Cache"] == "front", url
        assert CSRF_VALUE.sub(r'\1"', response.content.decode()) == expected, url
    assert served_pages() == set(pagecache.PAGES), "a declared page is not covered here"


def test_what_is_a_members_own_never_reaches_another_member(
    client, discussion, member, other_member, shared
):
    first_reply = discussion.posts.get(number=2)
    reader = UserFactory(display_name="Heron Lantern")
    reactions.thanks_create(user=reader, post=first_reply)
    reactions.thread_follow_create(user=reader, thread=discussion)
    client.force_login(reader)
    own = page(client, discussion.get_absolute_url())
    assert "Heron Lantern" in own and "Thanked" in own
    assert WATCHING_PRESSED.search(own)

    client.force_login(UserFactory(display_name="Second Reader"))
    theirs = page(client, discussion.get_absolute_url())
    assert "Heron Lantern" not in theirs
    assert "Second Reader" in theirs
    assert not WATCHING_PRESSED.search(theirs) and "Thanked" not in theirs
    assert f'action="{reverse("forum:post_edit", args=[first_reply.pk])}"' not in theirs


def test_a_discussion_served_to_a_member_runs_three_queries(
    client, discussion, other_member, shared, django_assert_max_num_queries
):
    client.force_login(other_member)
    page(client, discussion.get_absolute_url())
    # The session, the member, and one query for their thanks, follow, held posts and
    # email confirmation.
    with django_assert_max_num_queries(3):
        html = page(client, discussion.get_absolute_url())
    assert html.count('<article class="post') == discussion.posts.count()


@pytest.mark.parametrize("which", [0, 1, 3, 4])
def test_other_member_pages_from_the_shared_copy_run_two_or_three_queries(
    client, discussion, which, shared, django_assert_max_num_queries
):
    client.force_login(UserFactory())
    url = urls(discussion)[which]
    page(client, url)
    # The session, the member, and one query for what is new to them in the list (which
    # on a community page also answers whether they follow it and may post there).
    with django_assert_max_num_queries(3):
        page(client, url)


@pytest.mark.parametrize(
    "write, shows",
    [
        (
            lambda t, m: services.reply_create(
                author=UserFactory(), thread=t, body="A fresh answer"
            ),
            "A fresh answer",
        ),
        (
            lambda t, m: services.post_edit(
                editor=t.author, post=t.posts.get(number=1), body="Edited opening"
            ),
            "Edited opening",
        ),
        (
            lambda t, m: actions.post_hide(moderator=m, post=t.posts.get(number=2)),
            "removed by a moderator",
        ),
        (
            lambda t, m: actions.thread_lock(moderator=m, thread=t, locked=True),
            "This discussion is locked",
        ),
    ],
    ids=["reply", "edit", "hide", "lock"],
)
def test_every_write_reaches_members_pages(
    client,
    discussion,
    moderator,
    other_member,
    shared,
    write,
    shows,
    django_capture_on_commit_callbacks,
):
    client.force_login(other_member)
    assert shows not in page(client, discussion.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        write(discussion, moderator)
    assert shows in page(client, discussion.get_absolute_url())


def test_a_members_own_held_post_is_shown_to_them_and_nobody_else(
    client, discussion, shared, settings
):
    settings.MODERATION_REVIEW_FIRST_POSTS = 1
    newcomer = UserFactory()
    post = services.reply_create(author=newcomer, thread=discussion, body="Waiting here")
    assert post.is_awaiting_review
    client.force_login(UserFactory())
    assert "Waiting here" not in page(client, discussion.get_absolute_url())
    client.force_login(newcomer)
    assert "Waiting here" in page(client, discussion.get_absolute_url())


def test_moderators_and_members_with_a_message_get_the_full_page(
    client, discussion, moderator, other_member, shared
):
    client.force_login(other_member)
    page(client, discussion.get_absolute_url())
    response = client.post(
        reverse("forum:reply", args=[discussion.pk]), {"body": "One more thought"}, follow=True
    )
    assert "Your reply has been posted." in response.content.decode()
    client.force_login(moderator)
    html = page(client, discussion.get_absolute_url())
    assert "Hide the discussion" in html and "One more thought" in html


def test_a_member_sees_their_thanks_and_follow_at_once(
    client, discussion, shared, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory())
    before = page(client, discussion.get_absolute_url())
    assert not WATCHING_PRESSED.search(before) and "Thanked" not in before
    reply = discussion.posts.get(number=2)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forum:thread_follow_level", args=[discussion.pk]), {"level": "2"})
        client.post(reverse("forum:thanks_create", args=[reply.pk]))
    after = page(client, discussion.get_absolute_url())
    assert WATCHING_PRESSED.search(after) and "Thanked" in after


def test_a_refused_search_is_the_members_own_page_not_a_skeleton(client, member, shared):
    client.force_login(member)
    response = client.get(
        reverse("search:search"),
        {"q": "fatigue", "date_from": "2026-05-02", "date_to": "2026-05-01"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "This date is before" in html and member.display_name in html
    assert "reader-part" not in html


def test_a_profile_seen_first_by_its_owner_shows_others_nothing_of_theirs(
    client, thread, shared, settings
):
    settings.MODERATION_REVIEW_FIRST_POSTS = 1
    owner = UserFactory(display_name="Owl Keeper")
    services.reply_create(author=owner, thread=thread, body="Held for now")
    client.force_login(owner)
    own = page(client, owner.get_absolute_url())
    assert "Replied to:" in own and "Edit your profile and settings" in own

    client.force_login(UserFactory())
    theirs = page(client, owner.get_absolute_url())
    assert "Replied to:" not in theirs
    assert "Edit your profile and settings" not in theirs


def test_no_shared_copy_keeps_a_members_email_or_password(client, discussion, shared):

    client.force_login(UserFactory())
    for url in urls(discussion):
        page(client, url)
    stored = b"".join(value for value in stored_values() if isinstance(value, bytes))
    assert any("pf:page:" in key and ":member:" in key for key in stored_keys())
    for author in {discussion.author, *(post.author for post in discussion.posts.all())}:
        assert author.email.encode() not in stored
        assert author.password.encode() not in stored


def test_a_post_that_mentions_csrf_tokens_does_not_stop_sharing(
    client,
    thread,
    shared,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(
            author=UserFactory(), thread=thread, body="What is a csrfmiddlewaretoken anyway?"
        )
    client.force_login(UserFactory())
    page(client, thread.get_absolute_url())
    with django_assert_max_num_queries(3):
        assert "csrfmiddlewaretoken anyway" in page(client, thread.get_absolute_url())


def test_a_lock_made_in_the_admin_reaches_members_pages(
    client,
    discussion,
    moderator,
    other_member,
    shared,
    rf,
    django_capture_on_commit_callbacks,
):
    from django.contrib import admin

    from forum.models import Thread

    client.force_login(other_member)
    assert 'name="body"' in page(client, discussion.get_absolute_url())
    discussion.is_locked = True
    request = rf.post("/admin/")
    request.user = moderator
    with django_capture_on_commit_callbacks(execute=True):
        admin.site._registry[Thread].save_model(request, discussion, None, True)
    html = page(client, discussion.get_absolute_url())
    assert 'name="body"' not in html and "This discussion is locked" in html


def test_a_version_the_cache_lost_never_restarts_at_a_number_already_used(
    client, discussion, other_member, shared, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from forum import pagecache

    client.force_login(other_member)
    page(client, discussion.get_absolute_url())
    before = pagecache.version(pagecache.thread_key(discussion.pk))
    cache.delete(pagecache.thread_key(discussion.pk))  # evicted
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(author=UserFactory(), thread=discussion, body="After eviction")
    assert pagecache.version(pagecache.thread_key(discussion.pk)) != before
    assert "After eviction" in page(client, discussion.get_absolute_url())


def test_a_name_changed_in_the_admin_reaches_members_and_visitors_pages(
    client, discussion, moderator, shared, rf, django_capture_on_commit_callbacks
):
    from django.contrib import admin

    from accounts.models import User

    replier = discussion.posts.get(number=2).author
    reader = UserFactory()
    client.force_login(reader)
    assert replier.display_name in page(client, discussion.get_absolute_url())
    replier.display_name = "Renamed Heron"
    request = rf.post("/admin/")
    request.user = moderator
    with django_capture_on_commit_callbacks(execute=True):
        admin.site._registry[User].save_model(request, replier, None, True)
    assert "Renamed Heron" in page(client, discussion.get_absolute_url())
    client.logout()
    assert "Renamed Heron" in page(client, discussion.get_absolute_url())


def test_cached_pages_are_kept_per_time_zone_and_reading_comfort(client, discussion, shared):
    """Dates and the reading comfort are part of a cached page's key: a visitor in
    Toronto, one who chose the dark theme and one with the defaults each get their own,
    from the cache the second time."""
    from accounts import comfort, zones

    url = discussion.get_absolute_url()
    readers = {
        "toronto": {zones.COOKIE: "America/Toronto"},
        "dark": {comfort.COOKIE: comfort.Comfort(theme="dark").cookie()},
        "defaults": {},
    }
    seen = {}
    for round in range(2):
        for name, cookies in readers.items():
            client.cookies.clear()
            for cookie, value in cookies.items():
                client.cookies[cookie] = value
            response = client.get(url)
            served = response["X-Page-Cache"]
            assert served in (("miss",), ("hit", "front"))[round], (name, round)
            seen[name] = response.content.decode()
    assert "-05:00" in seen["toronto"] and "-05:00" not in seen["defaults"]
    assert 'data-bs-theme="dark"' in seen["dark"]
    assert 'data-bs-theme="dark"' not in seen["defaults"] + seen["toronto"]
