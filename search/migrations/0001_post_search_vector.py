"""The posts' search vector, its GIN index and the triggers that keep it current.

PostgreSQL only: on SQLite this migration does nothing and the fallback backend searches
the text directly. The SQL lives in search.triggers, shared with `search_reindex`, so
that the command and the migration can never install two different definitions; every
statement there is idempotent (IF NOT EXISTS, CREATE OR REPLACE).
"""

from django.db import migrations

from search import triggers


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    triggers.install(schema_editor.connection, config=triggers.search_config())
    # Posts written before this migration get their vectors now.
    triggers.vectors_refresh(schema_editor.connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0004_moderation_states"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
