"""Notification emails: right away or in a daily digest, rendered from templates (plain
text and HTML), each with a one-click unsubscribe link and the List-Unsubscribe headers
of RFC 8058. Every email is written in its recipient's language (their setting).

A notification is claimed (its `emailed_at` set) before its email is sent, so that two
workers, or two runs of `send_digests`, never send it twice; a send that fails hands
the claim back. A mail server failure is logged, never raised: the post and the in-app
notification are saved already.

Each member's time (accounts.zones): an immediate email that falls in their quiet hours
is held (`email_after`) until they end, and `send_digests`, run every few minutes, sends
it then; a digest goes out once their morning (DIGEST_TIME) has come, with what arrived
before it. A member on a break gets no email at all: what falls in the break is never
emailed (it stays on their notifications page). Alerts about a risk of self-harm reach
moderators whatever their break or quiet hours.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, time
from itertools import islice

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts import zones
from accounts.languages import language_of
from accounts.models import User
from notifications.models import (
    EMAIL_KINDS,
    URGENT_KINDS,
    DigestEmail,
    EmailChoice,
    Notification,
)

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
DIGEST = "digest"
# The member's morning, in their time zone: their digest goes out at the first run of
# `send_digests` after it, with what arrived before it.
DIGEST_TIME = time(8, 0)
DIGEST_MAX_ITEMS = 50
DIGEST_DUE = Q(email=EmailChoice.DAILY, emailed_at__isnull=True, read_at__isnull=True)
IMMEDIATE_DUE = Q(email=EmailChoice.IMMEDIATE, emailed_at__isnull=True)
# What deciding on a member's emails reads of them.
TIMING_FIELDS = (
    "time_zone",
    "quiet_hours_start",
    "quiet_hours_end",
    "notifications_paused_at",
    "notifications_paused_until",
)
BATCH = 500


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
    # Any date in the email reads in the member's time.
    with timezone.override(zones.zone_of(user)):
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context)
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def notification_message(notification: Notification) -> EmailMultiAlternatives:
    with translation.override(language_of(notification.recipient)):
        return _notification_message(notification)


def _open_url(notification: Notification) -> str:
    """Through the notification's own address, which marks it read (a notification not
    stored, as in a preview, goes straight to what it is about)."""
    if notification.pk is None:
        return notification.get_absolute_url()
    return reverse("notifications:open", args=[notification.pk])


def _notification_message(notification: Notification) -> EmailMultiAlternatives:
    return _message(
        user=notification.recipient,
        template="notification",
        context={
            "notification": notification,
            "summary": notification.summary(),
            "url": absolute(_open_url(notification)),
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
                {
                    "summary": n.summary(),
                    "url": absolute(_open_url(n)),
                }
                for n in shown
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


def _batches(items: Iterable) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, BATCH)):
        yield batch


def _to_send_now(rows: list[Notification], now: datetime) -> list[Notification]:
    """Apply each member's break and quiet hours to these waiting immediate emails:
    those of a member on a break are never sent, those in quiet hours are held until
    they end. Returns the ones to send now."""
    send, drop, held = [], [], defaultdict(list)
    for notification in rows:
        member = notification.recipient
        if notification.kind in URGENT_KINDS:
            send.append(notification)  # someone may be in danger
        elif member.is_on_break_at(now):
            drop.append(notification.pk)
        elif (end := zones.quiet_hours_end(member, now)) is not None:
            held[end].append(notification.pk)
        else:
            send.append(notification)
    waiting = Notification.objects.filter(emailed_at__isnull=True)
    for batch in _batches(drop):
        waiting.filter(pk__in=batch).update(email=EmailChoice.NEVER)
    for end, ids in held.items():
        for batch in _batches(ids):
            waiting.filter(pk__in=batch).update(email_after=end)
    return send


def _claim(rows: list[Notification]) -> list[Notification]:
    """Mark these as being emailed; the ones this run claimed (another run may have
    taken some since they were read). The mark is the time of the claim, to the
    microsecond: what tells this run's claim from another's."""
    claim_at = timezone.now()
    ids = [notification.pk for notification in rows]
    claimed = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
        emailed_at=claim_at
    )
    if claimed == len(ids):
        return rows
    if not claimed:
        return []
    mine = set(
        Notification.objects.filter(pk__in=ids, emailed_at=claim_at).values_list("pk", flat=True)
    )
    return [notification for notification in rows if notification.pk in mine]


def _immediate_emails(about: Q, now: datetime) -> tuple[int, list[int]]:
    """Email the notifications `about` one post (or conversation, or report) that wait
    for an immediate email and whose members may have it now: how many were sent, and
    the ids that failed."""
    due = Notification.objects.filter(IMMEDIATE_DUE, about).filter(
        Q(email_after__isnull=True) | Q(email_after__lte=now)
    )
    rows = list(due.select_related("recipient", "actor", "post__thread__community"))
    sent, failed = 0, []
    for batch in _batches(_to_send_now(rows, now)):
        claimed = _claim(batch)
        failures = _send([(n.pk, lambda n=n: notification_message(n)) for n in claimed])
        if failures:
            Notification.objects.filter(pk__in=failures).update(emailed_at=None)
        sent += len(claimed) - len(failures)
        failed += failures
    return sent, failed


def post_emails_send(*, post_id: int, now: datetime | None = None) -> list[int]:
    """Email every notification about this post that waits for an immediate email (or
    hold it for quiet hours, or drop it for a break). Returns the ids whose email failed
    (claims handed back, for a retry)."""
    return _immediate_emails(Q(post_id=post_id), now or timezone.now())[1]


def emails_about_send(*, field: str, pk: int, now: datetime | None = None) -> list[int]:
    """As post_emails_send, for notifications about something else than a post
    (`field`: "conversation_id" or "message_report_id")."""
    if field not in ("conversation_id", "message_report_id"):
        raise ValueError(field)
    return _immediate_emails(Q(**{field: pk}), now or timezone.now())[1]


def held_emails_send(*, now: datetime | None = None) -> int:
    """Send the immediate emails held by quiet hours that have ended; returns how many
    were sent. Safe to run at any time."""
    now = now or timezone.now()
    held = Notification.objects.filter(IMMEDIATE_DUE, email_after__lte=now)
    about = held.values_list("post_id", "conversation_id").distinct().order_by("post_id")
    return sum(
        _immediate_emails(Q(post_id=post) if post else Q(conversation_id=talk), now)[0]
        for post, talk in list(about)
    )


def digests_send(*, now: datetime | None = None) -> int:
    """Send each member due one their daily digest; returns how many were sent. A member
    is due once their morning has come (in their time zone) and they have had no digest
    since, unless they are in their quiet hours (it waits until they end) or on a break
    (what waited is dropped). Safe to run again at any time: nothing is sent twice."""
    now = now or timezone.now()
    last_digest = DigestEmail.objects.filter(recipient=OuterRef("pk")).order_by("-sent_at")
    members = (
        User.objects.filter(pk__in=Notification.objects.filter(DIGEST_DUE).values("recipient_id"))
        .annotate(last_digest_at=Subquery(last_digest.values("sent_at")[:1]))
        .only(*TIMING_FIELDS)
        .order_by("pk")
    )
    sent = 0
    for member in members:
        morning = zones.morning_of(member, now, DIGEST_TIME)
        if morning is None or (member.last_digest_at and member.last_digest_at >= morning):
            continue
        if member.is_on_break_at(now):
            # Nothing saved up for after the break: it is all on the notifications page.
            Notification.objects.filter(DIGEST_DUE, recipient=member).update(
                email=EmailChoice.NEVER
            )
            continue
        if zones.quiet_hours_end(member, now) is None:
            sent += _digest_send(member.pk, before=morning, now=now)
    return sent


def _digest_send(recipient_id: int, *, before: datetime, now: datetime) -> bool:
    due = Notification.objects.filter(DIGEST_DUE, recipient_id=recipient_id, created_at__lt=before)
    rows = list(
        due.select_related("recipient", "actor", "post__thread__community").order_by(
            "created_at", "id"
        )
    )
    # Nothing, if all arrived after this morning, or another run took them.
    claimed = _claim(rows) if rows else []
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
        recipient_id=recipient_id, sent_at=now, notification_count=len(claimed)
    )
    return True
