"""Health endpoints, structured logs, and a friendly page when the database is down."""

import json
import logging

import pytest
from django.db import OperationalError
from django.test import override_settings

from config.logging import JsonFormatter, RequestContextFilter


def test_healthz_answers_without_the_database(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_readyz_checks_the_database_and_the_cache(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok"}


def test_readyz_names_the_failing_part_with_a_503(client, db, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "failing: ConnectionError",
    }


def test_a_lost_database_gives_a_friendly_503_without_a_traceback(client, db, monkeypatch):
    from forum import pages

    def down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(pages.HOME, "shared", down)
    response = client.get("/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "back in a moment" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert response["Retry-After"] == "30"


def test_every_response_carries_a_request_id(client, db):
    first = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-id-12345")["X-Request-ID"] == (
        "proxy-id-12345"
    )
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nINFO forged")["X-Request-ID"]
    assert "\n" not in forged and forged != "bad id\nINFO forged"


def test_log_lines_are_json_with_request_and_user_ids_and_cannot_be_forged():
    record = logging.LogRecord(
        "forum", logging.INFO, __file__, 1, "reply posted\nERROR fake line", None, None
    )
    RequestContextFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "reply posted\nERROR fake line"
    assert {"time", "level", "logger", "request_id", "user_id"} <= entry.keys()


def test_request_logs_carry_the_member_id_and_never_the_post_text(client, thread, member, caplog):
    client.force_login(member)
    with caplog.at_level(logging.INFO):
        logging.getLogger("django.request").addFilter(RequestContextFilter())
        client.post(f"/discussions/{thread.pk}/replies/new/", {"body": "x" * 30000})
    for record in caplog.records:
        assert "xxxxxxxxxx" not in record.getMessage()
        assert member.email not in record.getMessage()


@override_settings(DEBUG=False)
def test_a_server_error_page_shows_no_trace(client, db, monkeypatch):
    from forum import pages

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(pages.HOME, "shared", boom)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "secret internals" not in response.content.decode()
    assert "Something went wrong" in response.content.decode()


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_lost_database_gives_the_503_to_members_too(db, member, monkeypatch, signed_in):
    from django.db import connection
    from django.test import Client

    client = Client(raise_request_exception=False)
    if signed_in:
        client.force_login(member)  # a session cookie: loaded in the middleware

    def down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    urls = ["/", "/search/?q=fatigue"] + (["/notifications/"] if signed_in else [])
    with monkeypatch.context() as patch:
        patch.setattr(connection, "ensure_connection", down)
        responses = [client.get(url) for url in urls]
    for url, response in zip(urls, responses, strict=True):
        assert response.status_code == 503, url
        assert "back in a moment" in response.content.decode()
        assert response["Retry-After"]


def test_a_form_refused_by_a_lost_database_shows_what_was_typed(db, member, thread, monkeypatch):
    from django.db import connection
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(member)

    def down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "ensure_connection", down)
        response = client.post(
            f"/discussions/{thread.pk}/replies/new/", {"body": "My careful reply, kept."}
        )
    assert response.status_code == 503
    assert "My careful reply, kept." in response.content.decode()
