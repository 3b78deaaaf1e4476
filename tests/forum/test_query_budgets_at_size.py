"""Query budgets at realistic sizes: a discussion with 200 replies, a community with 500
discussions. The same small numbers as with a handful of rows."""

import pytest
from django.urls import reverse

from forum.models import Community, Post, Thread
from tests.factories import CommunityFactory, UserFactory


@pytest.fixture
def big_discussion(db):
    community = CommunityFactory()
    authors = UserFactory.create_batch(10, profile_is_public=True)
    thread = Thread.objects.create(
        community=community,
        author=authors[0],
        title="Big one",
        slug="big-one",
        reply_count=200,
        last_post_number=201,
    )
    Post.objects.bulk_create(
        [
            Post(thread=thread, author=authors[n % 10], number=n, body="x", body_html="<p>x</p>")
            for n in range(1, 202)
        ]
    )
    Community.objects.filter(pk=community.pk).update(thread_count=1)
    return thread


@pytest.fixture
def big_community(db):
    community = CommunityFactory()
    authors = UserFactory.create_batch(10, profile_is_public=True)
    threads = Thread.objects.bulk_create(
        [
            Thread(
                community=community,
                author=authors[n % 10],
                title=f"Discussion {n}",
                slug=f"discussion-{n}",
                last_post_number=1,
            )
            for n in range(500)
        ]
    )
    Post.objects.bulk_create(
        [Post(thread=t, author=t.author, number=1, body="x", body_html="<p>x</p>") for t in threads]
    )
    Community.objects.filter(pk=community.pk).update(thread_count=500)
    return Community.objects.get(pk=community.pk)


@pytest.mark.parametrize("page", [1, 5, 10])
def test_a_200_reply_discussion_page_has_a_fixed_budget(
    client, big_discussion, page, django_assert_max_num_queries
):
    # The first reader renders the posts (and fetches their text); later readers get
    # the rendered posts and the sidebar from the cache.
    with django_assert_max_num_queries(6):
        first = client.get(big_discussion.get_absolute_url(), {"page": page})
    with django_assert_max_num_queries(4):
        later = client.get(big_discussion.get_absolute_url(), {"page": page})
    assert first.status_code == later.status_code == 200
    assert first.content.decode().count('class="post"') + 1 >= 20
    assert later.content == first.content


def test_a_signed_in_member_reads_a_200_reply_page_within_budget(
    client, big_discussion, member, django_assert_max_num_queries
):
    client.force_login(member)
    client.get("/")
    # Session, member, discussion, opening post, page of replies, the member's thanks and
    # follow state, whether their email is confirmed; the first reader of the page also
    # fetches the posts' text to render them, and the sidebar.
    with django_assert_max_num_queries(9):
        assert client.get(big_discussion.get_absolute_url(), {"page": 10}).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(big_discussion.get_absolute_url(), {"page": 10}).status_code == 200


@pytest.mark.parametrize("page", [1, 10, 20])
def test_a_500_discussion_community_page_has_a_fixed_budget(
    client, big_community, page, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get(big_community.get_absolute_url(), {"page": page})
    assert response.status_code == 200


def test_home_search_profile_and_notifications_have_fixed_budgets(
    client, big_community, member, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(reverse("search:search"), {"q": "Discussion"}).status_code == 200
    author = Thread.objects.filter(community=big_community).first().author
    with django_assert_max_num_queries(4):
        assert client.get(author.get_absolute_url()).status_code == 200
    client.force_login(member)
    client.get("/")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("notifications:list")).status_code == 200


@pytest.mark.parametrize("page", [1, 10])
def test_members_read_a_200_reply_page_from_its_shared_copy_in_three_queries(
    client,
    big_discussion,
    member,
    other_member,
    page,
    settings,
    django_assert_max_num_queries,
):
    settings.PAGE_CACHE_SECONDS = 300
    client.force_login(other_member)
    client.get(big_discussion.get_absolute_url(), {"page": page})  # makes the shared copy
    client.force_login(member)
    client.get("/")  # the session's first request checks the member's consent once
    # Session, member, the member's thanks, follow, read state, held posts and
    # confirmation, and on this first visit the write of how far they read.
    with django_assert_max_num_queries(4):
        response = client.get(big_discussion.get_absolute_url(), {"page": page})
    assert response.status_code == 200
    assert response.content.decode().count('<article class="post') >= 20
    # Read again: nothing new, nothing written.
    with django_assert_max_num_queries(3):
        client.get(big_discussion.get_absolute_url(), {"page": page})
