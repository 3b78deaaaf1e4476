"""What one request writes to the logs of the production server holds no search words,
no client address and no secret of an emailed link.

gunicorn runs with the project's own gunicorn.conf.py, production settings and an SQLite
file database, as a deployment would; its access log and its output are read back."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
SEARCH_WORDS = "séropositive enceinte " + "traitement " * 30  # a key past 250 characters
CONFIRM_KEY = "Mzk6MWZ4c2Rm-confirmsecret"
RESET_KEY = "1b-resetsecret42"
FORWARDED_FOR = "203.0.113.77"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url):
    request = urllib.request.Request(url, headers={"X-Forwarded-For": FORWARDED_FOR})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def server_logs(tmp_path_factory):
    run = tmp_path_factory.mktemp("logs")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{run / 'forum.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": "log-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "INFO",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESS_LOG": str(run / "access.log"),
        "PYTHONWARNINGS": "always",
        "STATIC_ROOT": str(run / "static"),
    }
    env.pop("REDIS_URL", None)
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["createcachetable"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    output = open(run / "output.log", "w")
    server = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if _get(base + "/healthz") == 200:
                    break
            except OSError:
                time.sleep(0.1)
        statuses = [
            _get(base + "/search/?" + urllib.parse.urlencode({"q": SEARCH_WORDS})),
            _get(base + "/?" + urllib.parse.urlencode({"q": SEARCH_WORDS})),
            _get(f"{base}/accounts/confirm-email/{CONFIRM_KEY}/"),
            _get(f"{base}/accounts/password/reset/key/{RESET_KEY}/"),
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)
        output.close()
    return {
        "statuses": statuses,
        "access": (run / "access.log").read_text(),
        "output": (run / "output.log").read_text(),
    }


def test_the_requests_were_served_and_logged(server_logs):
    assert server_logs["statuses"][0] == 200
    assert server_logs["access"].count("GET /search/") == 1
    assert "/accounts/confirm-email/***" in server_logs["access"]


def test_no_search_words_reach_any_log(server_logs):
    for log in (server_logs["access"], server_logs["output"]):
        assert "ropositive" not in log
        assert "enceinte" not in log
        assert "traitement" not in log
        assert "s%C3%A9" not in log


def test_no_client_address_in_the_access_log(server_logs):
    assert "127.0.0.1" not in server_logs["access"]
    assert FORWARDED_FOR not in server_logs["access"] + server_logs["output"]


def test_emailed_links_secrets_are_masked(server_logs):
    for log in (server_logs["access"], server_logs["output"]):
        assert "confirmsecret" not in log
        assert "resetsecret42" not in log
