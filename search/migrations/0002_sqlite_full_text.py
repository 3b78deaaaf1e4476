"""The FTS5 index and its triggers on SQLite (search.sqlite_fts); nothing on PostgreSQL,
which has its own vectors (0001)."""

from django.db import migrations

from search import sqlite_fts


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    sqlite_fts.install(schema_editor.connection)
    sqlite_fts.refresh(schema_editor.connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    sqlite_fts.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_post_search_vector"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
