"""A bare Django project in one file, as `django-admin startproject` makes it (its
settings, apps and middleware) with one view that returns a short string: the second
ceiling `make bench` reports beside /healthz (ops/bench.py), served by the same
gunicorn settings: `gunicorn -c gunicorn.conf.py ops.bare_django:application`.
"""

import os
import tempfile

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ.get("BARE_SECRET_KEY", "bare-ceiling-only-for-the-benchmark"),
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.admin",
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
        "django.contrib.staticfiles",
    ],
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
    DATABASES={
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.path.join(tempfile.gettempdir(), "bare-ceiling.sqlite3"),
        }
    },
    USE_TZ=True,
    STATIC_URL="static/",
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return HttpResponse("ok")


urlpatterns = [path("", hello)]

application = get_wsgi_application()
