"""Visitors' pages answered before the middleware: the outermost middleware serves a
cookie-less GET that the page cache answered before, with the headers the whole stack
gave it then, as long as the versions it was made under are current.

A visitor's page is the same for every visitor of one variant (forum.pagecache), and a
request without any cookie is a visitor with the default reading comfort and time zone:
only the host, the scheme, the language its Accept-Language asks for, whether it
accepts a compressed page (django.middleware.gzip, next in the stack) and the path with
its query tell two such pages apart. The full path stores what it served
(`request.front_page`, set by Page.serve for visitors' stored pages) when nothing in the
response is the request's own (no cookie set, no parameter dropped); this middleware
replays it with a fresh request id. tests/forum/test_front_cache.py proves that a page
served here equals the one the whole stack serves.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import translation

from config.logging import _VALID_REQUEST_ID

# Addresses that are never a page: no cache round trip for them.
NEVER_PAGES = ("/static/", "/healthz", "/readyz", "/admin/", "/accounts/")
# Headers that belong to one response only, never replayed.
NOT_REPLAYED = {"x-request-id", "content-length", "date", "x-page-cache"}


def _key(request) -> str | None:
    """The page's front key, or None when this request must take the whole path."""
    if request.method != "GET" or request.META.get("HTTP_COOKIE"):
        return None
    if settings.PAGE_CACHE_SECONDS <= 0 or request.path.startswith(NEVER_PAGES):
        return None
    secure = request.is_secure()
    if settings.SECURE_SSL_REDIRECT and not secure:
        return None  # SecurityMiddleware redirects it
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the whole path answers 400
    language = translation.get_language_from_request(request)
    gzip = "z" if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else ""
    variant = "\x1f".join(
        (
            host,
            "s" if secure else "",
            language,
            gzip,
            request.path,
            request.META.get("QUERY_STRING", ""),
        )
    )
    digest = hashlib.blake2b(variant.encode(), digest_size=16).hexdigest()
    return f"pf:front:{settings.RELEASE}:{digest}"


# The version keys of each front key this process has stored or replayed, so that the
# entry and its versions come in one round trip (bounded: forgotten when full).
_NAMES: dict[str, tuple[str, ...]] = {}
NAMES_KEPT = 10_000


def _lookup(key: str):
    """The entry under `key`, with the current values of its version keys: one round
    trip when this process knows the page's version keys, two the first time."""
    names = _NAMES.get(key, ())
    found = cache.get_many([key, *names])
    entry = found.get(key)
    if entry is None:
        return None, {}
    if tuple(entry[0]) != names:
        _remember(key, entry[0])
        found = cache.get_many(entry[0])
    return entry, found


def _remember(key: str, names) -> None:
    if len(_NAMES) >= NAMES_KEPT:
        _NAMES.clear()
    _NAMES[key] = tuple(names)


def _replay(request, entry, found) -> HttpResponse | None:
    names, stamp, headers, content = entry
    if ".".join(str(found.get(name, "")) for name in names) != stamp:
        return None  # a write since: the whole path makes the page again
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    incoming = request.headers.get("X-Request-ID", "")
    response["X-Request-ID"] = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
    response["X-Page-Cache"] = "front"
    return response


class VisitorPageMiddleware:
    """Outermost (settings.MIDDLEWARE): see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request)
        if key is not None:
            entry, found = _lookup(key)
            if entry is not None:
                response = _replay(request, entry, found)
                if response is not None:
                    return response
            query = request.META.get("QUERY_STRING", "")
        response = self.get_response(request)
        if key is not None and _storable(request, response, query):
            names, stamp = request.front_page
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in NOT_REPLAYED
            ]
            cache.set(key, (names, stamp, headers, response.content), settings.PAGE_CACHE_SECONDS)
            _remember(key, names)
        return response


def _storable(request, response, query: str) -> bool:
    return (
        hasattr(request, "front_page")
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        # The page read every parameter it was given (forum.pagecache.page._read_params
        # drops the others): a query full of random parameters makes no entry.
        and request.META.get("QUERY_STRING", "") == query
    )
