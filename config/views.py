from django.shortcuts import render


def csrf_failure(request, reason=""):
    # The reason is for logs, not for members: the page explains what to do instead.
    return render(request, "403_csrf.html", status=403)
