"""Full-text search on PostgreSQL: the stored vectors, their weights, index and triggers.
What members meet (stemming, operators, ranking, snippets) is tested on both databases
in test_full_text.py."""

from importlib import import_module
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from forum import services
from forum.models import Post, Thread
from search import triggers
from search.backends import Criteria, backend_for
from tests.factories import UserFactory, make_thread
from tests.search.conftest import found, found_titles

pytestmark = pytest.mark.postgres


def vector_of(post) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM forum_post WHERE id = %s", [post.pk])
        return cursor.fetchone()[0]


def test_the_opening_post_holds_the_title_at_weight_a_and_the_text_at_weight_b(thread):
    opening = thread.posts.get(number=1)
    vector = vector_of(opening)
    assert "'autoimmun':4A" in vector  # "Gene therapy for autoimmune disease?"
    assert "'research':8B" in vector
    reply = services.reply_create(author=UserFactory(), thread=thread, body="Autoimmune too.")
    assert vector_of(reply) == "'autoimmun':1B"


def test_editing_a_post_or_a_title_through_the_services_updates_the_results(search, member, thread):
    opening = thread.posts.get(number=1)
    assert found(search("biologics")) == []
    services.post_edit(editor=member, post=opening, body="What about biologics instead?")
    assert found(search("biologics")) == [opening]
    assert found(search("research")) == []
    services.post_edit(
        editor=member,
        post=opening,
        body="Biologics?",
        title="Methotrexate or biologics?",
    )
    assert found_titles(search("methotrexate")) == ["Methotrexate or biologics?"]
    assert found(search("autoimmune")) == []


def test_every_writer_gets_a_vector_bulk_inserts_and_queryset_updates_included(search, thread):
    author = UserFactory()
    Post.objects.bulk_create(
        [
            Post(
                thread=thread,
                author=author,
                number=n,
                body=f"Seeded cannabis note {n}.",
            )
            for n in (10, 11)
        ]
    )
    assert len(found(search("cannabis", discussion=thread.pk))) == 2
    Post.objects.filter(thread=thread, number=10).update(body="Now about acupuncture.")
    assert [post.number for post in found(search("acupuncture"))] == [10]
    Thread.objects.filter(pk=thread.pk).update(title="Seeded discussion on yoga")
    assert [post.number for post in found(search("yoga"))] == [1]


def test_a_body_match_is_marked_in_a_fragment_of_a_long_text(search, community):
    body = "Word " * 500 + "My neurologist suggested ocrelizumab." + " word" * 500
    make_thread(community=community, title="Long story", body=body)
    [result] = search("ocrelizumab").context["results"].items
    text = "".join(part.text for part in result.snippet)
    assert ("ocrelizumab", True) in result.snippet
    assert len(text) < 400


def test_the_gin_index_answers_the_search(thread):
    matched = backend_for(connection).matching(Post.objects.all(), Criteria(text="gene"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = matched.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "post_search_vector" in plan


def test_search_reindex_applies_a_new_configuration_to_stored_vectors(search, settings, community):
    thread = make_thread(community=community, title="Care", body="The treatment worked.")
    settings.SEARCH_CONFIG = "simple"
    out = call_command_output("search_reindex", "--batch-size", "1")
    assert "configuration 'simple'" in out
    assert found(search("treatments")) == []  # "simple" does not stem
    assert found_titles(search("treatment")) == [thread.title]
    settings.SEARCH_CONFIG = "english"
    call_command_output("search_reindex")
    assert found_titles(search("treatments")) == [thread.title]


def test_search_reindex_repairs_vectors_and_refuses_an_unknown_configuration(
    search, settings, thread
):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE forum_post SET search_vector = NULL")
    assert found(search("gene")) == []
    assert "Reindexed 1 post(s)" in call_command_output("search_reindex")
    assert found_titles(search("gene")) == [thread.title]
    for config in ("klingon", "english'; DROP TABLE forum_post; --"):
        settings.SEARCH_CONFIG = config
        with pytest.raises(CommandError, match="SEARCH_CONFIG"):
            call_command("search_reindex")


def test_the_migration_can_be_reversed_and_applied_again(search, thread):
    migration = import_module("search.migrations.0001_post_search_vector")
    with connection.cursor() as cursor:
        # A migration runs in its own transaction; this test's has foreign key checks
        # pending, which PostgreSQL must settle before it alters the table.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        migration.backwards(None, editor)
    with connection.cursor() as cursor:
        columns = [
            c.name for c in connection.introspection.get_table_description(cursor, "forum_post")
        ]
    assert "search_vector" not in columns
    services.reply_create(author=UserFactory(), thread=thread, body="Written meanwhile.")
    with connection.schema_editor() as editor:
        migration.forwards(None, editor)
    assert found_titles(search("meanwhile")) == [thread.title]
    assert found_titles(search("autoimmune")) == [thread.title]


def call_command_output(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_configuration_name_is_checked_before_reaching_sql(settings):
    settings.SEARCH_CONFIG = "pg_catalog.english"
    assert triggers.search_config() == "pg_catalog.english"
