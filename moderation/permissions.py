"""Who may do what in moderation. Each rule twice: `can_*` for templates, `check_*` that
raises `PermissionDenied` with a reason the page (or the admin message) shows."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import is_moderator
from moderation.models import ClinicianVerification

PENDING_REFUSAL = gettext_lazy(
    "You already have a request waiting for review. A moderator will look at it soon; "
    "you can withdraw it if something in it is wrong, then send a new one."
)


def can_review_verifications(user) -> bool:
    # Moderators only (staff with the forum's moderation permission), not any staff.
    return is_moderator(user)


def check_can_review_verifications(user) -> None:
    if not can_review_verifications(user):
        raise PermissionDenied(_("Only moderators can review clinician verifications."))


def can_decide_verification(user, verification: ClinicianVerification) -> bool:
    return can_review_verifications(user) and verification.applicant_id != user.pk


def check_can_decide_verification(user, verification: ClinicianVerification) -> None:
    check_can_review_verifications(user)
    if verification.applicant_id == user.pk:
        raise PermissionDenied(_("Another moderator must decide on your own request."))


def renewal_opens_on(user) -> date | None:
    """The first day a verified clinician may ask to renew: the reminder window."""
    if not user.clinician_review_due:
        return None
    return user.clinician_review_due - timedelta(days=settings.CLINICIAN_REMINDER_DAYS)


def verification_request_refusal(user, *, today: date | None = None) -> str | None:
    """Why this member cannot send a verification request now, or None if they can."""
    if not user.is_authenticated:
        return _("Sign in to ask for clinician verification.")
    if not user.is_active:
        return _("This account is not active.")
    if ClinicianVerification.objects.filter(
        applicant=user, status=ClinicianVerification.Status.PENDING
    ).exists():
        return PENDING_REFUSAL
    if user.is_clinician:
        # A verified clinician renews in the weeks before their review date, not before.
        opens_on = renewal_opens_on(user)
        today = today or timezone.localdate()
        if opens_on is None or today < opens_on:
            if opens_on is None:
                return _("You are already a verified clinician.")
            return _("You are already a verified clinician. You can renew it from %(date)s.") % {
                "date": formats.date_format(opens_on, "DATE_FORMAT")
            }
    return None


def can_request_verification(user) -> bool:
    return verification_request_refusal(user) is None


def check_can_request_verification(user, *, today: date | None = None) -> None:
    reason = verification_request_refusal(user, today=today)
    if reason:
        raise PermissionDenied(reason)


def can_withdraw_verification(user, verification: ClinicianVerification) -> bool:
    return verification.applicant_id == user.pk and verification.is_pending


def check_can_withdraw_verification(user, verification: ClinicianVerification) -> None:
    if verification.applicant_id != user.pk:
        raise PermissionDenied(_("You can only withdraw your own requests."))
    if not verification.is_pending:
        raise PermissionDenied(_("This request has already been decided."))
