"""Members-only discussions in public communities: the author's choice when starting one
(or later); visitors, search, feeds and the sitemap never see them, and their address
asks a visitor to sign in without showing the title; members read them as usual."""

import re

import pytest
from django.urls import reverse

from forum import members, services
from forum.models import Community, Thread
from tests.factories import UserFactory

TITLE = "What I have not told my employer"


@pytest.fixture
def private_thread(community, member):
    return services.thread_create(
        author=member,
        community=community,
        title=TITLE,
        body="Only for people here, please.",
        members_only=True,
    )


def test_the_author_chooses_members_only_next_to_the_title(client, community, member):
    client.force_login(member)
    url = reverse("forum:thread_new", args=[community.slug])
    form = client.get(url).content.decode()
    assert "Who can read it" in form and form.index('name="title"') < form.index("audience")
    client.post(url, {"title": TITLE, "body": "Hello", "audience": "members"})
    assert Thread.objects.get(title=TITLE).members_only


def test_a_members_only_community_offers_no_choice(client, member):
    private = Community.objects.create(name="Members", slug="members", is_public=False)
    client.force_login(member)
    assert (
        "Who can read it"
        not in client.get(reverse("forum:thread_new", args=[private.slug])).content.decode()
    )


def test_visitors_never_see_it_anywhere(client, community, private_thread):
    services.reply_create(author=UserFactory(), thread=private_thread, body="employer")
    for url in (
        "/",
        community.get_absolute_url(),
        reverse("search:search") + "?q=employer",
        reverse("forum:community_feed", args=[community.slug]),
        reverse("forum:expert_feed"),
        "/sitemap.xml",
    ):
        assert TITLE not in client.get(url).content.decode(), url
    response = client.get(private_thread.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 403
    assert TITLE not in page and "Only for people here" not in page
    assert "Sign in" in page and 'content="noindex"' in page
    assert client.get(reverse("forum:thread_feed", args=[private_thread.pk])).status_code == 404


def test_members_read_it_as_usual_and_it_is_not_indexed(client, community, private_thread):
    client.force_login(UserFactory())
    assert TITLE in client.get(community.get_absolute_url()).content.decode()
    page = client.get(private_thread.get_absolute_url()).content.decode()
    assert "Only for people here" in page and 'content="noindex"' in page
    assert "Members only" in page


def test_the_author_can_make_it_members_only_later_not_public_again_once_answered(
    client, community, member, other_member
):
    thread = services.thread_create(author=member, community=community, title=TITLE, body="x")
    url = reverse("forum:thread_audience", args=[thread.pk])
    client.force_login(other_member)
    assert client.post(url, {"members_only": "1"}).status_code == 403
    client.force_login(member)
    assert "Make it members only" in client.get(thread.get_absolute_url()).content.decode()
    client.post(url, {"members_only": "1"})
    assert Thread.objects.get(pk=thread.pk).members_only
    assert "Make it public again" in client.get(thread.get_absolute_url()).content.decode()
    services.reply_create(author=other_member, thread=thread, body="For members")
    assert client.post(url, {"members_only": "0"}).status_code == 403
    assert Thread.objects.get(pk=thread.pk).members_only
    assert "Make it public again" not in client.get(thread.get_absolute_url()).content.decode()


def test_public_again_while_nobody_else_replied(client, member, private_thread):
    client.force_login(member)
    client.post(reverse("forum:thread_audience", args=[private_thread.pk]), {"members_only": "0"})
    assert not Thread.objects.get(pk=private_thread.pk).members_only
    client.logout()
    assert TITLE in client.get(private_thread.get_absolute_url()).content.decode()


def test_the_service_refuses_someone_else(private_thread, other_member):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        members.thread_audience_set(user=other_member, thread=private_thread, members_only=False)


def test_the_home_page_counts_for_a_visitor_only_what_a_visitor_can_read(
    client, community, member, private_thread
):
    services.thread_create(author=member, community=community, title="Open one", body="x")

    def count(html):
        found = re.search(
            re.escape(community.name) + r"</a>.*?(\d+) discussions?", html, flags=re.S
        )
        return int(found.group(1))

    assert count(client.get("/").content.decode()) == 1
    client.force_login(member)
    assert count(client.get("/").content.decode()) == 2


def test_a_saved_draft_keeps_the_members_only_choice(client, community, member):
    client.force_login(member)
    client.post(
        reverse("forum:thread_draft", args=[community.slug]),
        {"title": TITLE, "body": "Not finished", "audience": "members"},
    )
    form = client.get(reverse("forum:thread_new", args=[community.slug])).content.decode()
    chosen = re.search(r'<input[^>]*value="members"[^>]*>', form).group(0)
    assert "checked" in chosen and "Not finished" in form
    everyone = re.search(r'<input[^>]*value="everyone"[^>]*>', form).group(0)
    assert "checked" not in everyone
