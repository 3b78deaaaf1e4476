from django.shortcuts import render

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
