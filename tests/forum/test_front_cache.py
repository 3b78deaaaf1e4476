"""Visitors' pages answered before the middleware (forum.pagecache.front): the same
page, with the same headers, as the whole stack gives; never for a request with a
cookie, never stale, never for what the page did not read."""

import pytest
from django.test import Client

from forum import services
from tests.factories import UserFactory, make_thread

# One response's own: its id, and which cache answered.
OWN = {"X-Request-ID", "X-Page-Cache", "Date", "Content-Length"}


def headers(response) -> dict:
    return {name: value for name, value in response.items() if name not in OWN}


@pytest.fixture
def pages(thread, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(author=UserFactory(), thread=thread, body="A first reply")
    make_thread(community=thread.community, title="Another discussion here")
    return [
        "/",
        thread.community.get_absolute_url(),
        thread.community.get_absolute_url() + "?page=1",
        thread.get_absolute_url(),
        member.get_absolute_url(),  # a public profile
        "/search/?q=reply",
    ]


def test_a_page_served_before_the_middleware_equals_the_whole_stacks(pages):
    visitor = Client()
    for url in pages:
        whole = visitor.get(url)
        assert whole.status_code == 200 and whole["X-Page-Cache"] in ("hit", "miss"), url
        front = visitor.get(url)
        assert front["X-Page-Cache"] == "front", url
        assert front.content == whole.content, url
        assert headers(front) == headers(whole), url
        assert front["X-Request-ID"] != whole["X-Request-ID"]
        # The same request through every middleware (a cookie sends it there) agrees.
        again = Client(HTTP_COOKIE="unrelated=1").get(url)
        assert again["X-Page-Cache"] == "hit", url
        assert again.content == front.content, url
        assert headers(again) == headers(front), url


def test_the_security_and_privacy_headers_are_there(pages):
    visitor = Client()
    visitor.get("/")
    front = visitor.get("/")
    assert front["X-Page-Cache"] == "front"
    for name in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "Content-Language",
        "Vary",
    ):
        assert front.has_header(name), name


def test_a_write_is_seen_at_once(thread, pages, django_capture_on_commit_callbacks):
    visitor = Client()
    url = thread.get_absolute_url()
    visitor.get(url)
    assert visitor.get(url)["X-Page-Cache"] == "front"
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_create(author=UserFactory(), thread=thread, body="Written just now")
    fresh = visitor.get(url)
    assert fresh["X-Page-Cache"] != "front"
    assert b"Written just now" in fresh.content
    assert visitor.get(url)["X-Page-Cache"] == "front"


def test_a_request_with_a_cookie_never_gets_it(client, member, pages):
    Client().get("/")
    signed_in = Client()
    signed_in.force_login(member)
    response = signed_in.get("/")
    assert "X-Page-Cache" not in response or response["X-Page-Cache"] != "front"
    assert member.display_name in response.content.decode()  # their own account links


def test_parameters_the_page_does_not_read_make_no_entry(pages):
    visitor = Client()
    visitor.get("/?utm_source=mail")
    assert visitor.get("/?utm_source=mail")["X-Page-Cache"] != "front"


def test_each_language_has_its_own(pages):
    visitor = Client()
    english = visitor.get("/", HTTP_ACCEPT_LANGUAGE="en")
    french = visitor.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert french["X-Page-Cache"] != "front"
    again = visitor.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert again["X-Page-Cache"] == "front"
    assert again["Content-Language"] == "fr" and english["Content-Language"] == "en"
    assert again.content == french.content != english.content


def test_an_unknown_host_still_gets_the_whole_paths_400(pages):
    visitor = Client()
    visitor.get("/")
    assert visitor.get("/", HTTP_HOST="evil.example").status_code == 400


def test_with_the_page_cache_off_nothing_is_kept(pages, settings):
    settings.PAGE_CACHE_SECONDS = 0
    visitor = Client()
    visitor.get("/")
    assert "X-Page-Cache" not in visitor.get("/")


def test_a_page_this_process_knows_takes_one_cache_round_trip(pages, monkeypatch):
    from django.core.cache import cache

    visitor = Client()
    visitor.get("/")
    calls = []
    real = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: calls.append(keys) or real(keys))
    assert visitor.get("/")["X-Page-Cache"] == "front"
    assert len(calls) == 1 and len(calls[0]) > 1  # the entry and its versions together


def test_compressed_and_plain_copies_are_kept_apart(pages):
    import gzip

    browser, plain = Client(HTTP_ACCEPT_ENCODING="gzip, deflate, br"), Client()
    for url in pages[:4]:
        whole = browser.get(url)
        assert whole["Content-Encoding"] == "gzip", url
        front = browser.get(url)
        assert front["X-Page-Cache"] == "front" and front["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in front["Vary"]
        # A client that does not accept it never gets the compressed copy.
        first, again = plain.get(url), plain.get(url)
        assert again["X-Page-Cache"] == "front", url
        assert not first.has_header("Content-Encoding") and not again.has_header("Content-Encoding")
        assert gzip.decompress(front.content) == again.content, url


def test_a_members_page_comes_compressed_with_a_random_length_header(client, member, pages):
    import gzip

    client.force_login(member)
    lengths = set()
    for _ in range(6):
        response = client.get(pages[3], HTTP_ACCEPT_ENCODING="gzip")
        assert response["Content-Encoding"] == "gzip"
        assert response.content[3] & gzip.FNAME  # a file name of random length follows
        assert b"A first reply" in gzip.decompress(response.content)
        lengths.add(len(response.content))
    assert len(lengths) > 1


def test_a_static_file_is_never_compressed_here_so_that_ranges_still_match(client):
    from pathlib import Path

    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage

    font = next((Path(settings.BASE_DIR) / "static/vendor/atkinson-hyperlegible").glob("*.woff2"))
    name = f"vendor/atkinson-hyperlegible/{font.name}"
    url = staticfiles_storage.url(name)
    whole = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert whole.status_code == 200 and not whole.has_header("Content-Encoding")
    assert b"".join(whole.streaming_content) == font.read_bytes()
    part = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_RANGE="bytes=0-9")
    assert part.status_code == 206 and not part.has_header("Content-Encoding")
    assert b"".join(part.streaming_content) == font.read_bytes()[:10]
