"""Every post's own address, /posts/<id>/: the page and anchor of the post in its
discussion for whoever may read it there; 404 otherwise, held and hidden posts answering
as missing ones do."""

import pytest
from django.urls import reverse

from forum import services
from forum.models import Community, Post
from tests.factories import UserFactory, make_thread


def permalink(post) -> str:
    return reverse("forum:post", args=[post.pk])


@pytest.fixture
def long_thread(thread, settings):
    settings.FORUM_REPLIES_PER_PAGE = 2
    for number in range(5):
        services.reply_create(author=UserFactory(), thread=thread, body=f"Reply {number}")
    return thread


def test_a_post_link_goes_to_its_page_and_anchor(client, long_thread):
    last = long_thread.posts.get(number=6)
    response = client.get(permalink(last))
    assert response.status_code == 302
    assert response["Location"] == long_thread.get_absolute_url() + "?page=3#post-6"
    opening = long_thread.posts.get(number=1)
    assert client.get(permalink(opening))["Location"] == long_thread.get_absolute_url() + "#post-1"


def test_each_post_shows_a_link_to_itself(client, long_thread):
    page = client.get(long_thread.get_absolute_url()).content.decode()
    for post in long_thread.posts.filter(number__lte=3):
        assert f'href="{permalink(post)}"' in page


def test_posts_the_reader_may_not_see_answer_404(client, long_thread, member, moderator):
    held = long_thread.posts.get(number=4)
    Post.objects.filter(pk=held.pk).update(is_awaiting_review=True)
    assert client.get(permalink(held)).status_code == 404
    client.force_login(held.author)
    assert client.get(permalink(held)).status_code == 302  # its author sees it
    client.force_login(moderator)
    assert client.get(permalink(held)).status_code == 302
    client.logout()

    hidden = long_thread.posts.get(number=5)
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True)
    assert client.get(permalink(hidden)).status_code == 404

    hidden_thread = make_thread(community=long_thread.community, is_hidden=True)
    assert client.get(permalink(hidden_thread.posts.get())).status_code == 404

    private = Community.objects.create(name="Members only", slug="members-only", is_public=False)
    inside = make_thread(community=private)
    assert client.get(permalink(inside.posts.get())).status_code == 404
    client.force_login(member)
    assert client.get(permalink(inside.posts.get())).status_code == 302
    assert client.get(reverse("forum:post", args=[999999])).status_code == 404
