"""Simultaneous replies on an SQLite file database, through the whole stack.

Run by test_sqlite_writers.py in a process of its own: the suite's SQLite database is in
memory, and what is tested here is the file database that `make run` serves, with the
settings as a deployment reads them from DATABASE_URL.

    python tests/forum/sqlite_burst.py DB_PATH SIZE [SIZE ...]

Prints one JSON line: for each burst size, the HTTP statuses and the counts.
"""

import json
import os
import sys
import threading
from pathlib import Path


def main(path: str, sizes: list[int]) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from forum.models import Post, Thread
    from tests.factories import UserFactory, make_thread

    setup_test_environment()
    call_command("migrate", verbosity=0)
    results = {}
    for size in sizes:
        thread = make_thread()
        statuses = _burst(reverse("forum:reply", args=[thread.pk]), size, Client, UserFactory)
        connection.close()
        thread = Thread.objects.get(pk=thread.pk)
        results[size] = {
            "statuses": statuses,
            "posts": Post.objects.filter(thread=thread).count(),
            "reply_count": thread.reply_count,
            "last_post_number": thread.last_post_number,
            "journal_mode": _journal_mode(connection),
        }
    return results


def _burst(url, size, Client, UserFactory) -> list[int]:
    """SIZE members post a reply at the same moment; the sorted HTTP statuses."""
    from django.db import connection

    clients = []
    for _ in range(size):
        client = Client()
        client.force_login(UserFactory())
        clients.append(client)
    barrier = threading.Barrier(size)
    statuses = []

    def reply(client, number):
        try:
            barrier.wait()
            response = client.post(url, {"body": f"Reply {number} at the same moment."})
            statuses.append(response.status_code)
        finally:
            connection.close()

    workers = [
        threading.Thread(target=reply, args=(client, number))
        for number, client in enumerate(clients)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sorted(statuses)


def _journal_mode(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], [int(size) for size in sys.argv[2:]])))
