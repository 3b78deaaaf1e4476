import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string

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
            return HttpResponseBadRequest(
                "Null characters are not allowed in addresses.", content_type="text/plain"
            )
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
            response = render_to_string("503.html")
            return HttpResponse(response, status=503, headers={"Retry-After": "30"})
        return None
