"""What search engines are told: robots.txt, a sitemap of what anyone may read, one
canonical address per page, and each discussion described in its own words."""

from django.urls import reverse

from forum import services
from forum.models import Thread
from tests.factories import CommunityFactory, UserFactory, make_thread


def test_robots_txt_keeps_members_pages_out_and_points_to_the_sitemap(client, db, settings):
    settings.SITE_URL = "https://forum.example.org"
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    for path in ("/members/", "/accounts/", "/search/", "/admin/"):
        assert f"Disallow: {path}" in text
    assert "Sitemap: https://forum.example.org/sitemap.xml" in text


def test_the_sitemap_lists_public_communities_and_discussions_only(
    client, community, settings, django_assert_max_num_queries
):
    settings.SITE_URL = "https://forum.example.org"
    private = CommunityFactory(is_public=False, slug="members-only-place")
    shown = make_thread(community=community, title="Open question about fatigue")
    hidden = make_thread(community=community, title="Removed one", is_hidden=True)
    held = make_thread(community=community, title="Waiting one", is_awaiting_review=True)
    secret = make_thread(community=private, title="Members only talk")
    with django_assert_max_num_queries(4):
        xml = client.get("/sitemap.xml").content.decode()
    assert f"https://forum.example.org{shown.get_absolute_url()}" in xml
    assert f"https://forum.example.org{community.get_absolute_url()}" in xml
    for absent in (hidden, held, secret):
        assert absent.get_absolute_url() not in xml
    assert private.get_absolute_url() not in xml
    assert "/members/" not in xml


def test_a_discussion_has_a_canonical_link_and_its_own_description(client, community, settings):
    settings.SITE_URL = "https://forum.example.org"
    thread = services.thread_create(
        author=UserFactory(),
        community=community,
        title="Cold hands in winter",
        body="Since the autumn my **fingers** turn white when I go out. Does anyone "
        "else notice this with their treatment?",
    )
    page = client.get(thread.get_absolute_url() + "?utm_source=x").content.decode()
    assert (
        f'<link rel="canonical" href="https://forum.example.org{thread.get_absolute_url()}">'
        in page
    )
    assert (
        '<meta name="description" content="Since the autumn my fingers turn white when I '
        "go out." in page
    )
    assert "A calm place where patients" not in page  # not the site's own words


def test_every_page_has_one_canonical_link(client, thread):
    for url in ("/", thread.community.get_absolute_url(), reverse("account_login")):
        assert client.get(url).content.decode().count('rel="canonical"') == 1, url


def test_reply_pages_are_canonical_to_themselves(client, community, settings):
    settings.FORUM_REPLIES_PER_PAGE = 2
    thread = make_thread(community=community, replies=5)
    page = client.get(thread.get_absolute_url() + "?page=2").content.decode()
    assert f'href="{settings.SITE_URL}{thread.get_absolute_url()}?page=2"' in page
    assert Thread.objects.count() == 1
