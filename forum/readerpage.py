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
for a request with a one-off message waiting, or when the page would hold a CSRF token
outside a reader's part: those requests are rendered in full.
"""

import hashlib
import logging
import re
from functools import cache as memoize
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template import loader
from django.template.context import make_context

from forum import pagecache, permissions

logger = logging.getLogger(__name__)

MARKER = re.compile(r"<!--(?:reader-part:([\w./-]+)|post-actions:(\d+))-->")
CSRF_FIELD = "csrfmiddlewaretoken"
_BUILDING = "_reader_page_skeleton"
# Every page has it (base.html's account links).
FIRST_PART = "_nav_account.html"


def skeleton(request) -> dict:
    """Context processor: `skeleton` is true while a shared copy is being rendered."""
    return {"skeleton": bool(getattr(request, _BUILDING, None) is not None)}


def is_building(request) -> bool:
    return getattr(request, _BUILDING, None) is not None


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


def _lookup(version_keys: list[str], request) -> tuple[str, str, object]:
    """The cache key of this page for this audience, its current versions, and the
    entry stored there (None when missing or made before the latest versions): one
    round trip. The versions are kept in the entry rather than in its key, so that the
    versions and the page are fetched together."""
    # Clinicians see a few more links (questions waiting for an expert).
    audience = "c" if request.user.is_clinician else "m"
    key = f"pf:member-page:{_templates_digest()}:{audience}:{request.get_full_path()}"
    keys = [pagecache.EVERYTHING, *version_keys]
    found = cache.get_many([*keys, key])
    for version_key in keys:
        if version_key not in found:
            found[version_key] = 1
            cache.add(version_key, 1, timeout=None)
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


def shared_for_members(version_keys, reader_context=None):
    """Serve a view's page to members from a shared skeleton.

    `version_keys(**view_kwargs)` lists the pagecache version keys whose bump changes the
    page. `reader_context(request, data)`, given what the view `keep`s, returns the
    context of the reader's parts, or None when this reader must get the full view."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not applies(request):
                return view(request, *args, **kwargs)
            key, versions, entry = _lookup(version_keys(**kwargs), request)
            if entry is None:
                setattr(request, _BUILDING, {})
                try:
                    response = view(request, *args, **kwargs)
                finally:
                    data = getattr(request, _BUILDING)
                    delattr(request, _BUILDING)
                if response.status_code != 200 or response.cookies:
                    # Not shared (a refusal, a form with errors…): a page made as a
                    # skeleton is made again for this reader.
                    if MARKER.search(response.content.decode(response.charset)):
                        return view(request, *args, **kwargs)
                    return response
                html = response.content.decode(response.charset)
                if CSRF_FIELD in html:
                    logger.warning("reader page %s holds a CSRF token: not shared", key)
                    return view(request, *args, **kwargs)
                entry = (versions, html, response["Content-Type"], data)
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            _, html, content_type, data = entry
            context = reader_context(request, data) if reader_context else {}
            if context is None:
                return view(request, *args, **kwargs)
            return HttpResponse(fill(html, request, context), content_type=content_type)

        return wrapper

    return decorator
