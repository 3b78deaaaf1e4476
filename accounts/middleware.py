from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts import services, zones
from accounts.languages import language_of

# Pages a member can reach without (re)consenting: leaving, and exercising their rights.
EXEMPT_PREFIXES = (
    "/static/",
    "/accounts/logout/",
    "/account/consent/",
    "/account/export/",
    "/account/delete/",
    "/accounts/reauthenticate/",
    "/terms/",
    "/privacy/",
    "/notifications/unsubscribe/",
    "/language/",
)


class ConsentRequiredMiddleware:
    """A signed-in member who has not agreed to the current terms and health-data consent
    is asked again before anything else. Checked once per session and version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            current = "|".join(services.current_versions().values())
            if request.session.get("consent_versions") != current:
                if services.consent_missing(user):
                    url = reverse("accounts:consent")
                    return redirect(f"{url}?next={request.get_full_path()}")
                request.session["consent_versions"] = current
        return self.get_response(request)


# Where staff act on others: the admin and the in-page moderation controls.
STAFF_PREFIXES = ("/admin/", "/moderation/")


class TwoFactorForStaffMiddleware:
    """Staff and moderators reach the admin and the moderation controls only with
    two-factor sign-in turned on: a hijacked moderator account could hide, suspend and
    verify clinicians. Without it they are sent to set it up, and come back after."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.path.startswith(STAFF_PREFIXES)
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and not is_mfa_enabled(user)
        ):
            messages.info(
                request,
                _(
                    "Moderators and staff turn on two-factor sign-in before they reach the "
                    "moderation tools. Set it up below, then carry on."
                ),
            )
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        return self.get_response(request)


class MemberLanguageMiddleware:
    """A signed-in member reads in the language of their settings, whatever their browser
    asks for; visitors keep what LocaleMiddleware chose (the switcher's cookie, else
    Accept-Language). After AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = language_of(user)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class TimeZoneMiddleware:
    """Dates on every page in the reader's time: a member's chosen zone, else the `tz`
    cookie, else the site's (accounts.zones.zone_for_request). The member is already
    loaded by the authentication middleware: no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = zones.zone_for_request(request)
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            # A thread serves many requests: the next one starts from the site's zone.
            timezone.deactivate()
