"""Full-text search on SQLite, the embedded default: an FTS5 index kept by triggers.

`make run` should search as production does: "therapies" finds "Gene therapy". SQLite's
FTS5 with the Porter stemmer (English, like PostgreSQL's default configuration) and
accents folded gives the same kind of matching as PostgreSQL's `english` configuration.

`search_post_fts` holds, for each post (rowid = the post's id), the discussion title for
an opening post (NULL for a reply) and the body; the private-use characters that mark
highlights in snippets are removed from the copy, so a post cannot forge one. Triggers
keep it current for every writer (the ORM, `QuerySet.update()`, `bulk_create`,
`loaddata`, raw SQL), as search.triggers does on PostgreSQL, for the same reasons.
"""

from django.db import connections, transaction

TABLE = "search_post_fts"
TOKENIZE = "porter unicode61 remove_diacritics 2"
# What the index holds of a post: its title if it opens a discussion, its text.
_TITLE = (
    "CASE WHEN {row}.number = 1"
    " THEN (SELECT title FROM forum_thread WHERE id = {row}.thread_id) END"
)
_BODY = "replace(replace({row}.body, char(57344), ''), char(57345), '')"

INSTALL_SQL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(title, body, tokenize='{TOKENIZE}')",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_post_insert AFTER INSERT ON forum_post
    BEGIN
        INSERT INTO {TABLE}(rowid, title, body)
        VALUES (new.id, {_TITLE.format(row="new")}, {_BODY.format(row="new")});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_post_update
    AFTER UPDATE OF body, number, thread_id ON forum_post
    BEGIN
        DELETE FROM {TABLE} WHERE rowid = old.id;
        INSERT INTO {TABLE}(rowid, title, body)
        VALUES (new.id, {_TITLE.format(row="new")}, {_BODY.format(row="new")});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_post_delete AFTER DELETE ON forum_post
    BEGIN
        DELETE FROM {TABLE} WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_fts_thread_title
    AFTER UPDATE OF title ON forum_thread WHEN old.title IS NOT new.title
    BEGIN
        UPDATE {TABLE} SET title = new.title
         WHERE rowid IN (SELECT id FROM forum_post WHERE thread_id = new.id AND number = 1);
    END""",
]

UNINSTALL_SQL = [
    "DROP TRIGGER IF EXISTS search_fts_thread_title",
    "DROP TRIGGER IF EXISTS search_fts_post_delete",
    "DROP TRIGGER IF EXISTS search_fts_post_update",
    "DROP TRIGGER IF EXISTS search_fts_post_insert",
    f"DROP TABLE IF EXISTS {TABLE}",
]

REFRESH_SQL = [
    f"DELETE FROM {TABLE}",
    f"""INSERT INTO {TABLE}(rowid, title, body)
        SELECT post.id, {_TITLE.format(row="post")}, {_BODY.format(row="post")}
          FROM forum_post AS post""",
]


def is_available(connection) -> bool:
    """SQLite built with FTS5 (Python's own builds are), and the index installed."""
    if connection.vendor != "sqlite":
        return False
    # Asked once per connection: the answer changes only with a migration.
    known = getattr(connection, "_search_fts_installed", None)
    if known is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE]
            )
            known = connection._search_fts_installed = cursor.fetchone() is not None
    return known


def install(connection) -> None:
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in INSTALL_SQL:
            cursor.execute(statement)
    connection._search_fts_installed = None


def uninstall(connection) -> None:
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in UNINSTALL_SQL:
            cursor.execute(statement)
    connection._search_fts_installed = None


def before_migrate(sender, using, **kwargs) -> None:
    """`pre_migrate`: take the triggers off while migrations run. SQLite adds most
    columns by rebuilding the table, which drops forum_post's own triggers and trips over
    the one on forum_thread that reads forum_post; they are put back afterwards."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in UNINSTALL_SQL:
            if statement.startswith("DROP TRIGGER"):
                cursor.execute(statement)


def after_migrate(sender, using, **kwargs) -> None:
    """`post_migrate`: the triggers back, where the index exists (search 0002 applied)."""
    connection = connections[using]
    connection._search_fts_installed = None
    if not is_available(connection):
        return
    with connection.cursor() as cursor:
        for statement in INSTALL_SQL:
            if statement.startswith("CREATE TRIGGER"):
                cursor.execute(statement)


def refresh(connection) -> int:
    """Rebuild the whole index from the posts; returns the number of posts indexed."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in REFRESH_SQL:
            cursor.execute(statement)
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def match_expression(query) -> str:
    """search.query's reading of what was typed, as an FTS5 query: alternatives joined
    by OR; within one, every wanted word or phrase (AND), then NOT each excluded one.
    Every word is quoted, so nothing typed is read as FTS5 syntax; the tokenizer stems
    quoted words as it stems the text."""
    alternatives = []
    for group in query.groups:
        wanted = [_quoted(term) for term in group if not term.is_excluded]
        if not wanted:
            continue  # only exclusions: nothing to look for in this alternative
        expression = "(" + " AND ".join(wanted) + ")"
        for term in group:
            if term.is_excluded:
                expression += " NOT " + _quoted(term)
        alternatives.append(f"({expression})")
    return " OR ".join(alternatives)


def _quoted(term) -> str:
    if term.is_phrase:
        return '"' + " ".join(term.words) + '"'
    return "(" + " AND ".join(f'"{word}"' for word in term.words) + ")"
