"""Run by ops/celery_check.sh while a real Celery worker runs: a reply's notification
fan-out and its email must be done by the worker, not by this process."""

import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402

from forum import services  # noqa: E402
from notifications.models import Notification  # noqa: E402
from tests.factories import CommunityFactory, UserFactory  # noqa: E402


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        fail("tasks would run inline: set CELERY_TASK_ALWAYS_EAGER=0")
    asker = UserFactory(display_name="Asking Member", email="asker@example.org")
    replier = UserFactory(display_name="Helpful Member", email="replier@example.org")
    with transaction.atomic():
        thread = services.thread_create(
            author=asker,
            community=CommunityFactory(),
            title="Does the worker run?",
            body="Question",
        )
    started = time.time()
    with transaction.atomic():
        # A mention: emailed at once by default (replies go to the daily digest).
        services.reply_create(author=replier, thread=thread, body="It should, @Asking Member.")
    queued = time.time()
    # This process queued the task and moved on; only the worker can create the row.
    while time.time() - started < 30:
        notification = Notification.objects.filter(recipient=asker).first()
        if notification is not None:
            print(
                f"  ok  the worker created the asker's notification in {time.time() - queued:.2f}s"
            )
            break
        time.sleep(0.1)
    else:
        fail("no notification after 30 s: the worker did not run the task")
    mail_dir = Path(settings.EMAIL_FILE_PATH)
    while time.time() - started < 30:
        if any(
            "asker@example.org" in p.read_text(errors="replace") for p in mail_dir.glob("*.log")
        ):
            print("  ok  the worker sent the notification email")
            break
        time.sleep(0.2)
    else:
        fail("the worker did not send the notification email")
    print("celery drill passed")


if __name__ == "__main__":
    main()
