"""Full-text search as members meet it, on whichever database runs the suite: the
embedded SQLite (FTS5, search.sqlite_fts) searches as PostgreSQL does, with stemming."""

from django.db import connection

from forum import services
from forum.models import Post, Thread
from search.backends import PostgresBackend, SqliteBackend, backend_for
from tests.factories import UserFactory, make_thread
from tests.search.conftest import found, found_titles


def test_the_database_in_use_has_a_stemming_backend(db):
    assert isinstance(backend_for(connection), PostgresBackend | SqliteBackend)


def test_therapies_finds_gene_therapy(search, community):
    thread = make_thread(community=community, title="Gene therapy", body="Is anyone in a trial?")
    assert found_titles(search("therapies")) == [thread.title]


def test_stemming_finds_other_forms_of_a_word(search, community):
    thread = make_thread(community=community, title="My MS care", body="The treatment worked.")
    assert found_titles(search("treatments")) == [thread.title]
    assert found_titles(search("working treatment")) == [thread.title]


def test_quotes_match_a_phrase_only(search, community):
    phrase = make_thread(community=community, title="Trial news", body="New gene therapy trial.")
    make_thread(community=community, title="Apart", body="A gene test, then therapy.")
    assert found_titles(search('"gene therapy"')) == [phrase.title]
    assert len(found(search("gene therapy"))) == 2


def test_a_minus_excludes_a_word_and_or_accepts_either(search, community):
    tired = make_thread(community=community, title="Tired", body="Fatigue and poor sleep.")
    fog = make_thread(community=community, title="Fog", body="Fatigue and brain fog.")
    pain = make_thread(community=community, title="Pain", body="Nerve pain at night.")
    assert found_titles(search("fatigue -sleep")) == [fog.title]
    assert found_titles(search('fatigue -"brain fog"')) == [tired.title]
    assert set(found_titles(search("sleep or pain"))) == {tired.title, pain.title}


def test_a_title_match_ranks_above_a_body_only_match(search, community):
    titled = make_thread(community=community, title="Fatigue after a relapse", body="Hi.")
    body_only = make_thread(
        community=community,
        title="Questions for my neurologist",
        body="Fatigue, fatigue and more fatigue. Fatigue every afternoon: fatigue.",
    )
    assert found_titles(search("fatigue")) == [titled.title, body_only.title]
    assert found_titles(search("fatigue", sort="newest")) == [
        body_only.title,
        titled.title,
    ]


def test_every_writer_keeps_the_index_current(search, member, thread):
    author = UserFactory()
    Post.objects.bulk_create(
        [Post(thread=thread, author=author, number=n, body=f"Cannabis note {n}.") for n in (10, 11)]
    )
    assert len(found(search("cannabis", discussion=thread.pk))) == 2
    Post.objects.filter(thread=thread, number=10).update(body="Now about acupuncture.")
    assert [post.number for post in found(search("acupuncture"))] == [10]
    assert len(found(search("cannabis", discussion=thread.pk))) == 1
    Thread.objects.filter(pk=thread.pk).update(title="Seeded discussion on yoga")
    assert [post.number for post in found(search("yoga"))] == [1]
    services.post_edit(
        editor=member,
        post=thread.posts.get(number=1),
        body="Biologics?",
        title="Methotrexate or biologics?",
    )
    assert found_titles(search("methotrexate")) == ["Methotrexate or biologics?"]
    Post.objects.filter(thread=thread, number=11).delete()
    assert found(search("cannabis")) == []


def test_the_snippet_marks_the_stemmed_match_and_cannot_be_forged(search, community):
    make_thread(
        community=community,
        title="Starting a new drug",
        body="Side effects of the treatment faded. \ue000forged\ue001 <b>bold</b>",
    )
    page = search("treatments").content.decode()
    assert "<mark>treatment</mark>" in page
    assert "<mark>forged</mark>" not in page
    assert "<b>bold" not in page and "bold" in page


def test_what_is_typed_is_never_read_as_search_syntax(search, community):
    make_thread(community=community, title="Colon care", body="NEAR AND OR NOT body:")
    for text in ["body:x", "NEAR(a b)", '"unbalanced', "a* OR ^b", "-", "(((", "title:NOT"]:
        assert search(text).status_code in (200, 400), text
