"""A cached page: declared once, served by `Page.serve`; see the package's docstring."""

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.template import context_processors, loader
from django.template.context import make_context
from django.utils import timezone, translation

from accounts import comfort, navigation
from config.db_router import use_primary
from forum import parts
from forum.pagecache import audience as audiences
from forum.pagecache.versions import EVERYTHING, versions

# Every declared page by name: the differential test covers each one.
PAGES: dict[str, "Page"] = {}

# Left in a shared copy where the reader's own parts go: `{% reader_part "name.html" %}`
# for a template, and `{% reader_mark "kind" id %}` for one of many small parts filled
# from the reader context's "marks" ({kind: {id: html}}): each post's footer
# (forum.postrender), the places before and after a post (the "new since your last
# visit" divider; the fold around a post by a member the reader blocked), a listed
# discussion's unread count. Post text cannot forge one (nh3 strips
# comments; titles and names are escaped).
MARK_KINDS = ("post-actions", "before-post", "after-post", "thread-state")
MARKER = re.compile(r"<!--(?:reader-part:([\w./-]+)|(" + "|".join(MARK_KINDS) + r"):(\d+))-->")
# Reader parts asked for on every page, built in Python rather than from a template
# (`{% reader_part "nav-account" %}`): each takes the reader's template context.
BUILT_PARTS = {
    "nav-account": navigation.account_links,
    "nav-unread": navigation.unread_badge,
    "follow-levels": parts.follow_levels,
    "reply-box": parts.reply_box,
}
# The reader's own cache keys that every member's page reads (the unread count in the
# navigation: the notifications app registers it), fetched in the page's own round trip
# and left on the request as `request.prefetched`.
READER_KEYS: list = []
# What a shared copy may keep for its readers: plain values only, so that no model
# instance (with an email address or a password hash on it) is ever stored.
PLAIN = (str, int, float, bool, type(None))


class Moved(Exception):
    """Raised by a shared function: the page lives at another address (a renamed
    discussion's old slug)."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


@dataclass(frozen=True)
class Address:
    """All a shared copy knows of the request: its path and the parameters the page
    reads, both part of its key. Templates see it as `request`."""

    path: str
    GET: QueryDict

    def get_full_path(self) -> str:
        return f"{self.path}?{self.GET.urlencode()}" if self.GET else self.path


def _no_reader_parts(request, facts, **extra) -> dict:
    return {}


class Page:
    """A page made of a shared copy and the reader's own parts.

    - `versions(**url_kwargs)`: the version keys whose bump changes the page
      (forum.pagecache.versions; EVERYTHING is always added).
    - `shared(audience, query, **url_kwargs) -> dict`: the page's context for an audience,
      never for a request; `query` holds only the parameters in `params`. It raises
      Http404 for what the audience may not see and `Moved` for a page elsewhere; the
      keys "status" and "template" change the response's status and template, and
      "facts" holds what the copy keeps for its readers (plain values only).
    - `reader(request, facts, **extra) -> dict | None`: the context of the reader's own
      parts, from those facts (with "audience", the name of the audience they were
      computed for); None when this reader must have a page computed for them alone.
    """

    def __init__(self, name, *, template, versions, shared, reader=None, params=()):
        self.name = name
        self.template = template
        self.versions = versions
        self.shared = shared
        self.reader = reader or _no_reader_parts
        self.params = tuple(sorted(params))
        PAGES[name] = self

    def serve(self, request, *, status: int = 200, extra: dict | None = None, **url_kwargs):
        """The page for this request. A `status` or `extra` reader context (a form sent
        back with its errors) always computes the page live."""
        query = _read_params(request, self.params)
        audience = None
        if status == 200 and not extra and _storable(request):
            audience = audiences.shared_audience(request.user)
        try:
            if audience is not None:
                response = self._from_copy(request, audience, query, url_kwargs)
                if response is not None:
                    return response
            return self._live(request, query, url_kwargs, status, extra or {})
        except Moved as moved:
            suffix = f"?{query.urlencode()}" if query else ""
            return HttpResponsePermanentRedirect(moved.url + suffix)

    def _from_copy(self, request, audience, query, url_kwargs):
        """The page from its audience's shared copy (made and stored if missing), or None
        when this reader needs a live one."""
        names = [EVERYTHING, *self.versions(**url_kwargs)]
        key = self._key(request, audience, query)
        readers = [found for reader_key in READER_KEYS if (found := reader_key(request))]
        found = versions(names, key, *readers)
        request.prefetched = {name: found[name] for name in readers if name in found}
        stamp = ".".join(str(found[name]) for name in names)
        entry = found.get(key)
        is_hit = entry is not None and entry[0] == stamp
        if not is_hit:
            # From the primary: a replica a moment behind the write that bumped the
            # versions would store an older page under the new ones.
            token = use_primary.set(True)
            try:
                status, html, kept = self._make(audience, request, query, url_kwargs)
            except Http404:
                if audience is audiences.VISITORS:
                    raise
                return None  # perhaps theirs: a discussion of theirs awaiting review
            finally:
                use_primary.reset(token)
            if audience is audiences.VISITORS:
                html = _fill(html, request, self.reader(request, kept))
            if status != 200:  # a refusal or an error page is never stored
                is_visitor = audience is audiences.VISITORS
                return HttpResponse(html, status=status) if is_visitor else None
            entry = (stamp, html, kept)
            # A visitor's page is stored whole: never with a CSRF token handed out in it.
            handed_token = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
            if audience is not audiences.VISITORS or not handed_token:
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        _, html, kept = entry
        if audience is audiences.VISITORS:
            response = HttpResponse(html)
            response["X-Page-Cache"] = "hit" if is_hit else "miss"
            # What forum.pagecache.front keeps with the response, to check it is current.
            request.front_page = (names, stamp)
            return response
        context = self.reader(request, kept)
        if context is None:
            return None
        return HttpResponse(_fill(html, request, context))

    def _live(self, request, query, url_kwargs, status, extra):
        shared_status, html, kept = self._make(
            audiences.live(request.user), request, query, url_kwargs
        )
        context = self.reader(request, kept, **extra)
        if context is None:
            raise RuntimeError(f"page {self.name}: its reader refused a page made for them")
        return HttpResponse(
            _fill(html, request, context), status=shared_status if status == 200 else status
        )

    def _make(self, audience, request, query, url_kwargs) -> tuple[int, str, dict]:
        """The shared copy: its status, its HTML with markers, and what it keeps."""
        shared = self.shared(audience, query, **url_kwargs)
        kept = {**shared.get("facts", {}), "audience": audience.name}
        _check_plain(self.name, kept)
        context = {
            **_shared_context(request),
            **shared,
            "skeleton": True,
            "user": audience.viewer,
            "request": Address(request.path, query),
        }
        template = loader.get_template(shared.get("template", self.template))
        # No request: no context processor runs and no CSRF token can be handed out.
        return shared.get("status", 200), template.render(context), kept

    def _key(self, request, audience, query) -> str:
        variant = "\x1f".join(
            (
                translation.get_language() or "",
                timezone.get_current_timezone_name(),
                comfort.page_variant(request),
                Address(request.path, query).get_full_path(),
            )
        )
        # A digest: a search's words never sit in a key (nor in a warning about one).
        digest = hashlib.blake2b(variant.encode(), digest_size=16).hexdigest()
        return f"pf:page:{settings.RELEASE}:{self.name}:{audience.name}:{digest}"


def _read_params(request, params) -> QueryDict:
    """Only the parameters the page reads: the others (`?utm=…`, anything random) are
    dropped before anything sees the request, so they neither make another copy of the
    page nor appear in its links."""
    if request.GET:
        kept = QueryDict(mutable=True)
        for name in params:
            if name in request.GET:
                kept.setlist(name, request.GET.getlist(name))
        kept._mutable = False
        request.GET = kept
        request.META["QUERY_STRING"] = kept.urlencode()
    return request.GET


def _storable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.PAGE_CACHE_SECONDS > 0
        # A one-off message (and the write behind it) is this reader's: a live page.
        and "messages" not in request.COOKIES
        and not (request.user.is_authenticated and "_messages" in request.session)
    )


def _shared_context(request) -> dict:
    """What the context processors would add that is the same for every reader of this
    variant (language, time zone, reading comfort: all in the key)."""
    return {
        "site_url": settings.SITE_URL.rstrip("/"),
        **context_processors.i18n(None),
        **context_processors.tz(None),
        "comfort": comfort.for_request(request),
    }


def _check_plain(name: str, value) -> None:
    if isinstance(value, dict):
        for item in value.values():
            _check_plain(name, item)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_plain(name, item)
    elif not isinstance(value, PLAIN):
        raise TypeError(f"page {name} keeps a {type(value).__name__}: plain values only")


# A post behind a content warning is folded in the shared copy; a member who chose to see
# such posts unfolded gets them open (accounts.models.User.unfolds_content_warnings).
FOLDED = '<details class="content-warning">'
UNFOLDED = '<details class="content-warning" open>'


def _fill(html: str, request, context: dict) -> str:
    """The shared copy with each marker replaced by the reader's part."""
    if getattr(request.user, "unfolds_content_warnings", False):
        html = html.replace(FOLDED, UNFOLDED)
    parts = MARKER.split(html)
    out = [parts[0]]
    marks = context.get("marks", {})
    # One context for all the parts: the context processors run once.
    context = make_context(context, request)
    with context.bind_template(loader.get_template("base.html").template):
        for index in range(1, len(parts), 4):
            template_name, kind, pk = parts[index : index + 3]
            if template_name in BUILT_PARTS:
                out.append(BUILT_PARTS[template_name](context))
            elif template_name:
                with context.push():
                    out.append(loader.get_template(template_name).template.render(context))
            else:
                out.append(marks.get(kind, {}).get(int(pk), ""))
            out.append(parts[index + 3])
    return "".join(out)
