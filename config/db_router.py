"""Read replicas: reads go to a replica, writes to the primary, and a member who has just
written reads from the primary for a little while (read-your-writes), so they never miss
the reply they just posted because a replica lags a few hundred milliseconds behind.

Active only when DATABASE_REPLICA_URLS is set (see config/settings.py).
"""

import contextvars
import random
import time

from django.conf import settings

# Whether reads must go to the primary. True by default: management commands, workers and
# anything outside a request read what they are about to write. Only a reading request
# (see ReadYourWritesMiddleware) switches it off.
use_primary: contextvars.ContextVar[bool] = contextvars.ContextVar("use_primary", default=True)

COOKIE = "pf_primary_until"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if use_primary.get() or not settings.DATABASE_REPLICAS:
            return "default"
        if model._meta.app_label == "django_cache":
            return "default"  # the database cache must read what it just wrote
        return random.choice(settings.DATABASE_REPLICAS)

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas hold the same data as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReadYourWritesMiddleware:
    """A request that writes (any unsafe method) reads from the primary, and so do the
    same browser's requests for READ_YOUR_WRITES_SECONDS afterwards (a cookie says until
    when: it is only a routing hint, nothing to protect)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in SAFE_METHODS
        try:
            pinned_until = float(request.COOKIES.get(COOKIE, "0"))
        except ValueError:
            pinned_until = 0.0
        token = use_primary.set(writes or pinned_until > time.time())
        try:
            response = self.get_response(request)
        finally:
            use_primary.reset(token)
        if writes and settings.DATABASE_REPLICAS:
            seconds = settings.READ_YOUR_WRITES_SECONDS
            response.set_cookie(
                COOKIE,
                str(time.time() + seconds),
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
