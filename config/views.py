import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string

from config.middleware import typed_text
from forum.permissions import EmailNotConfirmed


def csrf_failure(request, reason=""):
    # The reason is for logs, not for members: the page explains what to do instead.
    return render(request, "403_csrf.html", status=403)


def permission_denied(request, exception=None):
    return render(
        request,
        "403.html",
        {
            "exception": str(exception) if exception else "",
            "offer_confirmation": isinstance(exception, EmailNotConfirmed),
        },
        status=403,
    )


def server_error(request):
    """The 500 page, except when the database is what failed: then the friendly 503,
    whichever layer met the failure (the session and member are loaded by middleware,
    before any view). Rendered without the database and without the request's context.
    """
    failure = sys.exc_info()[1]
    while failure is not None and not isinstance(failure, (OperationalError, InterfaceError)):
        failure = failure.__cause__ or failure.__context__
    if failure is not None:
        page = render_to_string("503.html", {"kept": typed_text(request)})
        return HttpResponse(page, status=503, headers={"Retry-After": "30"})
    return HttpResponseServerError(render_to_string("500.html"))


# What search engines may read: the public communities and discussions. Members' pages,
# accounts, search results and the admin are not for them.
ROBOTS_DISALLOW = [
    "/accounts/",
    "/account/",
    "/admin/",
    "/members/",
    "/notifications/",
    "/search/",
    "/moderation/",
    "/posts/",
    "/clinicians/",
]


def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {settings.SITE_URL.rstrip('/')}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
