"""Each page runs a fixed number of queries, however many rows it shows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import services
from tests.factories import CommunityFactory, UserFactory, make_thread


def count_queries(client, url):
    """Queries for a cold cache: nothing rendered or counted before."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def busy_community(db):
    community = CommunityFactory()
    for i in range(30):
        make_thread(community=community, title=f"Discussion number {i}", replies=i % 3)
    return community


def test_home_page_query_count_is_bounded_and_flat(db, client, django_assert_max_num_queries):
    community = CommunityFactory()
    make_thread(community=community, replies=1)
    few = count_queries(client, "/")
    for _ in range(3):
        more = CommunityFactory()
        for _ in range(5):
            make_thread(community=more, replies=2)
    assert count_queries(client, "/") == few
    with django_assert_max_num_queries(5):
        client.get("/")


def test_community_page_query_count_is_bounded_and_flat(
    client, busy_community, django_assert_max_num_queries
):
    url = busy_community.get_absolute_url()
    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(url, {"page": 2}).status_code == 200


def test_discussion_page_query_count_does_not_grow_with_replies(
    client, member, django_assert_max_num_queries
):
    thread = make_thread(replies=2)
    few = count_queries(client, thread.get_absolute_url())
    authors = [UserFactory() for _ in range(5)]
    for i in range(40):
        services.reply_create(author=authors[i % 5], thread=thread, body=f"Reply @{authors[0]}")
    assert count_queries(client, thread.get_absolute_url()) == few
    with django_assert_max_num_queries(5):
        client.get(thread.get_absolute_url(), {"page": 2})
    client.force_login(member)
    client.get("/")  # the first request of a session checks consent once and saves it
    # Signed in: + session, user, whether the member's email is confirmed, and their
    # follow and thanks state for the page (one query).
    with django_assert_max_num_queries(8):
        client.get(thread.get_absolute_url())


def test_profile_page_query_count_is_bounded(client, member, django_assert_max_num_queries):
    for i in range(8):
        make_thread(author=member, title=f"My question {i}")
    # member, post count, a page of posts, communities followed
    with django_assert_max_num_queries(4):
        assert client.get(member.get_absolute_url()).status_code == 200
    for i in range(30):
        make_thread(author=member, title=f"More questions {i}")
    with django_assert_max_num_queries(4):
        assert client.get(member.get_absolute_url(), {"page": 2}).status_code == 200
