"""Notification emails: right away or in a daily digest, rendered from templates (plain
text and HTML), each with a one-click unsubscribe link and the List-Unsubscribe headers
of RFC 8058. Every email is written in its recipient's language (their setting).

A notification is claimed (its `emailed_at` set) before its email is sent, so that two
workers, or two runs of `send_digests`, never send it twice; a send that fails hands
the claim back. A mail server failure is logged, never raised: the post and the in-app
notification are saved already.
"""

import logging
from collections.abc import Callable
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.languages import language_of
from accounts.models import User
from notifications.models import EMAIL_KINDS, DigestEmail, EmailChoice, Notification

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
DIGEST = "digest"
# A member gets at most one digest in this time, however often the command runs.
DIGEST_INTERVAL = timedelta(hours=20)
DIGEST_MAX_ITEMS = 50
DIGEST_DUE = Q(email=EmailChoice.DAILY, emailed_at__isnull=True, read_at__isnull=True)


class BadToken(Exception):
    """An unsubscribe link that was altered, cut short, or is for no member any more."""


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def unsubscribe_token(user: User, kind: str | None) -> str:
    """Signed, so that the link works without signing in and cannot be forged for
    someone else; kind None is a digest's link (every kind sent in the digest)."""
    return signing.dumps({"m": user.pk, "k": kind or DIGEST}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user: User, kind: str | None) -> str:
    token = unsubscribe_token(user, kind)
    return absolute(reverse("notifications:unsubscribe", kwargs={"token": token}))


def unsubscribe_target(token: str) -> tuple[User, str | None]:
    """The member and kind a link is for; BadToken if it is not a link we made."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError):
        raise BadToken from None
    if not isinstance(data, dict) or data.get("k") not in {*EMAIL_KINDS, DIGEST}:
        raise BadToken
    user = User.objects.filter(pk=data.get("m"), is_active=True).first()
    if user is None:
        raise BadToken
    return user, None if data["k"] == DIGEST else data["k"]


def _message(*, user: User, template: str, context: dict, kind: str | None):
    link = unsubscribe_url(user, kind)
    context = {
        "member": user,
        "unsubscribe_url": link,
        "preferences_url": absolute(reverse("notifications:preferences")),
        "site_url": settings.SITE_URL,
        **context,
    }
    subject = render_to_string(f"notifications/email/{template}_subject.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    message = EmailMultiAlternatives(
        subject,
        render_to_string(f"notifications/email/{template}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message


def notification_message(notification: Notification) -> EmailMultiAlternatives:
    with translation.override(language_of(notification.recipient)):
        return _notification_message(notification)


def _notification_message(notification: Notification) -> EmailMultiAlternatives:
    return _message(
        user=notification.recipient,
        template="notification",
        context={
            "notification": notification,
            "summary": notification.summary(),
            "url": absolute(notification.get_absolute_url()),
        },
        kind=notification.kind,
    )


def digest_message(user: User, notifications: list[Notification]) -> EmailMultiAlternatives:
    with translation.override(language_of(user)):
        return _digest_message(user, notifications)


def _digest_message(user: User, notifications: list[Notification]) -> EmailMultiAlternatives:
    shown = notifications[:DIGEST_MAX_ITEMS]
    return _message(
        user=user,
        template="digest",
        context={
            "items": [
                {"summary": n.summary(), "url": absolute(n.get_absolute_url())} for n in shown
            ],
            "count": len(notifications),
            "more": len(notifications) - len(shown),
            "list_url": absolute(reverse("notifications:list")),
        },
        kind=None,
    )


def _send(items: list[tuple[int, Callable[[], EmailMultiAlternatives]]]) -> list[int]:
    """Build and send each message over one connection; return the keys that failed.

    Any error is caught (a mail server can fail in many ways: refused connection,
    timeouts, SMTP errors), and logged by type only: SMTP errors can quote addresses.
    """
    if not items:
        return []
    try:
        connection = get_connection()
        connection.open()
    except Exception as error:
        logger.warning(
            "Mail server unavailable, %d notification email(s) not sent: %s",
            len(items),
            type(error).__name__,
        )
        return [key for key, _ in items]
    failed = []
    try:
        for key, build in items:
            try:
                message = build()
                message.connection = connection
                message.send()
            except Exception as error:
                logger.warning("Notification email %s not sent: %s", key, type(error).__name__)
                failed.append(key)
    finally:
        try:
            connection.close()
        except Exception as error:
            logger.warning("Closing the mail connection failed: %s", type(error).__name__)
    return failed


def post_emails_send(*, post_id: int) -> list[int]:
    """Email every notification about this post that waits for an immediate email.
    Returns the ids whose email failed (claims handed back, for a retry)."""
    claim_at = timezone.now()
    due = Notification.objects.filter(
        post_id=post_id, email=EmailChoice.IMMEDIATE, emailed_at__isnull=True
    )
    if not due.update(emailed_at=claim_at):
        return []
    claimed = Notification.objects.filter(
        post_id=post_id, email=EmailChoice.IMMEDIATE, emailed_at=claim_at
    ).select_related("recipient", "actor", "post__thread__community")
    failed = _send([(n.pk, lambda n=n: notification_message(n)) for n in claimed])
    if failed:
        Notification.objects.filter(pk__in=failed).update(emailed_at=None)
    return failed


def digests_send() -> int:
    """Send each member due one their daily digest; returns how many were sent. Safe to
    run again at any time: nothing is sent twice, and a member gets at most one digest
    per DIGEST_INTERVAL."""
    recently = DigestEmail.objects.filter(
        recipient=OuterRef("recipient"), sent_at__gt=timezone.now() - DIGEST_INTERVAL
    )
    recipient_ids = (
        Notification.objects.filter(DIGEST_DUE)
        .exclude(Exists(recently))
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
    return sum(_digest_send(recipient_id) for recipient_id in list(recipient_ids))


def _digest_send(recipient_id: int) -> bool:
    claim_at = timezone.now()
    if not Notification.objects.filter(DIGEST_DUE, recipient_id=recipient_id).update(
        emailed_at=claim_at
    ):
        return False  # another run took them
    claimed = list(
        Notification.objects.filter(
            recipient_id=recipient_id, email=EmailChoice.DAILY, emailed_at=claim_at
        )
        .select_related("recipient", "actor", "post__thread__community")
        .order_by("created_at", "id")
    )
    if not claimed:
        return False
    user = claimed[0].recipient
    if not user.is_active or user.is_suspended:
        # No email to a suspended member; these will not be sent later either.
        Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(
            email=EmailChoice.NEVER, emailed_at=None
        )
        return False
    if _send([(recipient_id, lambda: digest_message(user, claimed))]):
        Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(emailed_at=None)
        return False
    DigestEmail.objects.create(
        recipient_id=recipient_id, sent_at=claim_at, notification_count=len(claimed)
    )
    return True


# Decisions about a member's account that they must hear of (moderation.events): not
# notifications a member chooses, so no unsubscribe link; one plain-text email each.
LETTERS = {
    "verification_approved",
    "verification_rejected",
    "clinician_revoked",
    "clinician_lapsed",
    "clinician_review_reminder",
}


def letter_send(*, user_id: int, letter: str, reason: str = "", review_due: str = "") -> bool:
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
        "reason": reason,
        "review_due": date.fromisoformat(review_due) if review_due else None,
    }

    def build() -> EmailMessage:
        with translation.override(language_of(user)):
            subject = render_to_string(f"notifications/email/letters/{letter}_subject.txt", context)
            body = render_to_string(f"notifications/email/letters/{letter}.txt", context)
        return EmailMessage(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
            body,
            to=[user.email],
            headers={"Auto-Submitted": "auto-generated"},
        )

    return not _send([(user_id, build)])
