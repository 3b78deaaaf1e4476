"""Django's Redis cache backend, with one client object per connection pool.

The stock client builds a new `redis.Redis` for every cache operation, and each one
copies redis-py's table of ~100 response callbacks: on a signed-in discussion page (a
dozen cache operations) that was about a millisecond of pure overhead. A `redis.Redis`
is safe to share between threads; the connections still come from the same pool.
"""

import hashlib

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client


# Django warns about keys longer than memcached's 250 characters, printing them whole.
LONGEST_PLAIN_KEY = 200


def make_key(key: str, key_prefix: str, version: int) -> str:
    """Django's key, except that a long or non-ASCII one is replaced by its digest."""
    if len(key) > LONGEST_PLAIN_KEY or not key.isascii() or not key.isprintable():
        key = "h:" + hashlib.blake2b(key.encode(), digest_size=20).hexdigest()
    return f"{key_prefix}:{version}:{key}"
