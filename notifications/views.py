from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.views import back, posted
from forum.models import ThreadFollow
from forum.pagination import Page, page_number
from notifications import emails, services, unread
from notifications.forms import EmailPreferencesForm
from notifications.models import Notification

NOTIFICATIONS_PER_PAGE = 20
FOLLOWS_SHOWN = 50


# The notifications page ---------------------------------------------------------------


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user)
    page = Page.of(
        page_number(request.GET),
        total=notifications.count(),
        per_page=NOTIFICATIONS_PER_PAGE,
    )
    start = (page.number - 1) * NOTIFICATIONS_PER_PAGE
    rows = notifications.select_related("actor", "post__thread__community").order_by(
        "-created_at", "-id"
    )[start : start + NOTIFICATIONS_PER_PAGE]
    return render(
        request,
        "notifications/list.html",
        {
            "notifications": rows,
            "page": page,
            "has_unread": bool(unread.count(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def notification_open(request, pk):
    """A notification's link (in the list and in emails): marks it read, then goes to
    what it is about."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(user=request.user, notification=notification)
    return redirect(notification.get_absolute_url())


@login_required
@require_POST
def notification_read(request, pk):
    # Someone else's notification is "not found": even that it exists is theirs.
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(user=request.user, notification=notification)
    return back(request, "notifications:list")


@login_required
@require_POST
def notifications_read_all(request):
    marked = services.notifications_mark_all_read(user=request.user)
    if marked:
        messages.success(request, _("All your notifications are marked as read."))
    return back(request, "notifications:list")


# Email choices and unsubscribing ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    form = EmailPreferencesForm(
        posted(request), initial=services.email_choices(request.user), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_update(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your email choices have been saved."))
        return redirect("notifications:preferences")
    follows = (
        ThreadFollow.objects.filter(user=request.user, level=ThreadFollow.Level.WATCHING)
        .select_related("thread")
        .order_by("-created_at", "-id")[:FOLLOWS_SHOWN]
    )
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "follows": follows},
        status=400 if form.is_bound else 200,
    )


# No CSRF check: the signed token in the address is the credential, and mail providers
# send the RFC 8058 one-click POST ("List-Unsubscribe=One-Click") without any cookie.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        user, kind = emails.unsubscribe_target(token)
    except emails.BadToken:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    what = Notification.Kind(kind).label if kind else _("Your daily digest")
    if request.method == "POST":
        services.email_unsubscribe(user=user, kind=kind)
        return render(request, "notifications/unsubscribe_done.html", {"what": what})
    return render(request, "notifications/unsubscribe.html", {"what": what, "token": token})
