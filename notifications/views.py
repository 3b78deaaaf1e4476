from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts import ratelimit
from accounts.views import posted
from forum import permissions as forum_permissions
from forum.models import Post, Thread
from forum.pagination import Page, page_number
from notifications import emails, services, unread
from notifications.forms import EmailPreferencesForm
from notifications.models import Notification, ThreadFollow

NOTIFICATIONS_PER_PAGE = 20
FOLLOWS_SHOWN = 50


def _back(request, default):
    """Where a small POST form sends the member back: `next` if it is ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


# The notifications page ---------------------------------------------------------------


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user)
    page = Page.of(
        page_number(request),
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
@require_POST
def notification_read(request, pk):
    # Someone else's notification is "not found": even that it exists is theirs.
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(user=request.user, notification=notification)
    return _back(request, "notifications:list")


@login_required
@require_POST
def notifications_read_all(request):
    marked = services.notifications_mark_all_read(user=request.user)
    if marked:
        messages.success(request, "All your notifications are marked as read.")
    return _back(request, "notifications:list")


# Follows and thanks -------------------------------------------------------------------


def _thread(request, pk) -> Thread:
    return forum_permissions.visible_thread_or_404(
        request.user, pk, Thread.objects.select_related("community")
    )


@login_required
@require_POST
def thread_follow(request, pk):
    thread = _thread(request, pk)
    services.thread_follow_create(user=request.user, thread=thread)
    messages.success(request, "You are following this discussion: new replies will notify you.")
    return _back(request, thread.get_absolute_url())


@login_required
@require_POST
def thread_unfollow(request, pk):
    thread = _thread(request, pk)
    services.thread_follow_delete(user=request.user, thread=thread)
    messages.success(request, "You no longer follow this discussion.")
    return _back(request, thread.get_absolute_url())


def _post(request, pk) -> Post:
    return forum_permissions.visible_post_or_404(
        request.user, pk, Post.objects.select_related("thread__community")
    )


@login_required
@require_POST
def thanks_create(request, pk):
    post = _post(request, pk)
    ratelimit.hit(request, "thanks")
    try:
        services.thanks_create(user=request.user, post=post)
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, "Thank you: the author will see your thanks.")
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def thanks_delete(request, pk):
    post = _post(request, pk)
    ratelimit.hit(request, "thanks")
    if services.thanks_delete(user=request.user, post=post):
        messages.success(request, "Your thanks has been taken back.")
    return redirect(post.get_absolute_url())


# Email choices and unsubscribing ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    form = EmailPreferencesForm(posted(request), initial=services.email_choices(request.user))
    if request.method == "POST" and form.is_valid():
        services.preferences_update(user=request.user, choices=form.cleaned_data)
        messages.success(request, "Your email choices have been saved.")
        return redirect("notifications:preferences")
    follows = (
        ThreadFollow.objects.filter(user=request.user)
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
    what = Notification.Kind(kind).label if kind else "Your daily digest"
    if request.method == "POST":
        services.email_unsubscribe(user=user, kind=kind)
        return render(request, "notifications/unsubscribe_done.html", {"what": what})
    return render(request, "notifications/unsubscribe.html", {"what": what, "token": token})
