"""Saved posts: "Save" under any post a member can read, one page listing them (expert
answers standing out), removal; hidden posts drop out; export and erasure."""

import json
import re

import pytest
from django.urls import reverse

from forum import bookmarks, services
from forum.models import Bookmark
from moderation import actions
from tests.factories import UserFactory

PASSWORD = "a-long-test-password"


@pytest.fixture
def replies(thread, other_member, clinician):
    return [
        services.reply_create(author=other_member, thread=thread, body="Rest helps me & my son"),
        services.reply_create(
            author=clinician, thread=thread, body="Evidence so far is early.", expert=True
        ),
    ]


def save(client, post):
    return client.post(reverse("forum:bookmark_create", args=[post.pk]))


@pytest.mark.parametrize("cache_seconds", [300, 0])
def test_save_from_the_footer_then_find_it_on_the_saved_page(
    client, member, thread, replies, settings, cache_seconds
):
    settings.PAGE_CACHE_SECONDS = cache_seconds
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    create_url = reverse("forum:bookmark_create", args=[replies[0].pk])
    assert f'action="{create_url}"' in page
    response = save(client, replies[0])
    assert response.status_code == 302
    assert response["Location"] == replies[0].get_absolute_url()
    page = client.get(thread.get_absolute_url()).content.decode()
    delete_url = reverse("forum:bookmark_delete", args=[replies[0].pk])
    assert re.search(rf'action="{re.escape(delete_url)}"[^>]*>.*?aria-pressed="true">Saved', page)

    saved = client.get(reverse("forum:saved")).content.decode()
    assert thread.title in saved
    assert f'href="{reverse("forum:post", args=[replies[0].pk])}"' in saved
    assert "Rest helps me &amp; my son" in saved  # escaped once, not twice
    assert f'href="{reverse("forum:saved")}"' in saved  # in the navigation


def test_saved_expert_answers_stand_out(client, member, replies):
    client.force_login(member)
    save(client, replies[0])
    save(client, replies[1])
    saved = client.get(reverse("forum:saved")).content.decode()
    items = re.findall(r'<li class="saved-item([^"]*)">', saved)
    assert items == [" saved-expert", ""]  # most recently saved first
    assert "Expert answer" in saved


def test_removing_a_saved_post(client, member, replies):
    client.force_login(member)
    save(client, replies[0])
    save(client, replies[0])  # twice: still one
    assert Bookmark.objects.filter(user=member).count() == 1
    response = client.post(
        reverse("forum:bookmark_delete", args=[replies[0].pk]), {"next": reverse("forum:saved")}
    )
    assert response["Location"] == reverse("forum:saved")
    assert not Bookmark.objects.exists()
    assert "Nothing saved yet" in client.get(reverse("forum:saved")).content.decode()


def test_a_post_hidden_later_drops_out_and_comes_back_when_restored(
    client, member, replies, moderator
):
    client.force_login(member)
    save(client, replies[0])
    actions.post_hide(moderator=moderator, post=replies[0], reason="personal details")
    response = client.get(reverse("forum:saved"))
    assert response.status_code == 200
    assert "Rest helps me" not in response.content.decode()
    actions.post_restore(moderator=moderator, post=replies[0], reason="a mistake")
    assert "Rest helps me" in client.get(reverse("forum:saved")).content.decode()


def test_posts_one_cannot_read_cannot_be_saved(client, member, thread, replies, moderator):
    actions.post_hide(moderator=moderator, post=replies[0], reason="spam")
    assert save(client, replies[1])["Location"].startswith(reverse("account_login"))
    client.force_login(member)
    assert save(client, replies[0]).status_code == 404
    assert client.get(reverse("forum:bookmark_create", args=[replies[1].pk])).status_code == 405
    assert not Bookmark.objects.exists()
    client.logout()
    assert client.get(reverse("forum:saved"))["Location"].startswith(reverse("account_login"))


def test_saved_posts_are_private_and_in_the_export_and_gone_at_erasure(
    client, member, other_member, replies, settings
):
    bookmarks.bookmark_create(user=other_member, post=replies[1])
    client.force_login(member)
    save(client, replies[0])
    saved = client.get(reverse("forum:saved")).content.decode()
    assert "Evidence so far" not in saved  # the other member's bookmark
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    data = json.loads(client.post(reverse("accounts:export")).content)
    assert [item["post_url"] for item in data["saved_posts"]] == [
        settings.SITE_URL + replies[0].get_absolute_url()
    ]
    client.post(reverse("accounts:erase"), {"posts": "keep", "password": PASSWORD})
    assert list(Bookmark.objects.values_list("user_id", flat=True)) == [other_member.pk]


def test_the_saved_page_has_a_bounded_query_count(
    client, member, thread, django_assert_max_num_queries
):
    for number in range(15):
        post = services.reply_create(author=UserFactory(), thread=thread, body=f"Tip {number}")
        bookmarks.bookmark_create(user=member, post=post)
    client.force_login(member)
    # Session, member, consents, count, page, unread counts (notifications and
    # conversations), and the session's save.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("forum:saved"))
    assert response.content.decode().count('class="saved-item') == 15
