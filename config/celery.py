"""The task queue: Celery with a Redis broker (CELERY_BROKER_URL).

With CELERY_TASK_ALWAYS_EAGER on (the default) every task runs inline, in the process
that queues it: development and tests need no broker and no worker. In production set
CELERY_TASK_ALWAYS_EAGER=0 and run workers beside the web processes:

    celery -A config worker -l info
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("patient_forum")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
