"""Health endpoints for load balancers and orchestrators. Cheap, never cached."""

import logging
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """The process answers (liveness): no database, no cache."""
    return JsonResponse({"status": "ok"})


def _check_database() -> None:
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")


def _check_cache() -> None:
    # The shared cache answers misses when Redis is down (pages still work): ask it
    # directly whether it is there.
    if hasattr(cache, "check"):
        cache.check()
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was just stored")
    cache.delete(key)


@never_cache
def readyz(request):
    """Ready to serve (readiness): every database and the cache answer. 503 names what
    failed, so an operator sees at once which part is down."""
    checks = {"database": _check_database, "cache": _check_cache}
    results, failed = {}, False
    for name, check in checks.items():
        try:
            check()
        except Exception as error:  # any failure means "not ready"
            logger.warning("readiness check failed: %s: %s", name, type(error).__name__)
            results[name] = f"failing: {type(error).__name__}"
            failed = True
        else:
            results[name] = "ok"
    return JsonResponse(
        {"status": "failing" if failed else "ok", "checks": results},
        status=503 if failed else 200,
    )
