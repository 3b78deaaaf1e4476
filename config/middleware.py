from django.http import HttpResponseBadRequest


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
