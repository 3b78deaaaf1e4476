from django.shortcuts import redirect
from django.urls import reverse

from accounts import services

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
)


class ConsentRequiredMiddleware:
    """A signed-in member who has not agreed to the current terms and health-data consent
    is asked again before anything else. Checked once per session and version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(
            EXEMPT_PREFIXES
        ):
            current = "|".join(services.current_versions().values())
            if request.session.get("consent_versions") != current:
                if services.consent_missing(user):
                    url = reverse("accounts:consent")
                    return redirect(f"{url}?next={request.get_full_path()}")
                request.session["consent_versions"] = current
        return self.get_response(request)
