"""Races, on PostgreSQL: counters stay exact and no email goes out twice."""

import threading

import pytest
from django.core import mail
from django.db import connection

from forum import reactions, services
from forum.models import PostThanks, PostThanksCount
from notifications import emails
from notifications.models import DigestEmail, Notification
from tests.factories import UserFactory, make_thread
from tests.notifications.support import tomorrow_at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(work, arguments):
    barrier = threading.Barrier(len(arguments))
    errors = []

    def run(argument):
        try:
            barrier.wait()
            work(argument)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return errors


def test_twelve_simultaneous_thanks_are_all_counted():
    thread = make_thread()
    post = thread.posts.get(number=1)
    people = [UserFactory() for _ in range(12)]
    errors = run_together(
        lambda person: reactions.thanks_create(user=person, post=post),
        people,
    )
    assert errors == []
    assert PostThanksCount.objects.get(post=post).thanks_count == 12 == PostThanks.objects.count()


def test_simultaneous_digest_runs_send_each_digest_once():
    thread = make_thread()
    readers = [UserFactory() for _ in range(6)]
    post = services.reply_create(author=UserFactory(), thread=thread, body="News")
    Notification.objects.bulk_create(
        [Notification(recipient=r, kind="reply", post=post, email="daily") for r in readers]
    )
    # The discussion's author follows it, and is due a digest of the reply too.
    due = sorted(
        Notification.objects.filter(email="daily").values_list("recipient__email", flat=True)
    )
    assert len(due) == 7
    morning = tomorrow_at(9)
    errors = run_together(lambda _: emails.digests_send(now=morning), range(4))
    assert errors == []
    assert sorted(email.to[0] for email in mail.outbox) == due
    assert DigestEmail.objects.count() == 7
