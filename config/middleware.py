import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.ratelimit import RateLimited

logger = logging.getLogger(__name__)


class RejectNulCharactersMiddleware:
    """Answer 400 to a NUL character in the path or the query string.

    PostgreSQL refuses NUL in a string literal and the driver raises ValueError (a 500)
    wherever such a parameter reaches a query; SQLite silently accepts it. Refusing it at
    the door makes both databases behave the same. Form fields are covered separately by
    Django's own ProhibitNullCharactersValidator, which gives a field-level message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in values
        ):
            # Before LocaleMiddleware: the language is read from the request here.
            with translation.override(translation.get_language_from_request(request)):
                message = _("Null characters are not allowed in addresses.")
            return HttpResponseBadRequest(message, content_type="text/plain")
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached gives a friendly 503 page, never a traceback.

    The page is rendered without touching the database (no session, no member), and the
    error is logged with its traceback for the operators.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.error("database unavailable", exc_info=exception)
            response = render_to_string("503.html", {"kept": typed_text(request)})
            return HttpResponse(response, status=503, headers={"Retry-After": "30"})
        return None


# What the pages that give typed text back call the fields people write in.
FIELD_LABELS = {
    "title": gettext_lazy("your title"),
    "body": gettext_lazy("your text"),
    "note": gettext_lazy("your note"),
    "reason": gettext_lazy("your reason"),
    "bio": gettext_lazy("your profile text"),
}

# Form fields that are not something a person wrote, or must never be shown back.
NOT_TYPED_TEXT = ("csrfmiddlewaretoken", "version", "next", "password", "token", "code")


def typed_text(request) -> list[tuple[str, str]]:
    """What a refused form carried that a person typed, to show back on the 503 page so
    that nothing is lost (the forms of the forum's own views re-render themselves)."""
    if request.method != "POST":
        return []
    try:
        fields = request.POST.lists()
    except Exception:  # an unreadable body: nothing to keep
        return []
    return [
        (FIELD_LABELS.get(name, name), value)
        for name, values in fields
        if not any(word in name.lower() for word in NOT_TYPED_TEXT)
        for value in values
        if len(value.strip()) > 1
    ]


class RejectOversizedRequestMiddleware:
    """A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE gets a 413 with a clear message
    before anything reads it (Django alone would answer a bare 400)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit and length > limit:
            # Before LocaleMiddleware: the language is read from the request here.
            with translation.override(translation.get_language_from_request(request)):
                page = render_to_string("413.html", {"limit_kb": limit // 1000})
            return HttpResponse(page, status=413)
        return self.get_response(request)


class RateLimitedMiddleware:
    """Answer a write refused by accounts.ratelimit with 429, the time to wait, and the
    text the member typed, so nothing is lost."""

    TEXT_FIELDS = ("title", "body", "note", "reason", "bio")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RateLimited):
            return None
        kept = [
            (name, FIELD_LABELS[name], request.POST[name])
            for name in self.TEXT_FIELDS
            if request.method == "POST" and request.POST.get(name, "").strip()
        ]
        response = render(
            request,
            "429.html",
            {"wait_seconds": exception.wait_seconds, "kept": kept},
            status=429,
        )
        response["Retry-After"] = str(exception.wait_seconds)
        return response


class PrivacyHeadersMiddleware:
    """Outermost: every response says which browser features the site never uses
    (Permissions-Policy), and a signed-in member's pages are kept by no cache, shared or
    the browser's own (`Cache-Control: private, no-store`): they carry health details.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if self._signed_in(request) and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "private, no-store"
        return response

    @staticmethod
    def _signed_in(request) -> bool:
        # Without a session cookie no one is signed in: nothing to load to know it.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
