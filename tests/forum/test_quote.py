"""Quote: a post's text comes back in the reply box as markdown, attributed and linking
the post's own address, on the page of the quoted post."""

import re
from html import unescape

import pytest
from django.urls import reverse

from forum import services
from moderation import actions
from tests.factories import UserFactory


def quote_url(post) -> str:
    return reverse("forum:post_quote", args=[post.pk])


def reply_box_text(html: str) -> str:
    found = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S)
    assert found, "no reply box"
    return unescape(found.group(1)).strip()


@pytest.mark.parametrize("cache_seconds", [300, 0])
def test_quote_fills_the_reply_box_with_the_post_attributed(
    client, thread, other_member, member, settings, cache_seconds
):
    settings.PAGE_CACHE_SECONDS = cache_seconds
    settings.FORUM_REPLIES_PER_PAGE = 2
    for number in range(3):
        services.reply_create(author=UserFactory(), thread=thread, body=f"Filler {number}")
    quoted = services.reply_create(
        author=other_member, thread=thread, body="Pacing helps.\n\nRest **before** you tire."
    )
    client.force_login(member)
    page = client.get(thread.get_absolute_url() + "?page=2").content.decode()
    assert f'href="{quote_url(quoted)}"' in page  # the action in the post's footer

    response = client.get(quote_url(quoted))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="post-5"' in html  # the quoted post's page
    assert reply_box_text(html) == (
        f"> @MapleRunner wrote in [post #5]({reverse('forum:post', args=[quoted.pk])}):\n"
        ">\n> Pacing helps.\n>\n> Rest **before** you tire."
    )
    assert "autofocus" in html

    # Posted as is, the quote renders as a blockquote with the link.
    body = reply_box_text(html) + "\n\nThank you, I will try."
    client.post(reverse("forum:reply", args=[thread.pk]), {"body": body})
    latest = thread.posts.order_by("-number").first()
    assert "<blockquote>" in latest.body_html
    assert reverse("forum:post", args=[quoted.pk]) in latest.body_html


def test_hidden_held_or_unreadable_posts_cannot_be_quoted(
    client, thread, member, other_member, moderator
):
    hidden = services.reply_create(author=other_member, thread=thread, body="Removed text")
    actions.post_hide(moderator=moderator, post=hidden, reason="spam")
    client.force_login(member)
    assert client.get(quote_url(hidden)).status_code == 404
    assert client.get(reverse("forum:post_quote", args=[999999])).status_code == 404
    client.logout()
    visible = thread.posts.get(number=1)
    assert client.get(quote_url(visible))["Location"].startswith(reverse("account_login"))


def test_no_quote_where_one_cannot_reply(client, thread, member, moderator):
    actions.thread_lock(moderator=moderator, thread=thread, locked=True)
    opening = thread.posts.get(number=1)
    client.force_login(UserFactory())
    page = client.get(thread.get_absolute_url()).content.decode()
    assert quote_url(opening) not in page
    response = client.get(quote_url(opening))
    assert response.status_code == 302
    assert response["Location"] == opening.get_absolute_url()


def test_a_selection_quotes_only_that_part_if_it_is_really_the_posts(
    client, thread, member, other_member
):
    quoted = services.reply_create(
        author=other_member, thread=thread, body="Pacing helps.\n\nRest **before** you tire."
    )
    client.force_login(member)
    url = quote_url(quoted)
    html = client.get(url, {"selection": "Rest before you"}).content.decode()
    assert reply_box_text(html).endswith(">\n> Rest before you")
    assert "Pacing helps" not in reply_box_text(html)
    # Words the post does not hold are never put in its author's mouth.
    forged = client.get(url, {"selection": "I never rest"}).content.decode()
    assert "I never rest" not in forged
    assert reply_box_text(forged).endswith("> Rest **before** you tire.")


def test_the_selection_script_is_served_from_our_origin(client, thread):
    page = client.get(thread.get_absolute_url()).content.decode()
    assert '<script src="/static/js/quote.js" defer></script>' in page
