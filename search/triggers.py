"""The stored search document of each post on PostgreSQL, kept current by triggers.

Every post row carries `search_vector`: the discussion title (weight A) and the body
(weight B) for an opening post, the body alone (weight B) for a reply. A GIN index on it
answers `@@` without reading the posts.

Why database triggers rather than Python:

- The title lives on forum_thread and the body on forum_post, so a `GeneratedField`
  cannot hold both: generated columns may only read their own row.
- Keeping the vector in `forum.services` would miss every writer that bypasses it:
  `QuerySet.update()` (the erasure path rewrites bodies that way), `bulk_create`,
  `loaddata` for the demo, a future seeding command for benchmarks, raw SQL. A trigger
  runs for all of them, inside the same transaction as the write.
- The forum app never has to know that search exists: imports keep going one way.

The cost is logic Django's migration autodetector does not see, so it is written down
here and installed by this app's migration. Two consequences to remember:

- The text search configuration (`SEARCH_CONFIG`) is written into the SQL function, so
  that a trigger does not depend on the settings of whoever writes. Changing the setting
  needs `manage.py search_reindex`, which replaces the function and recomputes vectors.
- PostgreSQL refuses to change the type of a column named in a trigger's `UPDATE OF`
  list (forum_post.body, forum_thread.title); such a forum migration must drop and
  re-create the triggers around it (`uninstall` / `install`).

SQLite has none of this: the fallback backend searches the text directly.
"""

import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, transaction

DEFAULT_CONFIG = "english"
# A text search configuration is an identifier, optionally schema-qualified; checked
# before it is written into SQL.
CONFIG_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")


def search_config() -> str:
    """The configured text search configuration name (settings.SEARCH_CONFIG)."""
    config = getattr(settings, "SEARCH_CONFIG", DEFAULT_CONFIG)
    if not isinstance(config, str) or not CONFIG_NAME.match(config):
        raise ImproperlyConfigured(
            f"SEARCH_CONFIG must name a PostgreSQL text search configuration such as "
            f"'english' or 'simple', got {config!r}."
        )
    return config


def _document_function_sql(config: str) -> str:
    # Replies pass a NULL title: the empty vector it gives adds nothing.
    return f"""
CREATE OR REPLACE FUNCTION search_post_document(title text, body text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('{config}'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('{config}'::regconfig, coalesce(body, '')), 'B')
$$;
"""


TRIGGERS_SQL = """
CREATE OR REPLACE FUNCTION search_post_vector_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    thread_title text;
BEGIN
    -- Django's save() without update_fields rewrites every column: skip the work
    -- when the text did not change.
    IF TG_OP = 'UPDATE' AND NEW.body IS NOT DISTINCT FROM OLD.body THEN
        RETURN NEW;
    END IF;
    IF NEW.number = 1 THEN
        SELECT title INTO thread_title FROM forum_thread WHERE id = NEW.thread_id;
    END IF;
    NEW.search_vector := search_post_document(thread_title, NEW.body);
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION search_thread_title_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Setting search_vector alone does not fire the post trigger (UPDATE OF body).
    UPDATE forum_post
       SET search_vector = search_post_document(NEW.title, body)
     WHERE thread_id = NEW.id AND number = 1;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS search_post_vector ON forum_post;
CREATE TRIGGER search_post_vector
    BEFORE INSERT OR UPDATE OF body ON forum_post
    FOR EACH ROW EXECUTE FUNCTION search_post_vector_refresh();

DROP TRIGGER IF EXISTS search_thread_title ON forum_thread;
CREATE TRIGGER search_thread_title
    AFTER UPDATE OF title ON forum_thread
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title)
    EXECUTE FUNCTION search_thread_title_refresh();
"""

COLUMN_SQL = """
ALTER TABLE forum_post ADD COLUMN IF NOT EXISTS search_vector tsvector;
CREATE INDEX IF NOT EXISTS post_search_vector ON forum_post USING gin (search_vector);
"""

UNINSTALL_SQL = """
DROP TRIGGER IF EXISTS search_thread_title ON forum_thread;
DROP TRIGGER IF EXISTS search_post_vector ON forum_post;
DROP FUNCTION IF EXISTS search_thread_title_refresh();
DROP FUNCTION IF EXISTS search_post_vector_refresh();
DROP FUNCTION IF EXISTS search_post_document(text, text);
DROP INDEX IF EXISTS post_search_vector;
ALTER TABLE forum_post DROP COLUMN IF EXISTS search_vector;
"""

REFRESH_RANGE_SQL = """
UPDATE forum_post AS post
   SET search_vector = search_post_document(
           CASE WHEN post.number = 1 THEN thread.title END, post.body)
  FROM forum_thread AS thread
 WHERE thread.id = post.thread_id AND post.id >= %s AND post.id < %s
"""


def check_config(connection, config: str) -> None:
    """Fail with a clear message if PostgreSQL does not know the configuration."""
    try:
        # A savepoint: the failed cast must not abort the caller's transaction.
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("SELECT %s::regconfig", [config])
    except DatabaseError:
        raise ImproperlyConfigured(
            f"PostgreSQL has no text search configuration {config!r} (see \\dF in "
            "psql); set SEARCH_CONFIG to one it has."
        ) from None


def install(connection, *, config: str) -> None:
    """Create the column and index if missing; (re)create the functions and triggers."""
    check_config(connection, config)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # ALTER TABLE, even one with nothing to do, is refused in a transaction that
        # still has deferred constraint checks pending: skip it if the column is there.
        cursor.execute(
            "SELECT 1 FROM pg_attribute WHERE attrelid = 'forum_post'::regclass"
            " AND attname = 'search_vector' AND NOT attisdropped"
        )
        if cursor.fetchone() is None:
            cursor.execute(COLUMN_SQL)
        cursor.execute(_document_function_sql(config))
        cursor.execute(TRIGGERS_SQL)


def uninstall(connection) -> None:
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(UNINSTALL_SQL)


def vectors_refresh(connection, *, batch_size: int = 5000, progress=None) -> int:
    """Recompute every post's vector, one id range per transaction so that a large table
    is never locked as a whole. Returns the number of posts updated. `progress(done,
    total)` hears of each range of ids done."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM forum_post")
        low, high = cursor.fetchone()
    if low is None:
        return 0
    updated = 0
    for start in range(low, high + 1, batch_size):
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(REFRESH_RANGE_SQL, [start, start + batch_size])
            updated += cursor.rowcount
        if progress:
            progress(min(start + batch_size, high + 1) - low, high + 1 - low)
    return updated
