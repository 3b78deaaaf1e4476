"""With Redis unreachable, the forum serves every page from the database, writes still
work, /readyz says the cache is failing, and the failure is logged once, not per request.
"""

import logging

import pytest
from django.test import override_settings
from django.urls import reverse

from config import cache as cache_module
from forum.models import Post

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1
REDIS_DOWN = {
    "CACHES": {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": CLOSED_PORT,
            "KEY_FUNCTION": "config.cache.make_key",
        }
    },
    "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
    "PAGE_CACHE_SECONDS": 300,
}


@pytest.fixture
def redis_down(monkeypatch):
    monkeypatch.setattr(cache_module, "_last_reported", 0.0)
    with override_settings(**REDIS_DOWN):
        yield


def test_reading_pages_works_without_the_cache(client, thread, member, redis_down, caplog):
    pages = [
        "/",
        thread.community.get_absolute_url(),
        thread.get_absolute_url(),
        "/search/?q=therapy",
        reverse("account_login"),
        member.get_absolute_url(),
    ]
    with caplog.at_level(logging.ERROR, logger="config.cache"):
        for url in pages:
            assert client.get(url).status_code == 200, url
        client.force_login(member)
        for url in pages[:4]:
            assert client.get(url).status_code == 200, url
    reports = [r for r in caplog.records if r.name == "config.cache"]
    assert len(reports) == 1, "logged once per interval, not per request"


def test_writes_still_work_without_the_cache(client, thread, member, redis_down):
    client.force_login(member)
    response = client.post(
        reverse("forum:reply", args=[thread.pk]), {"body": "Posted while the cache is down."}
    )
    assert response.status_code == 302
    assert Post.objects.filter(body="Posted while the cache is down.").exists()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Posted while the cache is down." in page


def test_signing_in_works_without_the_cache(client, member, redis_down):
    response = client.post(
        reverse("account_login"),
        {"login": member.email, "password": "a-long-test-password"},
    )
    assert response.status_code == 302
    assert client.get("/notifications/").status_code == 200


def test_readyz_says_the_cache_is_failing(client, db, redis_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "failing: ConnectionError"}
