"""Statements prepared once per connection (config.prepared): the same rows as a plain
query, one query each time as Django counts them, and prepared again on a new connection."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from config import prepared
from tests.factories import UserFactory

SQL = "SELECT id, display_name FROM accounts_user WHERE id IN (%s, %s) ORDER BY id"


def run(params):
    with connection.cursor() as cursor:
        prepared.execute(cursor, SQL, params)
        return cursor.fetchall()


def test_a_prepared_statement_answers_as_the_plain_one(db):
    first, second = UserFactory(display_name="First"), UserFactory(display_name="Second")
    with connection.cursor() as cursor:
        cursor.execute(SQL, [first.pk, second.pk])
        plain = cursor.fetchall()
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            assert (
                run([first.pk, second.pk]) == plain == [(first.pk, "First"), (second.pk, "Second")]
            )
        assert len(queries) == 1
    assert run([second.pk, 0]) == [(second.pk, "Second")]  # other values, same statement
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'pf_%%'")
            assert cursor.fetchone()[0] >= 1


def test_a_new_connection_prepares_again(transactional_db):
    member = UserFactory(display_name="Again")
    assert run([member.pk, 0]) == [(member.pk, "Again")]
    connection.close()
    assert run([member.pk, 0]) == [(member.pk, "Again")]


def test_a_list_asked_twice_travels_once_and_numbers_are_never_merged():
    ids = [3, 4]
    sql = "SELECT 1 WHERE a = ANY(%s) AND b = %s AND c = ANY(%s) AND d = %s"
    numbered, values = prepared._numbered(sql, [ids, 5, ids, 5])
    assert numbered == "SELECT 1 WHERE a = ANY($1) AND b = $2 AND c = ANY($1) AND d = $3"
    assert values == [[3, 4], 5, 5]
