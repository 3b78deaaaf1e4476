"""Visitors' pages come from the cache until a write that affects them."""

import pytest

from forum import members, services
from moderation import actions
from tests.cache_support import stored_keys
from tests.factories import CommunityFactory, UserFactory


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 300


def visit(client, url):
    """Which cache answered ("hit": the page cache; answered before the middleware, for a
    request with no cookie, counts as one), and the page."""
    response = client.get(url)
    assert response.status_code == 200
    served = response.get("X-Page-Cache")
    return ("hit" if served == "front" else served), response.content.decode()


def test_a_visitors_second_view_is_served_from_the_cache_without_queries(
    client, thread, cached, django_assert_num_queries
):
    assert visit(client, thread.get_absolute_url())[0] == "miss"
    with django_assert_num_queries(0):
        assert visit(client, thread.get_absolute_url())[0] == "hit"


def test_members_are_never_served_cached_pages(client, thread, member, cached):
    visit(client, thread.get_absolute_url())
    client.force_login(member)
    state, html = visit(client, thread.get_absolute_url())
    assert state is None and 'name="body"' in html


@pytest.mark.parametrize(
    "write",
    [
        lambda t, m: services.reply_create(author=UserFactory(), thread=t, body="A new reply"),
        lambda t, m: services.post_edit(
            editor=t.author, post=t.posts.get(number=1), body="A new reply"
        ),
        lambda t, m: actions.post_hide(
            moderator=m,
            post=services.reply_create(author=UserFactory(), thread=t, body="A new reply"),
        ),
        lambda t, m: actions.thread_lock(moderator=m, thread=t, locked=True),
        lambda t, m: actions.thread_move(
            moderator=m, thread=t, community=CommunityFactory(name="Elsewhere")
        ),
    ],
    ids=["reply", "edit", "hide", "lock", "move"],
)
def test_every_write_invalidates_the_pages_that_show_it(
    client, thread, moderator, cached, write, django_capture_on_commit_callbacks
):
    community_url = thread.community.get_absolute_url()
    for url in ["/", community_url, thread.get_absolute_url()]:
        visit(client, url)
        assert visit(client, url)[0] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        write(thread, moderator)
    for url in ["/", community_url, thread.get_absolute_url()]:
        assert visit(client, url)[0] == "miss", url


def test_a_new_reply_shows_at_once_to_visitors(
    client, thread, cached, django_capture_on_commit_callbacks
):
    visit(client, thread.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(author=UserFactory(), thread=thread, body="Fresh words")
    assert "Fresh words" in visit(client, thread.get_absolute_url())[1]


def test_a_renamed_member_is_renamed_on_every_cached_page(
    client, thread, member, cached, django_capture_on_commit_callbacks
):
    visit(client, thread.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        members.member_profile_update(
            user=member, display_name="Renamed One", bio="", profile_is_public=True, communities=[]
        )
    assert "Renamed One" in visit(client, thread.get_absolute_url())[1]


def test_pages_with_a_one_off_message_are_not_cached(client, thread, cached):
    client.cookies["messages"] = "something"
    assert client.get(thread.get_absolute_url()).get("X-Page-Cache") is None


@pytest.mark.parametrize(
    "write",
    [
        lambda t, m: services.reply_create(author=t.author, thread=t, body="Another reply"),
        lambda t, m: actions.post_hide(moderator=m, post=t.posts.get(number=1)),
        lambda t, m: members.member_profile_update(
            user=t.author,
            display_name="Harbour Swift",
            bio="New bio",
            profile_is_public=True,
            communities=[],
        ),
    ],
    ids=["new post", "hidden post", "profile edited"],
)
def test_a_profile_is_cached_for_visitors_until_the_member_changes_it(
    client, thread, moderator, cached, write, django_capture_on_commit_callbacks
):
    url = thread.author.get_absolute_url()
    assert visit(client, url)[0] == "miss"
    assert visit(client, url)[0] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        write(thread, moderator)
    assert visit(client, url)[0] == "miss"


def test_a_private_profile_is_never_cached(client, member, cached):
    member.profile_is_public = False
    member.save()
    assert client.get(member.get_absolute_url()).status_code == 403
    assert client.get(member.get_absolute_url()).get("X-Page-Cache") is None


@pytest.mark.parametrize(
    "write",
    [
        lambda t, m: services.reply_create(author=UserFactory(), thread=t, body="A new reply"),
        lambda t, m: services.thread_create(
            author=UserFactory(),
            community=t.community,
            title="A brand new question",
            body="Anyone?",
        ),
        lambda t, m: actions.thread_hide(moderator=m, thread=t),
        lambda t, m: services.post_edit(
            editor=t.author, post=t.posts.get(number=1), body="Edited", title="A renamed question"
        ),
    ],
    ids=["reply", "new discussion", "hidden discussion", "renamed"],
)
def test_members_lists_are_shared_but_never_stale(
    client,
    thread,
    member,
    other_member,
    moderator,
    cached,
    write,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    """Home and community lists are rendered once for all members, until a write."""
    urls = ["/", thread.community.get_absolute_url()]
    client.force_login(member)
    for url in urls:
        client.get(url)
    client.force_login(other_member)
    client.get("/search/")  # a session's first request checks consent, counts unread
    before = {}
    for url in urls:
        # Another member: the session, the member, the community and whether the member
        # may start a discussion; the lists come from the shared fragment.
        with django_assert_max_num_queries(4):
            before[url] = main(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        write(thread, moderator)
    for url in urls:
        assert main(client.get(url)) != before[url], url


def main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_members_and_visitors_do_not_share_lists(client, member, cached):
    from tests.factories import make_thread

    private = CommunityFactory(name="Members only", slug="members-only", is_public=False)
    make_thread(community=private, title="A members-only question")
    client.force_login(member)
    assert "A members-only question" in client.get("/").content.decode()
    client.logout()
    assert "A members-only question" not in client.get("/").content.decode()


def test_parameters_a_page_does_not_read_store_no_other_copy(client, thread, cached):
    url = thread.get_absolute_url()
    assert visit(client, url + "?utm_source=a1b2c3")[0] == "miss"
    status, page = visit(client, url + "?utm_source=zz9&ref=x")
    assert status == "hit"
    assert "utm_source" not in page and "a1b2c3" not in page
    # A parameter the page reads still makes its own copy.
    assert visit(client, url + "?page=1")[0] == "miss"


def test_members_shared_copies_ignore_unread_parameters(client, thread, member, cached):

    client.force_login(member)
    client.get(thread.get_absolute_url())
    before = len(stored_keys())
    for n in range(5):
        page = client.get(thread.get_absolute_url() + f"?utm={n}x").content.decode()
        assert f"utm={n}x" not in page
    assert len(stored_keys()) == before


def test_search_words_never_sit_in_a_cache_key(client, thread, cached):

    client.get("/search/?q=gene+therapy")
    assert stored_keys(), "the search was cached"
    assert not any("therapy" in key for key in stored_keys())
