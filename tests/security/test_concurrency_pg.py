"""Races on PostgreSQL, with separate connections (SQLite ignores row locks)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from accounts import services as account_services
from forum import services
from forum.models import Community, Post, Thread
from tests.factories import UserFactory, make_thread

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*jobs):
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # reported in the results
            results[index] = error
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


def test_two_simultaneous_edits_of_one_post_give_one_winner_and_no_error(settings):
    settings.WRITE_RATE_LIMITS = {name: "" for name in settings.WRITE_RATE_LIMITS}
    author = UserFactory()
    moderator = UserFactory(is_staff=True, is_superuser=True)
    thread = make_thread(author=author)
    opening = thread.posts.get(number=1)

    def edit(user, text):
        def job():
            client = Client()
            client.force_login(user)
            return client.post(
                f"/posts/{opening.pk}/edit/", {"title": thread.title, "body": text, "version": 1}
            ).status_code

        return job

    statuses = run_together(edit(author, "Author's words"), edit(moderator, "Moderator's words"))
    assert sorted(statuses) == [302, 409], statuses
    opening.refresh_from_db()
    assert opening.version == 2
    assert opening.body in {"Author's words", "Moderator's words"}


def test_a_member_erasing_their_account_while_others_reply_leaves_consistent_data():
    leaving = UserFactory(display_name="Leaving Now")
    thread = make_thread(author=leaving, replies=1)
    repliers = [UserFactory() for _ in range(6)]

    def reply(user):
        return lambda: services.reply_create(author=user, thread=thread, body="still here")

    def erase():
        account_services.member_erase(user=leaving, delete_posts=True)
        return "erased"

    results = run_together(erase, *[reply(user) for user in repliers])
    assert results[0] == "erased"
    assert all(isinstance(result, Post) for result in results[1:]), results
    assert services.counters_rebuild() == {"threads": 0, "communities": 0}
    thread_exists = Thread.objects.filter(pk=thread.pk).exists()
    assert thread_exists  # others had replied before: it stays, its opening post emptied
    assert not Post.objects.filter(author__display_name="Leaving Now").exists()
    numbers = list(Post.objects.filter(thread=thread).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    community = Community.objects.get(pk=thread.community_id)
    assert (
        community.thread_count
        == Thread.objects.filter(
            community=community, is_hidden=False, is_awaiting_review=False
        ).count()
    )
