"""Members' pages from a shared copy, with the few parts that are theirs filled in.

A signed-in member's discussion, community, home, profile and search pages read the same
for every member except in a few places: the account links in the navigation bar, the
follow button, each post's thanks, edit and report links, the reply box. A view wrapped
in `shared_for_members` renders its page once, as a *skeleton* in which each of those
places is a marker, and caches it under the same version keys as the visitors' page
cache (forum.pagecache), so any write that changes the page makes a new skeleton. Every
member's request then costs one cache read and the rendering of their own parts.

The markers:

- `{% reader_part "template.html" %}` in a template renders that template in place on a
  normal render, and leaves `<!--reader-part:template.html-->` in a skeleton; filling
  renders the template with the reader's context (see `reader_context` below).
- `<!--post-actions:ID-->`, left by forum.postrender for each post's footer, filled from
  the `post_actions` dict of the reader's context.

Post text cannot forge a marker (nh3 strips comments from it; titles and names are
escaped). A skeleton is never made for a moderator (they see hidden text and controls),
for a request with a one-off message waiting, for a reader the view says sees more than
others (`shares`), or when rendering it handed out a CSRF token outside a reader's part:
those requests are rendered in full. Skeletons are rendered from the primary database.
"""

import hashlib
import logging
import re
import sys
from functools import cache as memoize
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template import loader
from django.template.context import make_context

from config.db_router import use_primary
from forum import pagecache, permissions, postrender

logger = logging.getLogger(__name__)

MARKER = re.compile(r"<!--(?:reader-part:([\w./-]+)|post-actions:(\d+))-->")
_BUILDING = "_reader_page_skeleton"
# Every page has it (base.html's account links).
FIRST_PART = "_nav_account.html"


def is_building(request) -> bool:
    return getattr(request, _BUILDING, None) is not None


def skeleton(request) -> dict:
    """Context processor: `skeleton` is true while a shared copy is being rendered."""
    return {"skeleton": is_building(request)}


def keep(request, **data) -> None:
    """Store, with the skeleton being built, what `reader_context` needs (pickled into
    the cache: keep it small and free of anything personal)."""
    getattr(request, _BUILDING).update(data)


def applies(request) -> bool:
    user = request.user
    return (
        request.method in ("GET", "HEAD")
        and settings.PAGE_CACHE_SECONDS > 0
        and user.is_authenticated
        and not permissions.is_moderator(user)
        and "messages" not in request.COOKIES
        and "_messages" not in request.session
    )


@memoize
def _templates_digest() -> str:
    """Part of every key: a deploy that changes the templates (and so, perhaps, the
    reader parts a skeleton names) never fills an older skeleton."""
    digest = hashlib.blake2b(digest_size=6)
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*.html")):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _code_digest(view) -> str:
    """Part of a view's keys: the source of the code that makes and fills its skeletons
    (the view's module, this one and forum.postrender), so that a deploy, even a rolling
    one, never fills an entry made by other code."""
    digest = hashlib.blake2b(digest_size=6)
    for module in (sys.modules[view.__module__], sys.modules[__name__], postrender):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def _lookup(version_keys: list[str], request, code: str) -> tuple[str, str, object]:
    """The cache key of this page for this audience, its current versions, and the
    entry stored there (None when missing or made before the latest versions): one
    round trip. The versions are kept in the entry rather than in its key, so that the
    versions and the page are fetched together."""
    # Clinicians see a few more links (questions waiting for an expert).
    audience = "c" if request.user.is_clinician else "m"
    path = pagecache.path_digest(request)
    key = f"pf:member-page:{_templates_digest()}.{code}:{audience}:{path}"
    keys = [pagecache.EVERYTHING, *version_keys]
    found = pagecache.versions(keys, key)
    versions = ".".join(str(found[version_key]) for version_key in keys)
    entry = found.get(key)
    if entry is not None and entry[0] != versions:
        entry = None
    return key, versions, entry


def fill(html: str, request, context: dict) -> str:
    parts = MARKER.split(html)
    out = [parts[0]]
    actions = context.get("post_actions", {})
    # One context for all the parts: the context processors run once.
    context = make_context(context, request)
    with context.bind_template(loader.get_template(FIRST_PART).template):
        for index in range(1, len(parts), 3):
            template_name, post_id = parts[index], parts[index + 1]
            if template_name:
                with context.push():
                    out.append(loader.get_template(template_name).template.render(context))
            else:
                out.append(actions.get(int(post_id), ""))
            out.append(parts[index + 2])
    return "".join(out)


def shared_for_members(version_keys, reader_context=None, shares=None):
    """Serve a view's page to members from a shared skeleton.

    `version_keys(**view_kwargs)` lists the pagecache version keys whose bump changes the
    page. `shares(request, **view_kwargs)`, if given, says whether this reader may have
    the shared copy at all (asked before one is made: a reader who sees more than others,
    such as the owner of a profile, must never make it). `reader_context(request, data)`,
    given what the view `keep`s, returns the context of the reader's parts, or None when
    this reader must get the full view."""

    def decorator(view):
        code = _code_digest(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not applies(request) or (shares and not shares(request, **kwargs)):
                return view(request, *args, **kwargs)
            key, versions, entry = _lookup(version_keys(**kwargs), request, code)
            if entry is None:
                entry = _build(view, request, args, kwargs, key, versions)
                if isinstance(entry, HttpResponse):
                    return entry
            _, html, content_type, data = entry
            context = reader_context(request, data) if reader_context else {}
            if context is None:
                return view(request, *args, **kwargs)
            return HttpResponse(fill(html, request, context), content_type=content_type)

        return wrapper

    return decorator


def _build(view, request, args, kwargs, key, versions):
    """Render the view as a skeleton and store it; or the response to send instead."""
    # A CSRF token asked for outside a reader's part would be shared: watched through
    # the flag Django sets whenever a token is handed out.
    token_asked = request.META.pop("CSRF_COOKIE_NEEDS_UPDATE", False)
    setattr(request, _BUILDING, {})
    # From the primary: a replica a moment behind the write that bumped the versions
    # would otherwise store an older page under the new ones.
    primary = use_primary.set(True)
    try:
        response = view(request, *args, **kwargs)
    finally:
        use_primary.reset(primary)
        data = getattr(request, _BUILDING)
        delattr(request, _BUILDING)
        leaked = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
        if token_asked or leaked:
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    if response.status_code != 200 or response.cookies:
        # Not shared (a refusal, a form with errors…): a page made as a skeleton is
        # made again for this reader.
        if MARKER.search(response.content.decode(response.charset)):
            return view(request, *args, **kwargs)
        return response
    if leaked:
        logger.warning("reader page %s handed out a CSRF token: not shared", key)
        return view(request, *args, **kwargs)
    entry = (versions, response.content.decode(response.charset), response["Content-Type"], data)
    cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
    return entry
