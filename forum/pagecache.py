"""Whole-page caching for visitors who are not signed in, invalidated by version keys.

Visitors get the same HTML as each other, and most of the traffic of a patient forum is
theirs. Each cached page's key includes a version number kept in the cache:

- a discussion's pages: the discussion's version;
- a community's pages: the community's version;
- the home page: the site's version.

Every forum write bumps the versions it affects (forum.services calls `bump` on commit),
so a visitor never sees a page older than the last write that touched it. Sidebars such
as "most commented" may lag by at most PAGE_CACHE_SECONDS.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict

SITE = "pf:v:site"
# Part of every page's key: bumped when something shown on many pages changes (a member's
# name, a clinician's badge).
EVERYTHING = "pf:v:all"


def thread_key(thread_id) -> str:
    return f"pf:v:t:{thread_id}"


def community_key(slug) -> str:
    return f"pf:v:c:{slug}"


def bump(*, thread_ids=(), community_slugs=(), everything=False) -> None:
    """Invalidate the cached pages of these discussions and communities, and the home."""
    keys = [SITE, *map(thread_key, thread_ids), *map(community_key, community_slugs)]
    for key in [*keys, EVERYTHING] if everything else keys:
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


def fragment_key(version_key: str, request) -> str:
    """For `{% cache %}` around the part of a page that all members see alike (and all
    visitors alike): the versions that invalidate it, and whether the reader is signed
    in (visitors see public communities only). One round trip."""
    found = versions([EVERYTHING, version_key])
    audience = "m" if request.user.is_authenticated else "v"
    return f"{found[EVERYTHING]}.{found[version_key]}.{audience}"


def reads(*params):
    """The query parameters a cached page reads. The others (`?utm=…`, anything random)
    are dropped from the request before the caches and the view see it: they neither
    store another copy of the page nor appear in its links. Outermost decorator."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.GET:
                kept = QueryDict(mutable=True)
                for name in sorted(params):
                    if name in request.GET:
                        kept.setlist(name, request.GET.getlist(name))
                request.GET = kept
                request.META["QUERY_STRING"] = kept.urlencode()
            return view(request, *args, **kwargs)

        wrapper.reads = params
        return wrapper

    return decorator


def path_digest(request) -> str:
    """The page's path and parameters as a cache key part: a digest, so that a search's
    words never sit in a key (nor in a warning about one) and keys stay short."""
    return hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()


def _cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES  # a one-off message is for this visitor only
        and settings.PAGE_CACHE_SECONDS > 0
    )


def for_visitors(version_key):
    """Cache a view's page for visitors; `version_key(**view_kwargs)` names its version."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            page_key = version_key(**kwargs)
            found = versions([EVERYTHING, page_key])  # one round trip for both
            key = f"pf:page:{found[EVERYTHING]}:{found[page_key]}:{path_digest(request)}"
            cached = cache.get(key)
            if cached is not None:
                status, content, content_type = cached
                response = HttpResponse(content, status=status, content_type=content_type)
                response["X-Page-Cache"] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies:
                cache.set(
                    key,
                    (response.status_code, response.content, response["Content-Type"]),
                    settings.PAGE_CACHE_SECONDS,
                )
                response["X-Page-Cache"] = "miss"
            return response

        return wrapper

    return decorator
