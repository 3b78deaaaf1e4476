"""The embedded default (an SQLite file) keeps every reply of a burst of simultaneous
writers, and a write that still fails gives the form back with the text in it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.urls import reverse

from forum import members, services
from forum.models import Post

BURST_SCRIPT = Path(__file__).with_name("sqlite_burst.py")


def test_simultaneous_replies_on_an_sqlite_file_are_all_kept(tmp_path):
    completed = subprocess.run(
        [sys.executable, str(BURST_SCRIPT), str(tmp_path / "forum.sqlite3"), "8", "16"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    results = json.loads(completed.stdout)
    for size in (8, 16):
        burst = results[str(size)]
        assert burst["journal_mode"] == "wal"
        assert burst["statuses"] == [302] * size, burst
        # The opening post and every reply, with counters that agree.
        assert burst["posts"] == size + 1
        assert burst["reply_count"] == size
        assert burst["last_post_number"] == size + 1


@pytest.mark.parametrize("service", ["reply_create", "thread_create", "post_edit"])
def test_a_write_the_database_refuses_gives_the_text_back(
    client, member, thread, monkeypatch, service
):
    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, service, locked)
    client.force_login(member)
    text = "Words typed by a tired hand that must not be lost."
    if service == "reply_create":
        url, data = reverse("forum:reply", args=[thread.pk]), {"body": text}
    elif service == "thread_create":
        url = reverse("forum:thread_new", args=[thread.community.slug])
        data = {"title": "A title kept too", "body": text}
    else:
        opening = Post.objects.get(thread=thread, number=1)
        url = reverse("forum:post_edit", args=[opening.pk])
        data = {"title": thread.title, "body": text, "version": opening.version}

    response = client.post(url, data)

    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert text in page
    assert "please send it again" in page
    assert Post.objects.filter(body=text).count() == 0


def test_any_other_form_the_database_refuses_shows_what_was_typed(client, member, monkeypatch):
    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(members, "member_profile_update", locked)
    client.force_login(member)
    bio = "A bio that took a while to write."

    response = client.post(
        reverse("forum:settings"), {"display_name": member.display_name, "bio": bio}
    )

    assert response.status_code == 503
    page = response.content.decode()
    assert bio in page
    assert "csrfmiddlewaretoken" not in page.split("<form")[0]
