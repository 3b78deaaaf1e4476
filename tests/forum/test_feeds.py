"""Atom feeds: parsed as XML, holding only what a visitor may read, the same sanitised
HTML as the pages, found from the pages, and up to date after a write."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from forum import services
from forum.models import Community, Post
from moderation import actions
from tests.factories import UserFactory, make_thread

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        assert entry.find(f"{ATOM}author/{ATOM}name") is not None
    return root, entries


def titles(entries):
    return [entry.find(f"{ATOM}title").text for entry in entries]


@pytest.fixture
def private(db):
    return Community.objects.create(name="Members only", slug="members-only", is_public=False)


def test_a_communitys_feed_lists_its_new_discussions_for_visitors_only(
    client, community, member, moderator
):
    shown = make_thread(community=community, title="Cold hands in winter")
    hidden = make_thread(community=community, title="Spam offer")
    held = make_thread(community=community, title="Waiting for review", is_awaiting_review=True)
    actions.thread_hide(moderator=moderator, thread=hidden, reason="spam")
    client.force_login(member)  # a member gets the visitors' feed too
    root, entries = parse(client, reverse("forum:community_feed", args=[community.slug]))
    assert titles(entries) == [shown.title]
    assert held.title not in ET.tostring(root, encoding="unicode")
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(reverse("forum:post", args=[shown.posts.get().pk]))


def test_a_discussions_feed_has_its_visible_replies_as_sanitised_html(client, thread, moderator):
    services.reply_create(author=UserFactory(), thread=thread, body="**Rest** <script>x</script>")
    removed = services.reply_create(author=UserFactory(), thread=thread, body="Buy pills")
    actions.post_hide(moderator=moderator, post=removed, reason="spam")
    _, entries = parse(client, reverse("forum:thread_feed", args=[thread.pk]))
    assert len(entries) == 1
    summary = entries[0].find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == Post.objects.get(number=2, thread=thread).body_html
    assert "<strong>Rest</strong>" in summary.text and "<script" not in summary.text


def test_the_expert_answers_feed(client, thread, clinician, private):
    answer = services.reply_create(
        author=clinician, thread=thread, body="Trials are early.", expert=True
    )
    services.reply_create(author=UserFactory(), thread=thread, body="Not an expert")
    inside = make_thread(community=private)
    services.reply_create(author=clinician, thread=inside, body="Private answer", expert=True)
    _, entries = parse(client, reverse("forum:expert_feed"))
    assert titles(entries) == [f"Expert answer: {thread.title}"]
    assert entries[0].find(f"{ATOM}id").text.endswith(reverse("forum:post", args=[answer.pk]))


def test_private_and_hidden_things_have_no_feed(client, private, member, community):
    inside = make_thread(community=private)
    hidden = make_thread(community=community, is_hidden=True)
    client.force_login(member)
    assert client.get(reverse("forum:community_feed", args=[private.slug])).status_code == 404
    assert client.get(reverse("forum:thread_feed", args=[inside.pk])).status_code == 404
    assert client.get(reverse("forum:thread_feed", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("forum:community_feed", args=["nope"])).status_code == 404
    page = client.get(private.get_absolute_url()).content.decode()
    assert "application/atom+xml" not in page


def test_the_pages_announce_their_feeds(client, thread):
    pages = {
        "/": reverse("forum:expert_feed"),
        thread.community.get_absolute_url(): reverse(
            "forum:community_feed", args=[thread.community.slug]
        ),
        thread.get_absolute_url(): reverse("forum:thread_feed", args=[thread.pk]),
    }
    for page_url, feed_url in pages.items():
        page = client.get(page_url).content.decode()
        assert '<link rel="alternate" type="application/atom+xml"' in page, page_url
        assert f'href="{feed_url}"' in page, page_url


def test_a_feed_is_cached_and_follows_every_write(
    client, thread, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    url = reverse("forum:thread_feed", args=[thread.pk])
    assert parse(client, url)[1] == []
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(author=UserFactory(), thread=thread, body="First reply")
    assert len(parse(client, url)[1]) == 1


def test_a_feed_costs_no_query_once_cached(client, thread, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 300
    url = reverse("forum:community_feed", args=[thread.community.slug])
    parse(client, url)
    with django_assert_max_num_queries(1):  # the community, for its slug
        parse(client, url)
