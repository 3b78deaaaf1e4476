"""Content warnings: a post folded behind a short label (a <details>, no script), in
search results, saved posts and feeds too; a member setting unfolds them; moderators
add or change one, logged."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from forum import bookmarks, services
from moderation.models import ModerationAction
from tests.factories import UserFactory

FOLDED = '<details class="content-warning">'
UNFOLDED = '<details class="content-warning" open>'


@pytest.fixture
def warned(thread, other_member):
    return services.reply_create(
        author=other_member,
        thread=thread,
        body="What the scan showed, in detail.",
        content_warning="graphic symptoms",
    )


@pytest.mark.parametrize("cache_seconds", [300, 0])
def test_a_warned_post_is_folded_behind_its_label_for_everyone(
    client, thread, warned, member, settings, cache_seconds
):
    settings.PAGE_CACHE_SECONDS = cache_seconds
    for reader in (None, member):
        if reader:
            client.force_login(reader)
        page = client.get(thread.get_absolute_url()).content.decode()
        assert FOLDED in page and UNFOLDED not in page
        folded = page[page.index(FOLDED) :]
        assert folded.index("Content warning: graphic symptoms") < folded.index("What the scan")


@pytest.mark.parametrize("cache_seconds", [300, 0])
def test_a_member_who_chose_so_sees_them_unfolded(
    client, thread, warned, member, settings, cache_seconds
):
    settings.PAGE_CACHE_SECONDS = cache_seconds
    client.force_login(member)
    response = client.post(
        reverse("forum:settings"),
        {
            "display_name": member.display_name,
            "bio": "",
            "profile_is_public": "on",
            "unfolds_content_warnings": "on",
        },
    )
    assert response.status_code == 302
    page = client.get(thread.get_absolute_url()).content.decode()
    assert UNFOLDED in page
    client.force_login(UserFactory())  # the shared copy stays folded for others
    assert FOLDED in client.get(thread.get_absolute_url()).content.decode()


def test_the_author_sets_it_when_replying(client, thread, other_member):
    client.force_login(other_member)
    client.post(
        reverse("forum:reply", args=[thread.pk]),
        {"body": "My story", "content_warning": "pregnancy loss"},
    )
    assert thread.posts.get(number=2).content_warning == "pregnancy loss"
    too_long = client.post(
        reverse("forum:reply", args=[thread.pk]), {"body": "Again", "content_warning": "x" * 61}
    )
    assert too_long.status_code == 400 and "Again" in too_long.content.decode()


def test_a_moderator_adds_one_and_it_is_logged(
    client, thread, other_member, moderator, django_capture_on_commit_callbacks
):
    post = services.reply_create(author=other_member, thread=thread, body="Raw details")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("forum:post_edit", args=[post.pk]),
            {"body": "Raw details", "version": post.version, "content_warning": "self-harm"},
        )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.content_warning == "self-harm"
    assert ModerationAction.objects.filter(target_post_id=post.pk).exists()


def test_search_saved_posts_and_feeds_keep_it_folded(client, thread, warned, member):
    page = client.get("/search/", {"q": "scan detail"}).content.decode()
    assert "Content warning: graphic symptoms" in page
    assert "What the scan showed" not in re.sub(r"<[^>]+>", "", page.split("search-results")[-1])
    bookmarks.bookmark_create(user=member, post=warned)
    client.force_login(member)
    saved = client.get(reverse("forum:saved")).content.decode()
    assert "Content warning: graphic symptoms" in saved and "What the scan" not in saved
    feed = client.get(reverse("forum:thread_feed", args=[thread.pk])).content
    summary = ET.fromstring(feed).find(
        "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary"
    )
    assert summary.text.startswith("<details") and "graphic symptoms" in summary.text
