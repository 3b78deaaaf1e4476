"""Run by ops/replica_check.sh against a real primary and streaming standby.

Proves, through Django itself: writes go to the primary and reach the replica by
streaming replication; a reading request's queries go to the replica; a member who just
wrote reads from the primary (read-your-writes); the replica refuses writes.
"""

import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from forum import services  # noqa: E402
from forum.models import Community, Thread  # noqa: E402
from tests.factories import UserFactory  # noqa: E402


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def wait_for_replica(pk, seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if Thread.objects.using("replica_1").filter(pk=pk).exists():
            return time.time()
        time.sleep(0.05)
    fail("the replica never received the new discussion")


def main():
    with connections["replica_1"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        if not cursor.fetchone()[0]:
            fail("replica_1 is not a standby")
    print("  ok  replica_1 is a streaming standby")

    community = Community.objects.create(name="Replica drill", slug="replica-drill")
    author = UserFactory(display_name="Replica Author", email="replica@example.org")
    started = time.time()
    thread = services.thread_create(
        author=author, community=community, title="Written on the primary", body="Hello"
    )
    arrived = wait_for_replica(thread.pk)
    print(f"  ok  a write on the primary reached the replica in {arrived - started:.3f}s")

    client = Client(HTTP_HOST="127.0.0.1")
    cache.clear()
    # A page built from the database for this request. (A shared copy for the page cache
    # is built from the primary on purpose: a replica a moment behind the write that
    # bumped the versions would store an older page under the new ones; forum.pagecache.)
    with (
        override_settings(PAGE_CACHE_SECONDS=0),
        CaptureQueriesContext(connections["replica_1"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(thread.get_absolute_url())
    if response.status_code != 200 or b"Written on the primary" not in response.content:
        fail(f"reading the discussion failed: {response.status_code}")
    if not on_replica.captured_queries:
        fail("a reading request sent no query to the replica")
    if on_primary.captured_queries:
        fail(f"a reading request sent {len(on_primary)} queries to the primary")
    print(f"  ok  a visitor's page read from the replica ({len(on_replica)} queries)")

    client.force_login(author)
    response = client.post(
        f"/discussions/{thread.pk}/replies/new/", {"body": "Fresh reply"}, secure=False
    )
    if response.status_code != 302:
        fail(f"replying failed: {response.status_code}")
    with (
        CaptureQueriesContext(connections["replica_1"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(thread.get_absolute_url())
    if b"Fresh reply" not in response.content:
        fail("the author does not see the reply they just posted")
    if on_replica.captured_queries or not on_primary.captured_queries:
        fail("right after writing, the author's reads did not go to the primary")
    print("  ok  right after posting, the author reads from the primary (read-your-writes)")

    try:
        with connections["replica_1"].cursor() as cursor:
            cursor.execute("UPDATE forum_thread SET title = 'x' WHERE id = %s", [thread.pk])
    except Exception as error:  # a standby refuses any write
        print(f"  ok  the replica refuses writes ({type(error).__name__})")
    else:
        fail("the replica accepted a write")
    print("replica drill passed")


if __name__ == "__main__":
    main()
