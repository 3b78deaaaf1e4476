"""Drafts: kept on the server per member and discussion (or community for a new one),
saved by a button or by the script, restored on return, deleted when posted, private,
listed, in the export, gone at erasure, expired after FORUM_DRAFT_DAYS."""

import json
import re
from datetime import timedelta
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forum import drafts, services
from forum.models import Draft
from tests.factories import UserFactory, make_thread

PASSWORD = "a-long-test-password"


def reply_box_text(html: str) -> str:
    found = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', html, re.S)
    assert found, "no reply box"
    return unescape(found.group(1)).strip()


@pytest.fixture(params=["cached", "uncached"])
def page_cache(request, settings):
    settings.PAGE_CACHE_SECONDS = 300 if request.param == "cached" else 0


def test_save_draft_without_scripts_then_come_back_to_it(client, thread, other_member, page_cache):
    client.force_login(other_member)
    page = client.get(thread.get_absolute_url()).content.decode()
    save_url = reverse("forum:reply_draft", args=[thread.pk])
    assert f'formaction="{save_url}"' in page  # the "Save draft" button
    response = client.post(save_url, {"body": "Half a thought about pacing"})
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url() + "#reply"
    # Tab closed; the member comes back later.
    client.get("/")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert reply_box_text(page) == "Half a thought about pacing"


def test_the_script_saves_with_a_json_answer(client, thread, other_member):
    client.force_login(other_member)
    url = reverse("forum:reply_draft", args=[thread.pk])
    response = client.post(url, {"body": "Typed, not sent"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert json.loads(response.content) == {"saved": True, "message": "Draft saved"}
    assert Draft.objects.get(user=other_member, thread=thread).body == "Typed, not sent"
    client.post(url, {"body": "Typed again"}, HTTP_ACCEPT="application/json")
    assert Draft.objects.get(user=other_member).body == "Typed again"  # one per discussion
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'src="/static/js/drafts.js"' in page and "data-draft-url" in page


def test_posting_deletes_the_draft(client, thread, other_member):
    client.force_login(other_member)
    client.post(reverse("forum:reply_draft", args=[thread.pk]), {"body": "Almost ready"})
    client.post(reverse("forum:reply", args=[thread.pk]), {"body": "Ready now"})
    assert not Draft.objects.exists()
    assert reply_box_text(client.get(thread.get_absolute_url()).content.decode()) == ""


def test_a_new_discussion_draft_per_community(client, community, other_member):
    client.force_login(other_member)
    url = reverse("forum:thread_draft", args=[community.slug])
    response = client.post(url, {"title": "Heat and fatigue", "body": "Every summer I"})
    assert response["Location"] == reverse("forum:thread_new", args=[community.slug])
    page = client.get(response["Location"]).content.decode()
    assert 'value="Heat and fatigue"' in page and "Every summer I" in page
    client.post(
        reverse("forum:thread_new", args=[community.slug]),
        {"title": "Heat and fatigue", "body": "Every summer I struggle."},
    )
    assert not Draft.objects.exists()


def test_drafts_are_private(client, thread, member, other_member, settings):
    settings.PAGE_CACHE_SECONDS = 300
    drafts.draft_save(user=other_member, thread=thread, body="My secret words")
    for reader in (member, UserFactory()):
        client.force_login(reader)
        assert "My secret words" not in client.get(thread.get_absolute_url()).content.decode()
        assert "My secret words" not in client.get(reverse("forum:drafts")).content.decode()
    client.logout()
    assert "My secret words" not in client.get(thread.get_absolute_url()).content.decode()
    assert "My secret words" not in client.get("/search/?q=secret").content.decode()


def test_the_drafts_page_lists_and_deletes(client, thread, community, other_member):
    drafts.draft_save(user=other_member, thread=thread, body="Reply in progress")
    drafts.draft_save(user=other_member, community=community, title="A new one", body="Body")
    client.force_login(other_member)
    page = client.get(reverse("forum:drafts")).content.decode()
    assert "Reply in progress" in page and "A new one" in page
    assert f'href="{thread.get_absolute_url()}#reply"' in page
    draft = Draft.objects.get(thread=thread)
    client.force_login(UserFactory())
    url = reverse("forum:draft_delete", args=[draft.pk])
    assert client.post(url).status_code == 404  # someone else's
    client.force_login(other_member)
    assert client.post(url).status_code == 302
    assert list(Draft.objects.values_list("title", flat=True)) == ["A new one"]


def test_a_draft_over_the_limit_is_refused_with_the_text_kept(
    client, thread, other_member, settings
):
    settings.FORUM_POST_MAX_LENGTH = 50
    client.force_login(other_member)
    text = "x" * 60
    url = reverse("forum:reply_draft", args=[thread.pk])
    response = client.post(url, {"body": text})
    assert response.status_code == 400
    assert (
        text in response.content.decode() and "at most 50 characters" in response.content.decode()
    )
    answer = client.post(url, {"body": text}, HTTP_ACCEPT="application/json")
    assert answer.status_code == 400 and json.loads(answer.content)["saved"] is False
    assert not Draft.objects.exists()


def test_forbidden_paths(client, community, other_member):
    hidden = make_thread(community=community, is_hidden=True)
    url = reverse("forum:reply_draft", args=[hidden.pk])
    assert client.post(url, {"body": "x"})["Location"].startswith(reverse("account_login"))
    client.force_login(other_member)
    assert client.post(url, {"body": "x"}).status_code == 404
    assert client.get(reverse("forum:reply_draft", args=[hidden.pk])).status_code == 405
    assert not Draft.objects.exists()


def test_drafts_are_in_the_export_and_gone_at_erasure(client, thread, other_member):
    drafts.draft_save(user=other_member, thread=thread, body="Unsent words")
    client.force_login(other_member)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    data = json.loads(client.post(reverse("accounts:export")).content)
    assert data["drafts"][0]["text"] == "Unsent words"
    assert data["drafts"][0]["reply_to"] == thread.title
    client.post(reverse("accounts:erase"), {"posts": "keep", "password": PASSWORD})
    assert not Draft.objects.exists()


def test_old_drafts_expire(thread, other_member, member, settings):
    settings.FORUM_DRAFT_DAYS = 30
    old = drafts.draft_save(user=other_member, thread=thread, body="Old")
    drafts.draft_save(user=member, thread=thread, body="Fresh")
    Draft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=31))
    out = StringIO()
    call_command("expire_drafts", stdout=out)
    assert "Deleted 1 draft" in out.getvalue()
    assert list(Draft.objects.values_list("body", flat=True)) == ["Fresh"]


def test_a_held_reply_deletes_its_draft_too(client, thread, settings):
    settings.MODERATION_REVIEW_FIRST_POSTS = 1
    newcomer = UserFactory()
    drafts.draft_save(user=newcomer, thread=thread, body="First words")
    post = services.reply_create(author=newcomer, thread=thread, body="First words")
    assert post.is_awaiting_review
    assert not Draft.objects.exists()
