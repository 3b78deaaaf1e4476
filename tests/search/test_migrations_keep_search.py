"""Upgrading an existing database: migrations that rebuild the post table (SQLite adds a
column by rebuilding it) run with the full-text triggers off and put them back, so that
the upgrade succeeds and search keeps finding new posts."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import make_thread


@pytest.mark.django_db(transaction=True)
def test_an_existing_database_migrates_forward_and_search_stays_current(client):
    make_thread(title="A persimmon question", body="Written before the upgrade")
    call_command("migrate", "forum", "0010", verbosity=0)  # the last release's schema
    call_command("migrate", verbosity=0)
    make_thread(title="An unusual kumquat question", body="Kumquats and fatigue")
    page = client.get(reverse("search:search"), {"q": "kumquat"}).content.decode()
    assert "An unusual kumquat question" in page
    page = client.get(reverse("search:search"), {"q": "persimmon"}).content.decode()
    assert "A persimmon question" in page
