from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.search.conftest import found_titles


def test_search_reindex_leaves_search_working_on_either_database(search, thread):
    out = StringIO()
    call_command("search_reindex", stdout=out)
    assert "Reindexed 1 post(s)" in out.getvalue() or "Nothing to do" in out.getvalue()
    assert found_titles(search("gene")) == [thread.title]


def test_search_reindex_refuses_a_batch_size_below_one(db):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("search_reindex", "--batch-size", "0")


def test_search_reindex_rebuilds_a_damaged_sqlite_index(search, thread):
    from django.db import connection

    from search import sqlite_fts

    if connection.vendor != "sqlite":
        assert not sqlite_fts.is_available(connection)
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {sqlite_fts.TABLE}")
    assert found_titles(search("gene")) == []
    out = StringIO()
    call_command("search_reindex", stdout=out)
    assert "Reindexed 1 post(s) in SQLite's FTS5 index" in out.getvalue()
    assert found_titles(search("genes")) == [thread.title]
