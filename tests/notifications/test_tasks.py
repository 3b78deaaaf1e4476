"""The task queue: inline unless configured, and a worker that knows every task."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def test_tasks_run_inline_by_default_with_the_broker_from_the_settings():
    from config.celery import app

    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert app.conf.task_always_eager is True
    assert app.conf.broker_url == settings.CELERY_BROKER_URL
    app.loader.import_default_modules()
    assert {
        "notifications.tasks.notify_post_created",
        "notifications.tasks.send_post_emails",
        "notifications.tasks.send_digests",
    } <= set(app.tasks)


def test_the_environment_turns_the_worker_mode_on():
    code = (
        "import django; django.setup(); from config.celery import app; "
        "print(app.conf.task_always_eager, app.conf.broker_url)"
    )
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_BROKER_URL": "redis://cache.internal:6379/3",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "redis://cache.internal:6379/3"]
