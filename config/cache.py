"""Django's Redis cache backend, with one client object per connection pool.

The stock client builds a new `redis.Redis` for every cache operation, and each one
copies redis-py's table of ~100 response callbacks: on a signed-in discussion page (a
dozen cache operations) that was about a millisecond of pure overhead. A `redis.Redis`
is safe to share between threads; the connections still come from the same pool.
"""

import hashlib
import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class _Client(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


# A cache that cannot be reached is reported at most this often, not on every request.
UNAVAILABLE_LOG_SECONDS = 60
_last_reported = 0.0


def _report(error: Exception) -> None:
    global _last_reported
    now = time.monotonic()
    if now - _last_reported >= UNAVAILABLE_LOG_SECONDS:
        _last_reported = now
        logger.error("cache unavailable, serving without it: %s", type(error).__name__)


def _degrades(fallback):
    """When Redis cannot be reached, the operation answers `fallback(*args)` instead of
    raising: a read is a miss, a write is skipped, a counter starts again. Pages are then
    built from the database (sessions are written through to it), and no page fails."""

    def decorator(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                _report(error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorator


def _default(key, default=None, *args, **kwargs):
    return default


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        params = {**params}
        # A Redis that hangs must not hang every request: fail fast, serve without it.
        params["OPTIONS"] = {
            "socket_connect_timeout": 0.5,
            "socket_timeout": 1,
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, params)
        self._class = _Client

    get = _degrades(_default)(DjangoRedisCache.get)
    get_many = _degrades(lambda keys, *a, **k: {})(DjangoRedisCache.get_many)
    has_key = _degrades(lambda *a, **k: False)(DjangoRedisCache.has_key)
    set = _degrades(lambda *a, **k: None)(DjangoRedisCache.set)
    set_many = _degrades(lambda *a, **k: [])(DjangoRedisCache.set_many)
    # As if stored: a lock taken with add() (allauth's rate limits) must not wait forever.
    add = _degrades(lambda *a, **k: True)(DjangoRedisCache.add)
    touch = _degrades(lambda *a, **k: False)(DjangoRedisCache.touch)
    delete = _degrades(lambda *a, **k: False)(DjangoRedisCache.delete)
    delete_many = _degrades(lambda *a, **k: None)(DjangoRedisCache.delete_many)
    incr = _degrades(lambda key, delta=1, *a, **k: delta)(DjangoRedisCache.incr)

    def check(self) -> None:
        """For /readyz: a round trip that raises when Redis cannot be reached."""
        self._cache.get_client(write=True).ping()


# Django warns about keys longer than memcached's 250 characters, printing them whole.
LONGEST_PLAIN_KEY = 200


def make_key(key: str, key_prefix: str, version: int) -> str:
    """Django's key, except that a long or non-ASCII one is replaced by its digest."""
    if len(key) > LONGEST_PLAIN_KEY or not key.isascii() or not key.isprintable():
        key = "h:" + hashlib.blake2b(key.encode(), digest_size=20).hexdigest()
    return f"{key_prefix}:{version}:{key}"
