"""Letters: decisions about a member's account that they must hear of, by email
(moderation.events.member_letter)."""

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts import zones
from accounts.languages import language_of
from accounts.models import User
from notifications.emails import _send, absolute

# Decisions about a member's account that they must hear of (moderation.events): not
# notifications a member chooses, so no unsubscribe link; one plain-text email each.
LETTERS = {
    "verification_approved",
    "verification_rejected",
    "clinician_revoked",
    "clinician_lapsed",
    "clinician_review_reminder",
    "member_suspended",
    "member_reinstated",
    "appeal_kept",
    "member_warned",
    "reach_out",
}


def letter_send(
    *, user_id: int, letter: str, reason: str = "", review_due: str = "", details: str = ""
) -> bool:
    """Send one letter; False if it could not be sent (the member left, the mail server
    failed: logged by type only)."""
    if letter not in LETTERS:
        raise ValueError(f"No such letter: {letter!r}")
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    context = {
        "member": user,
        "verification_path": reverse("moderation:verification"),
        "suspension_url": absolute(reverse("moderation:suspension")),
        "warnings_url": absolute(reverse("moderation:warnings")),
        "messages_url": absolute(reverse("moderation:messages")),
        "reason": reason,
        "details": details,
        "review_due": date.fromisoformat(review_due) if review_due else None,
    }

    def build() -> EmailMessage:
        with translation.override(language_of(user)), timezone.override(zones.zone_of(user)):
            subject = render_to_string(f"notifications/email/letters/{letter}_subject.txt", context)
            body = render_to_string(f"notifications/email/letters/{letter}.txt", context)
        return EmailMessage(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
            body,
            to=[user.email],
            headers={"Auto-Submitted": "auto-generated"},
        )

    return not _send([(user_id, build)])
