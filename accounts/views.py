import json

from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.email_verification import (
    send_verification_email_for_user,
)
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts import ratelimit, services
from accounts.forms import ConsentForm, EraseAccountForm
from accounts.languages import is_supported
from accounts.models import Consent


def posted(request):
    """The submitted data on a POST (even an empty one, so that it is validated), else None."""
    return request.POST if request.method == "POST" else None


def terms(request):
    return render(request, "account/terms.html")


def privacy(request):
    return render(request, "account/privacy.html")


def _safe_next(request, default="forum:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def consent(request):
    kinds = services.consent_missing(request.user)
    if not kinds:
        return redirect(_safe_next(request))
    form = ConsentForm(posted(request), kinds=kinds)
    if request.method == "POST" and form.is_valid():
        services.consent_record(user=request.user, kinds=kinds)
        request.session.pop("consent_versions", None)
        messages.success(request, _("Thank you. Your consent has been recorded."))
        return redirect(_safe_next(request))
    status = 400 if form.is_bound else 200
    return render(
        request,
        "account/consent.html",
        {"form": form, "next": _safe_next(request, default="")},
        status=status,
    )


@login_required
@require_POST
def consent_withdraw(request):
    services.consent_withdraw(user=request.user, kind=Consent.Kind.HEALTH_DATA)
    request.session.pop("consent_versions", None)
    messages.info(
        request,
        _(
            "You withdrew your consent to the processing of your health information. You "
            "can download your data, then delete your account below."
        ),
    )
    return redirect("accounts:erase")


@login_required
@require_POST
def resend_confirmation(request):
    sent = send_verification_email_for_user(request, request.user)
    if sent:
        messages.success(request, _("We sent you a new confirmation link. Check your inbox."))
    else:
        messages.info(
            request, _("A link was sent a short while ago. Please check your inbox (and spam).")
        )
    return redirect(_safe_next(request))


@login_required
@never_cache
@reauthentication_required
def export(request):
    """GET shows what is included; POST downloads it (never cached, never a link to share)."""
    if request.method != "POST":
        return render(request, "account/export.html")
    data = services.member_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="patient-forum-data-{stamp}.json"'
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def erase(request):
    form = EraseAccountForm(posted(request), user=request.user)
    if request.method == "POST":
        ratelimit.hit(request, "password_check")
    if request.method == "POST" and form.is_valid():
        services.member_erase(
            user=request.user, delete_posts=form.cleaned_data["posts"] == form.DELETE
        )
        logout(request)
        messages.success(request, _("Your account has been deleted. Take care of yourself."))
        return redirect("forum:home")
    status = 400 if form.is_bound else 200
    return render(request, "account/erase.html", {"form": form}, status=status)


def back(request, default):
    """Where a small POST form sends the member back: `next` if it is ours."""
    return redirect(_safe_next(request, default))


# No CSRF token: the switcher sits in the footer of every page, and a token there would
# stop visitors' pages from being cached and shared. A forged cross-site POST carries no
# session (the session cookie is SameSite=Lax), so at worst it sets a visitor's language
# cookie; it can never change a member's setting.
@csrf_exempt
@require_POST
def language_set(request):
    """The footer's language switcher: Django's set_language (the cookie, then back to
    `next`); for a signed-in member it is also their setting, which outranks the cookie."""
    language = request.POST.get("language")
    if not is_supported(language):
        # set_language would take any language Django itself has a catalogue for.
        return back(request, "forum:home")
    response = i18n.set_language(request)
    if request.user.is_authenticated:
        services.member_language_set(user=request.user, language=language)
    return response
