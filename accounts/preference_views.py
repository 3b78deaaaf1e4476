"""The reading panel (for everyone; a visitor's choices live in cookies) and a member's
break from notification emails."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import comfort, services, zones
from accounts.preference_forms import BreakForm, ComfortForm, PreferencesForm
from accounts.views import _safe_next, back, posted

BREAK_LENGTHS = {BreakForm.DAY: timedelta(days=1), BreakForm.WEEK: timedelta(days=7)}


def _set_cookie(response, name: str, value: str, *, httponly: bool) -> None:
    response.set_cookie(
        name,
        value,
        max_age=comfort.COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=httponly,
        samesite="Lax",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def reading_comfort(request):
    """Text size, theme, contrast, font and motion, and for visitors the time zone. A
    member's choices are saved on their account (the same as in their settings, where
    their time zone is too); a visitor's in cookies."""
    is_member = request.user.is_authenticated
    initial = ComfortForm.initial_for(comfort.for_request(request))
    zone = zones.zone_named(request.COOKIES.get(zones.COOKIE))
    initial["time_zone"] = zone.key if zone else ""
    form = ComfortForm(posted(request), initial=initial, with_time_zone=not is_member)
    if request.method == "POST" and form.is_valid():
        chosen = form.comfort()
        response = back(request, "accounts:comfort")
        if is_member:
            services.member_comfort_update(user=request.user, comfort=chosen)
        else:
            time_zone = form.cleaned_data["time_zone"]
            _set_cookie(response, comfort.COOKIE, chosen.cookie(), httponly=True)
            # Not HttpOnly: static/js/timezone.js looks whether a zone is chosen.
            if time_zone:
                _set_cookie(response, zones.COOKIE, time_zone, httponly=False)
            else:
                response.delete_cookie(zones.COOKIE, samesite="Lax")
        messages.success(request, _("Your reading choices are saved."))
        return response
    return render(
        request,
        "account/comfort.html",
        {"form": form, "next": _safe_next(request, default="")},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_time(request):
    """A member's time zone and quiet hours (also on their settings page)."""
    form = PreferencesForm(posted(request), initial=PreferencesForm.initial_for(request.user))
    if request.method == "POST" and form.is_valid():
        services.member_preferences_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your time zone and quiet hours are saved."))
        return back(request, "accounts:time")
    return render(
        request,
        "account/time.html",
        {"form": form, "next": _safe_next(request, default="")},
        status=400 if form.is_bound else 200,
    )


def break_notice(user) -> str:
    """ "Notification emails are paused until 14 Jan 2027, 09:00.", in the member's time."""
    until = user.notifications_paused_until
    if until is None:
        return _("Notification emails are paused until you turn them back on.")
    when = date_format(timezone.localtime(until), "j M Y, H:i")
    return _("Notification emails are paused until %(when)s.") % {"when": when}


@login_required
@require_http_methods(["GET", "POST"])
def notifications_break(request):
    """Pause every notification email for a day, a week or until turned back on."""
    form = BreakForm(posted(request))
    if request.method == "POST" and form.is_valid():
        length = BREAK_LENGTHS.get(form.cleaned_data["length"])
        until = timezone.now() + length if length else None
        services.member_break_start(user=request.user, until=until)
        messages.success(
            request,
            break_notice(request.user)
            + " "
            + _("Notifications still show on your notifications page."),
        )
        return back(request, "forum:settings")
    return render(
        request,
        "account/break.html",
        {"form": form, "next": _safe_next(request, default="")},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def notifications_break_end(request):
    services.member_break_end(user=request.user)
    messages.success(request, _("Notification emails are back on."))
    return back(request, "forum:settings")
