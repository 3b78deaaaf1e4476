"""The reply box forgives: a Preview rendered by the one markup module (without scripts,
and as JSON for the live one), the text kept, and a refused reply's error beside the box
with the focus there."""

import json
import re
from html import unescape

from django.urls import reverse


def reply_box_text(html: str) -> str:
    found = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', html, re.S)
    assert found, "no reply box"
    return unescape(found.group(1)).strip()


def test_preview_without_scripts_keeps_the_text_and_renders_it(client, thread, other_member):
    client.force_login(other_member)
    page = client.get(thread.get_absolute_url()).content.decode()
    url = reverse("forum:reply_preview", args=[thread.pk])
    assert f'formaction="{url}"' in page
    text = "I **do** pace myself <script>alert(1)</script>"
    response = client.post(url, {"body": text})
    assert response.status_code == 200
    html = response.content.decode()
    preview = html[
        html.index('class="reply-preview"') : html.index(
            "</section>", html.index('class="reply-preview"')
        )
    ]
    assert "<strong>do</strong>" in preview and "<script>" not in preview
    assert reply_box_text(html) == text
    assert re.search(r"<textarea[^>]*autofocus", html)
    assert not thread.posts.filter(number=2).exists()  # nothing posted


def test_the_live_preview_answers_json(client, thread, other_member):
    client.force_login(other_member)
    url = reverse("forum:reply_preview", args=[thread.pk])
    answer = client.post(url, {"body": "- one\n- two"}, HTTP_ACCEPT="application/json")
    assert json.loads(answer.content)["html"].startswith("<ul>")
    refused = client.post(url, {"body": "   "}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 400 and json.loads(refused.content)["errors"]


def test_a_refused_reply_brings_the_reader_to_the_box_with_their_text(
    client, thread, other_member, settings
):
    settings.FORUM_POST_MAX_LENGTH = 20
    client.force_login(other_member)
    text = "This is far too long for the limit"
    response = client.post(reverse("forum:reply", args=[thread.pk]), {"body": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert reply_box_text(html) == text
    assert re.search(r"<textarea[^>]*autofocus", html)
    assert 'data-limit="20"' in html  # the count the script shows


def test_preview_is_for_members_who_may_read_the_discussion(client, thread, community):
    from tests.factories import make_thread

    url = reverse("forum:reply_preview", args=[thread.pk])
    assert client.post(url, {"body": "x"})["Location"].startswith(reverse("account_login"))
    hidden = make_thread(community=community, is_hidden=True)
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert (
        client.post(reverse("forum:reply_preview", args=[hidden.pk]), {"body": "x"}).status_code
        == 404
    )
    assert client.get(url).status_code == 405


def test_mention_suggestions_name_only_members_who_posted_where_one_reads(
    client, thread, community, other_member, member
):
    from forum import services
    from tests.factories import UserFactory, make_thread

    services.reply_create(author=other_member, thread=thread, body="Hello")  # MapleRunner
    UserFactory(display_name="Maple Silent")  # never posted: never suggested
    hidden_writer = UserFactory(display_name="Maple Hidden")
    make_thread(community=community, author=hidden_writer, is_hidden=True)
    url = reverse("forum:mention_suggestions")
    assert client.get(url, {"q": "map"})["Location"].startswith(reverse("account_login"))
    client.force_login(member)
    assert json.loads(client.get(url, {"q": "map"}).content) == {"names": ["MapleRunner"]}
    assert json.loads(client.get(url, {"q": "m"}).content) == {"names": []}  # too short
    assert client.post(url, {"q": "map"}).status_code == 405


def test_mention_suggestions_are_rate_limited(client, member, settings):
    settings.WRITE_RATE_LIMITS = {**settings.WRITE_RATE_LIMITS, "suggest": "2/60/user"}
    client.force_login(member)
    url = reverse("forum:mention_suggestions")
    statuses = [client.get(url, {"q": "ab"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
