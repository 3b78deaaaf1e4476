"""The fallback search (SQLite), called directly: tested on both databases."""

import pytest

from forum import services
from forum.models import Post
from search.backends import Criteria, FallbackBackend
from search.query import parse
from search.snippets import Part, snippet_from_text
from tests.factories import UserFactory, make_thread


def fallback(text, **criteria):
    criteria = Criteria(text=text, **criteria)
    backend = FallbackBackend()
    posts = backend.matching(Post.objects.all(), criteria).annotate(rank=backend.rank(criteria))
    order = ("-created_at", "-id") if criteria.newest_first else ("-rank", "-created_at", "-id")
    return [(post.thread.title, post.number) for post in posts.order_by(*order)]


@pytest.fixture
def posts(community):
    tired = make_thread(community=community, title="Tired", body="Fatigue and poor sleep.")
    services.reply_create(author=UserFactory(), thread=tired, body="Gene therapy? Not yet.")
    make_thread(community=community, title="Fog", body="Fatigue and brain fog.")
    make_thread(community=community, title="Gene therapy news", body="A trial opens.")
    make_thread(community=community, title="Pain", body="Nerve pain at night; gene test.")


def test_every_word_must_appear_in_the_text_or_the_opening_posts_title(posts):
    assert fallback("FATIGUE fog") == [("Fog", 1)]
    assert fallback("trial gene") == [("Gene therapy news", 1)]
    # A reply does not inherit its discussion's title.
    assert fallback("tired") == [("Tired", 1)]


def test_quotes_match_a_phrase_and_a_minus_leaves_out(posts):
    assert fallback('"gene therapy"') == [("Gene therapy news", 1), ("Tired", 2)]
    assert fallback("gene -therapy") == [("Pain", 1)]
    assert fallback('fatigue -"brain fog"') == [("Tired", 1)]


def test_or_accepts_either_side(posts):
    assert set(fallback("sleep or nerve")) == {("Tired", 1), ("Pain", 1)}
    assert set(fallback("fog or trial -opens")) == {("Fog", 1)}


def test_title_matches_come_first_then_the_newest(posts):
    assert fallback("gene") == [("Gene therapy news", 1), ("Pain", 1), ("Tired", 2)]
    assert fallback("gene", newest_first=True) == [
        ("Pain", 1),
        ("Gene therapy news", 1),
        ("Tired", 2),
    ]


def test_a_snippet_is_a_window_around_the_first_match_with_every_match_marked():
    text = "Intro words. " * 40 + "My **Fatigue** is worse;\n\nfatigue again. " + "Tail. " * 80
    parts = snippet_from_text(text, parse("fatigue").highlight_pattern())
    assert parts[0] == Part("… ", False)
    assert parts[-1] == Part(" …", False)
    assert [part.text for part in parts if part.is_match] == ["Fatigue", "fatigue"]
    assert "My Fatigue is worse; fatigue again." in "".join(part.text for part in parts)
    assert sum(len(part.text) for part in parts) < 300


def test_a_snippet_without_a_match_in_the_text_is_its_beginning():
    assert snippet_from_text("Short text.", parse("title").highlight_pattern()) == [
        Part("Short text.", False)
    ]
    assert snippet_from_text("Short text.", None) == [Part("Short text.", False)]
