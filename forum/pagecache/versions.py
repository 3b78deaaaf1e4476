"""Version keys: a number in the cache per thing that pages show, bumped by every write
that changes it. A cached page stores the versions it was made under and is used only
while they are current, so a write is seen on the next request, by everyone."""

import time

from django.core.cache import cache

SITE = "pf:v:site"
# Part of every page's versions: bumped when something shown on many pages changes (a
# member's name, a clinician's badge).
EVERYTHING = "pf:v:all"


def thread_key(thread_id) -> str:
    return f"pf:v:t:{thread_id}"


def community_key(slug) -> str:
    return f"pf:v:c:{slug}"


def bump(*, thread_ids=(), community_slugs=(), everything=False) -> None:
    """Invalidate the pages of these discussions and communities, and the home."""
    keys = [SITE, *map(thread_key, thread_ids), *map(community_key, community_slugs)]
    for key in [*keys, EVERYTHING] if everything else keys:
        bump_key(key)


def bump_key(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not set yet (or evicted): a new starting value invalidates
        cache.set(key, _first_value(), timeout=None)


def member_changed(**kwargs) -> None:
    """accounts.events.member_changed: a name, role or badge shows on every page the
    member posted on."""
    bump(everything=True)


def _first_value() -> int:
    # Where a version starts, and starts again if the cache evicted it: the time in
    # microseconds, never a number that pages stored under the old version may carry.
    return time.time_ns() // 1000


def versions(keys: list[str], *extra: str) -> dict:
    """The current value of each version key (starting the missing ones), and of the
    `extra` keys when set: one round trip."""
    found = cache.get_many([*keys, *extra])
    for key in keys:
        if key not in found:
            found[key] = _first_value()
            if not cache.add(key, found[key], timeout=None):
                found[key] = cache.get(key, found[key])
    return found


def version(key: str) -> int:
    return versions([key])[key]
