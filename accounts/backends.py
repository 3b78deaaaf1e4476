"""Authentication backends: Django's and allauth's, with a cheaper `get_user`.

Every signed-in request loads the member by id. Through the ORM that costs about twice
the query itself (building and compiling the same SELECT each time); here the statement
is built once per connection (and prepared there: config.prepared) and the row turned
into a User with `from_db`, exactly as the ORM would. The read goes where the database
router sends User reads.
"""

import weakref

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends as django_backends
from django.db import connections, router

from accounts.models import User
from config import prepared


def _statement(connection) -> tuple[str, list[str], list]:
    """The SELECT, the attribute names, and per column the database's and the field's
    converters (what the ORM applies to a row: SQLite's datetimes, for instance); made
    once per connection."""
    made = _statements.get(connection)
    if made is None:
        quote = connection.ops.quote_name
        fields = User._meta.concrete_fields
        columns = ", ".join(quote(field.column) for field in fields)
        table = User._meta.db_table
        sql = f"SELECT {columns} FROM {quote(table)} WHERE {quote(User._meta.pk.column)} = %s"
        converters = []
        for field in fields:
            column = field.get_col(table)
            found = connection.ops.get_db_converters(column)
            converters.append((column, found + field.get_db_converters(connection)))
        made = _statements[connection] = (sql, [field.attname for field in fields], converters)
    return made


_statements: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def user_by_id(user_id) -> User | None:
    alias = router.db_for_read(User)
    connection = connections[alias]
    sql, names, converters = _statement(connection)
    with connection.cursor() as cursor:
        prepared.execute(cursor, sql, [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for value, (column, found) in zip(row, converters, strict=True):
        for converter in found:
            value = converter(value, column, connection)
        values.append(value)
    return User.from_db(alias, names, values)


class _FastGetUser:
    def get_user(self, user_id):
        user = user_by_id(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_FastGetUser, django_backends.ModelBackend):
    pass


class AuthenticationBackend(_FastGetUser, allauth_backends.AuthenticationBackend):
    pass
