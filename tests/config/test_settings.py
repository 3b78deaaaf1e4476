"""Settings are read from the environment; production mode is strict and passes the deploy check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7#Kq2!vN9pL4zR8wT1yU6iO3aS5dF0gH-jK&lZ^cV*bN@mQ$eW",
    "ALLOWED_HOSTS": "forum.example.org",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_mode_starts_without_a_secret_key():
    result = manage("check", env={"DEBUG": "1", "SECRET_KEY": ""})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_malformed_boolean_is_a_clear_error(value):
    result = manage("check", env={**PRODUCTION, "DEBUG": value})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_the_database_defaults_to_an_sqlite_file_in_the_project_folder():
    code = (
        "import django, os; os.environ.pop('DATABASE_URL', None);"
        "from django.conf import settings; db = settings.DATABASES['default'];"
        "print(db['ENGINE'], db['NAME'])"
    )
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["django.db.backends.sqlite3", str(ROOT / "db.sqlite3")]


def test_security_headers_are_sent(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]:
        assert directive in csp
    assert "unsafe-inline" not in csp


def test_production_mode_sends_hsts_and_secure_cookies_only():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.CACHES['default']['BACKEND'].rsplit('.', 1)[-1])"
    )
    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION)
    assert result.stdout.split() == [
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "True",
        "Lax",
        "DatabaseCache",
    ], result.stderr


def test_production_mode_with_redis_shares_cache_and_sessions():
    code = (
        "from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND'].rsplit('.', 1)[-1], s.SESSION_ENGINE)"
    )
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        env={**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/9"},
    )
    assert result.stdout.split() == ["RedisCache", "django.contrib.sessions.backends.cached_db"], (
        result.stderr
    )


def test_the_redis_cache_reuses_one_client_per_pool():
    # Building clients needs no server; the lb and replica drills use this backend live.
    from config.cache import RedisCache

    cache = RedisCache("redis://127.0.0.1:6379/9", {})
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=False) is client
    assert client.connection_pool is cache._cache._get_connection_pool(True)


def test_behind_the_tls_proxy_sign_in_limits_read_the_forwarded_address():
    code = "from django.conf import settings as s; print(s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    direct = manage("shell", "--no-imports", "-c", code, env=PRODUCTION)
    proxied = manage(
        "shell", "--no-imports", "-c", code, env={**PRODUCTION, "BEHIND_TLS_PROXY": "1"}
    )
    assert (direct.stdout.strip(), proxied.stdout.strip()) == ("0", "1"), proxied.stderr


def test_members_pages_are_stored_by_no_cache(client, member, thread):
    client.force_login(member)
    for url in ("/", thread.get_absolute_url(), "/notifications/", "/account/settings/"):
        assert client.get(url)["Cache-Control"] == "private, no-store", url


def test_visitors_pages_may_be_cached(client, thread):
    assert "no-store" not in client.get(thread.get_absolute_url()).get("Cache-Control", "")


def test_every_response_denies_the_browser_features_the_site_never_uses(client, member, db):
    responses = [
        client.get("/"),
        client.get("/no-such-page/"),
        client.get("/healthz"),
        client.get("/static/vendor/bootstrap/bootstrap.min.css"),
        client.get("/?q=\x00"),
    ]
    client.force_login(member)
    responses.append(client.get("/"))
    for response in responses:
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy
        assert "microphone=()" in policy and "interest-cohort=()" in policy
