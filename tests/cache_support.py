"""What the tests' cache holds, whichever backend the suite runs with (process memory
unless REDIS_URL is set): tests read the cache through these, never its internals."""

import pickle

from django.core.cache import cache


def stored_keys() -> list[str]:
    """Every key in the cache, as the backend stored it (with its prefix and version)."""
    inner = cache._cache
    if hasattr(inner, "get_client"):  # Redis
        return [key.decode() for key in inner.get_client().keys("*")]
    return list(inner)


def stored_values() -> list[bytes]:
    """Every stored value, pickled as the backend keeps it."""
    inner = cache._cache
    if hasattr(inner, "get_client"):
        client = inner.get_client()
        return [client.get(key) for key in client.keys("*")]
    return [value if isinstance(value, bytes) else pickle.dumps(value) for value in inner.values()]
