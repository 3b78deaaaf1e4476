"""What a member has read (forum.readstate): "New" and "N new replies" in lists, the link
to the first unread post, the divider before it, and the read state only ever moving
forward. Every test runs with members' shared copies on and off."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Post, ReadState
from moderation import actions
from tests.factories import CommunityFactory, UserFactory, make_thread

DIVIDER = "New since your last visit"


@pytest.fixture(params=["cached", "uncached"], autouse=True)
def page_cache(request, settings):
    settings.PAGE_CACHE_SECONDS = 300 if request.param == "cached" else 0


@pytest.fixture
def reader(db):
    """A member who joined before the discussions below were started."""
    return UserFactory(display_name="Slow Reader", date_joined=timezone.now() - timedelta(days=30))


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def row(page: str, thread) -> str:
    """The list row of one discussion."""
    found = re.search(
        r'<li class="thread-row[^"]*">(?:(?!</li>).)*?' + re.escape(thread.title) + r".*?</li>",
        page,
        re.S,
    )
    assert found, thread.title
    return found.group(0)


def reply(thread, count, author=None):
    posts = []
    for number in range(count):
        writer = author or UserFactory()
        posts.append(services.reply_create(author=writer, thread=thread, body=f"News {number}"))
    return posts


def test_two_replies_after_a_visit_show_as_two_new_replies_everywhere(client, reader, thread):
    client.force_login(reader)
    html(client, thread.get_absolute_url())
    reply(thread, 2)
    for url in ("/", thread.community.get_absolute_url()):
        listed = row(html(client, url), thread)
        assert "2 new replies" in listed, url
        assert reverse("forum:thread_unread", args=[thread.pk]) in listed


def test_the_link_goes_to_the_first_new_post_past_the_divider_then_nothing_is_new(
    client, reader, thread, settings
):
    settings.FORUM_REPLIES_PER_PAGE = 3
    reply(thread, 3)  # posts 2 to 4: the first page of replies
    client.force_login(reader)
    html(client, thread.get_absolute_url())  # read up to post 4
    first_new, _ = reply(thread, 2)  # posts 5 and 6, on page 2

    response = client.get(reverse("forum:thread_unread", args=[thread.pk]))
    assert response.status_code == 302
    assert response["Location"] == first_new.get_absolute_url()
    assert response["Location"].endswith("?page=2#post-5")

    page = html(client, response["Location"])
    divider_at = page.index(DIVIDER)
    assert page.index('id="post-1"') < divider_at < page.index('id="post-5"')
    assert page.count(DIVIDER) == 1

    # The last page read: the discussion is read, nowhere "new", no divider again.
    assert ReadState.objects.get(user=reader, thread=thread).last_read_number == 6
    for url in ("/", thread.community.get_absolute_url()):
        assert "new repl" not in row(html(client, url), thread)
    assert DIVIDER not in html(client, response["Location"])
    unread = client.get(reverse("forum:thread_unread", args=[thread.pk]))
    assert unread["Location"].endswith("#post-6")


def test_reading_an_earlier_page_never_moves_the_state_back(client, reader, thread, settings):
    settings.FORUM_REPLIES_PER_PAGE = 2
    reply(thread, 5)
    client.force_login(reader)
    html(client, thread.get_absolute_url() + "?page=3")  # the other tab: the last page
    html(client, thread.get_absolute_url())  # page 1, opened earlier, reloaded
    assert ReadState.objects.get(user=reader, thread=thread).last_read_number == 6


def test_a_discussion_never_opened_is_new_for_members_and_nothing_for_visitors(
    client, reader, thread
):
    client.force_login(reader)
    listed = row(html(client, "/"), thread)
    assert ">New<" in listed
    assert reverse("forum:thread_unread", args=[thread.pk]) in listed
    client.logout()
    listed = row(html(client, "/"), thread)
    assert ">New<" not in listed and "new repl" not in listed
    assert f'href="{thread.get_absolute_url()}"' in listed
    assert not ReadState.objects.exists()


def test_discussions_older_than_the_member_are_not_new_to_them(client, thread):
    newcomer = UserFactory(date_joined=timezone.now() + timedelta(minutes=1))
    client.force_login(newcomer)
    assert ">New<" not in row(html(client, "/"), thread)


def test_hidden_and_held_replies_are_not_counted(client, reader, thread, moderator):
    client.force_login(reader)
    html(client, thread.get_absolute_url())
    kept, removed = reply(thread, 2)
    actions.post_hide(moderator=moderator, post=removed, reason="spam")
    Post.objects.filter(pk=kept.pk).update(is_awaiting_review=True)
    services.reply_create(author=UserFactory(), thread=thread, body="Seen by all")
    listed = row(html(client, "/"), thread)
    assert "1 new reply" in listed


def test_a_page_with_nothing_new_writes_nothing(client, reader, thread):
    client.force_login(reader)
    html(client, thread.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        html(client, thread.get_absolute_url())
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert [sql for sql in writes if "forum_readstate" in sql] == []


def test_the_list_marks_cost_one_query_whatever_the_number_of_discussions(client, reader):
    def community_page_queries(count: int) -> int:
        community = CommunityFactory()
        threads = [make_thread(community=community, title=f"Q{n}") for n in range(count)]
        for thread in threads:
            html(client, thread.get_absolute_url())
            reply(thread, 2)
        html(client, community.get_absolute_url())  # the shared copy made
        with CaptureQueriesContext(connection) as queries:
            page = html(client, community.get_absolute_url())
        assert page.count("2 new replies") == count
        return len(queries)

    client.force_login(reader)
    assert community_page_queries(3) == community_page_queries(8)


def test_read_state_is_in_the_export_and_gone_at_erasure(client, reader, thread):
    client.force_login(reader)
    html(client, thread.get_absolute_url())
    client.post(reverse("account_reauthenticate"), {"password": "a-long-test-password"})
    data = json.loads(client.post(reverse("accounts:export")).content)
    assert data["discussions_read"][0]["discussion"] == thread.title
    assert data["discussions_read"][0]["read_up_to_post"] == 1
    client.post(reverse("accounts:erase"), {"posts": "keep", "password": "a-long-test-password"})
    assert not ReadState.objects.exists()


def test_the_unread_link_answers_as_the_discussion_does(client, reader, thread):
    hidden = make_thread(community=thread.community, is_hidden=True)
    client.force_login(reader)
    assert client.get(reverse("forum:thread_unread", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("forum:thread_unread", args=[999999])).status_code == 404
    assert client.post(reverse("forum:thread_unread", args=[thread.pk])).status_code == 405
    client.logout()
    response = client.get(reverse("forum:thread_unread", args=[thread.pk]))
    assert response["Location"] == thread.get_absolute_url()
