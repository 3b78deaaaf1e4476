"""Statements PostgreSQL parses and plans once per connection (PREPARE, then EXECUTE).

A member's page asks the same few questions on every request: who they are, and what of
theirs is on the page (thanks, saved posts, follow level, read position…, one UNION).
For that UNION PostgreSQL spends several times longer parsing and planning than running
it (about 0.5 ms of 0.65 ms on the benchmark's discussion page); prepared, it costs
0.15 ms. Each distinct statement is prepared on a connection the first time it runs
there, under a name derived from its text, then executed by name.

Statements are written as for a Django cursor (`%s` placeholders, no literal `%` or
`$`); on other databases (SQLite) they simply run. A prepared statement lives as long as
its connection (a rollback does not undo it); a new connection prepares again. Not for a
connection pooler in transaction mode (PgBouncer's default), which would send EXECUTE to
a connection that never saw the PREPARE: the deploy guide runs none.
"""

import hashlib
import re
import weakref

PLACEHOLDER = re.compile(r"%s")

# Per raw database connection: the names of the statements prepared on it.
_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def in_list(cursor, column: str, values: list) -> tuple[str, list]:
    """`column IN (…)` and its parameters: on PostgreSQL one array parameter
    (`column = ANY(%s)`), so that a statement's text, and its prepared plan, does not
    change with the number of values, and fewer literals travel each time."""
    if cursor.db.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _numbered(sql: str, params: list) -> tuple[str, list]:
    """`%s` placeholders as PostgreSQL's `$1`, `$2`…, and the values to send: a list
    passed several times as the same object (a page's ids from `in_list`, asked in each
    part of a UNION) is one parameter, sent once. (Lists only: two equal small numbers
    are often one object in Python, and may stand for columns of different types.)"""
    numbers, values = [], []
    shared: dict[int, int] = {}
    for value in params:
        if isinstance(value, list) and id(value) in shared:
            numbers.append(shared[id(value)])
            continue
        values.append(value)
        numbers.append(len(values))
        if isinstance(value, list):
            shared[id(value)] = len(values)
    order = iter(numbers)
    return PLACEHOLDER.sub(lambda _: f"${next(order)}", sql), values


def execute(cursor, sql: str, params: list) -> None:
    """Run `sql` with `params` on a Django cursor, prepared once per connection on
    PostgreSQL."""
    wrapper = cursor.db
    if wrapper.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    numbered, values = _numbered(sql, params)
    name = "pf_" + hashlib.blake2b(numbered.encode(), digest_size=8).hexdigest()
    raw = wrapper.connection
    done = _prepared.get(raw)
    if done is None:
        done = _prepared[raw] = set()
    marks = ", ".join(["%s"] * len(values))
    run = f"EXECUTE {name}({marks})" if values else f"EXECUTE {name}"
    if name not in done:
        # Sent together: one round trip, and one query as Django counts them.
        run = f"PREPARE {name} AS {numbered}; {run}"
    cursor.execute(run, values)
    done.add(name)
