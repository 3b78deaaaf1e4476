import threading

import pytest
from django.db import connection

from forum import services
from forum.models import Post, Thread
from tests.factories import UserFactory, make_thread

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_simultaneous_replies_all_survive_with_exact_counters():
    thread = make_thread()
    authors = [UserFactory() for _ in range(20)]
    barrier = threading.Barrier(len(authors))
    errors = []

    def reply(author):
        try:
            barrier.wait()
            services.reply_create(author=author, thread=thread, body=f"From {author.pk}")
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=reply, args=(a,)) for a in authors]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    thread.refresh_from_db()
    numbers = sorted(Post.objects.filter(thread=thread).values_list("number", flat=True))
    assert numbers == list(range(1, 22))
    assert thread.reply_count == 20
    assert thread.last_post_number == 21
    last = Post.objects.filter(thread=thread).order_by("-number").first()
    assert Thread.objects.get(pk=thread.pk).last_activity_at == last.created_at
