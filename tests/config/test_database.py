"""Database connection settings that the benchmarks showed to matter."""

import pytest
from django.db import connection


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_connections_run_without_the_jit_compiler():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
