"""Held and hidden posts cannot be read, nor even detected, through any URL that takes a
post or discussion id: each answers as it does for an id that does not exist.

The URLs are found by walking the URL configuration, so that a view added later is
checked without anyone remembering to list it here."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from forum import services
from forum.models import Post, Thread
from tests.factories import UserFactory

HELD_TEXT = "Held words only the author and moderators may read"
MISSING = 987654


def _routes(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def _id_routes(kind):
    """Every route whose `pk` is a post's (kind="posts") or a discussion's."""
    return sorted(route for route, _ in _routes() if f"{kind}/<int:pk>/" in route)


def _url(route, pk):
    path = route.replace("<int:pk>", str(pk))
    path = path.replace("<slug:slug>", "some-slug").replace("<slug:action>", "hide")
    return "/" + path


@pytest.fixture
def newcomer(db):
    return UserFactory(display_name="Shy Newcomer")


@pytest.fixture
def held_reply(newcomer, thread, settings):
    settings.MODERATION_REVIEW_FIRST_POSTS = 1
    post = services.reply_create(author=newcomer, thread=thread, body=HELD_TEXT)
    assert post.is_awaiting_review
    return post


@pytest.fixture
def hidden_reply(thread, other_member):
    post = services.reply_create(author=other_member, thread=thread, body=HELD_TEXT)
    Post.objects.filter(pk=post.pk).update(is_hidden=True)
    return post


@pytest.fixture
def held_thread(newcomer, community, settings):
    settings.MODERATION_REVIEW_FIRST_POSTS = 1
    thread = services.thread_create(
        author=newcomer,
        community=community,
        title="A held first discussion",
        body=HELD_TEXT,
    )
    assert Thread.objects.get(pk=thread.pk).is_awaiting_review
    return thread


def test_the_walk_finds_the_urls_that_take_ids():
    posts = _id_routes("posts")
    discussions = _id_routes("discussions")
    assert any("report" in route for route in posts)
    assert any("thanks" in route for route in posts)
    assert any("edit" in route for route in posts)
    assert any("follow" in route for route in discussions)
    assert any("replies" in route for route in discussions)


def _answers(client, url):
    return [client.get(url), client.post(url, {"body": "x", "reason": "spam"})]


@pytest.mark.parametrize("which", ["held_reply", "hidden_reply"])
@pytest.mark.parametrize("route", _id_routes("posts"))
def test_a_held_or_hidden_post_answers_like_a_missing_one(client, member, request, which, route):
    post = request.getfixturevalue(which)
    client.force_login(member)  # the discussion's author: not the post's, no moderator
    for seen, missing in zip(
        _answers(client, _url(route, post.pk)),
        _answers(client, _url(route, MISSING)),
        strict=True,
    ):
        assert seen.status_code == missing.status_code, route
        assert seen.status_code in (403, 404, 405)
        page = seen.content.decode()
        assert HELD_TEXT not in page
        assert "Shy Newcomer" not in page
    assert Post.objects.get(pk=post.pk).is_hidden == (which == "hidden_reply")


@pytest.mark.parametrize("route", _id_routes("discussions"))
def test_a_held_discussion_answers_like_a_missing_one(client, member, held_thread, route):
    client.force_login(member)
    for seen, missing in zip(
        _answers(client, _url(route, held_thread.pk)),
        _answers(client, _url(route, MISSING)),
        strict=True,
    ):
        assert seen.status_code == missing.status_code, route
        page = seen.content.decode()
        assert HELD_TEXT not in page
        assert "A held first discussion" not in page


def test_the_report_page_of_a_held_post_is_not_found(client, other_member, held_reply):
    client.force_login(other_member)
    response = client.get(reverse("moderation:report", args=[held_reply.pk]))
    assert response.status_code == 404
    assert HELD_TEXT not in response.content.decode()


def test_the_author_and_moderators_still_reach_a_held_post(client, newcomer, moderator, held_reply):
    client.force_login(newcomer)
    assert client.get(reverse("forum:post_edit", args=[held_reply.pk])).status_code == 200
    client.force_login(moderator)
    response = client.get(reverse("moderation:post_action", args=[held_reply.pk, "approve"]))
    assert response.status_code == 200
