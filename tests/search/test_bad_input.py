"""Whatever is typed or forged into the address, the page answers 200, 400 or 404, never
500, and says what went wrong."""

import pytest

from tests.factories import CommunityFactory, make_thread
from tests.search.conftest import found, found_titles


def test_an_empty_search_shows_the_form_and_a_hint_without_searching(
    search, thread, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):  # the communities of the filter
        response = search()
    assert response.status_code == 200
    assert "Type a word or two" in response.content.decode()
    for empty in ("", "   ", "\t\n"):
        assert found(search(empty, community=thread.community.slug)) == []


@pytest.mark.parametrize("query", ["&|!:*()<>", '""', "- -- or OR", "-fatigue", "!!!"])
def test_a_search_without_words_to_look_for_runs_no_query(
    search, thread, query, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        response = search(query)
    assert response.status_code == 200
    assert "Your search has no words to look for." in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "gene&|!:*()<>",
        "gene & therapy | (autoimmune) <-> !cancer",
        "gene:* therapy:A",
        '"gene therapy',
        'gene" therapy"',
        "gene\\ther'apy",
        "'gene'",
        "gene %_ therapy",
    ],
)
def test_operators_punctuation_and_unbalanced_quotes_are_harmless(search, thread, query):
    response = search(query)
    assert response.status_code == 200
    assert found_titles(response) in ([], [thread.title])


def test_the_discussion_is_still_found_through_stray_operators(search, thread):
    assert found_titles(search("gene&|!:*()<>")) == [thread.title]
    assert found_titles(search('"gene therapy')) == [thread.title]


def test_like_wildcards_are_literal_characters(search, thread):
    assert found(search("%")) == []
    assert found(search("_")) == []


def test_a_very_long_search_is_shortened_with_a_note(search, thread):
    response = search("gene " + "x" * 1995)
    assert response.status_code == 200
    page = response.content.decode()
    assert "only its first 200 characters were used" in page
    assert found(response) == []  # the shortened text still holds the long word
    response = search(("gene " * 400).strip())
    assert found_titles(response) == [thread.title]


@pytest.mark.parametrize(
    ("body", "query"),
    [
        ("Я принимаю витамин D каждый день.", "витамин"),
        ("أعاني من التعب بعد العلاج", "التعب"),
    ],
)
def test_non_latin_words_are_found(search, community, body, query):
    thread = make_thread(community=community, title="Vitamins and tiredness", body=body)
    assert found_titles(search(query)) == [thread.title]


@pytest.mark.parametrize("query", ["遺伝子治療", "疲労 について", "усталость -витамин", "ﷺ 🙂"])
def test_other_scripts_and_symbols_never_fail(search, thread, query):
    make_thread(title="遺伝子治療について", body="疲労がひどいです。")
    assert search(query).status_code == 200


def test_a_nul_character_is_refused_with_400(search, thread):
    response = search("gene\x00therapy")
    assert response.status_code == 400
    assert b"Null characters" in response.content


def test_an_unknown_or_members_only_community_is_a_400_with_a_message(search, thread):
    private = CommunityFactory(is_public=False, slug="carers")
    for slug in ("no-such-community", private.slug, "<script>"):
        response = search("gene", community=slug)
        assert response.status_code == 400
        page = response.content.decode()
        assert "to search in. Choose one from the list." in page
        assert 'value="gene"' in page
        assert "<script>" not in page.split("<main")[1]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2026-13-45"}, "Enter a real date, for example 2026-01-31."),
        ({"date_to": "yesterday"}, "Enter a real date, for example 2026-01-31."),
        ({"date_from": "0001-01-01"}, "Enter a date after 1900."),
        ({"date_to": "9999-12-31"}, "Enter a date before the year 3000."),
        (
            {"date_from": "2026-05-02", "date_to": "2026-05-01"},
            "This date is before the “Posted from” date.",
        ),
        ({"sort": "random()"}, "Sort by best match or by newest first."),
    ],
)
def test_bad_filters_are_a_400_that_keeps_the_text(search, thread, params, message):
    response = search("gene therapy", **params)
    assert response.status_code == 400
    page = response.content.decode()
    assert "We couldn't run your search." in page
    assert message in page
    assert 'value="gene therapy"' in page


def test_a_bad_page_number_is_a_404(search, thread):
    for page in ("0", "-1", "abc", "2", "99999999"):
        assert search("gene", page=page).status_code == 404


def test_only_get_and_head_are_allowed(client, thread):
    assert client.post("/search/", {"q": "gene"}).status_code == 405
    assert client.head("/search/?q=gene").status_code == 200
