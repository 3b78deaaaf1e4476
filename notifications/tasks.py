"""Slow side effects of the forum's events: notification fan-out and email.

Queued once the event's transaction has committed (see receivers and services). Each
task is safe to run twice: fan-out rows are unique per member and post, and emails are
claimed before they are sent.
"""

import logging

from django.db import DatabaseError, IntegrityError
from kombu.exceptions import OperationalError as BrokerUnavailable
from redis.exceptions import RedisError

from config.celery import app
from notifications import (
    emails,
    expert_notices,
    letters,
    message_notices,
    moderation_notices,
    reaction_notices,
    services,
)

logger = logging.getLogger(__name__)


# What may fail outside our code once the member's work is saved: the broker (Redis) is
# unreachable, or, for a task run inline, the database refuses a write (locked, gone).
UNAVAILABLE = (BrokerUnavailable, RedisError, DatabaseError)


def enqueue(task, **kwargs) -> None:
    """Queue a task, or run it inline when CELERY_TASK_ALWAYS_EAGER is on.

    Called after a commit, from the request that made the post: an unavailable broker or
    database is logged, never raised into a request whose work is already saved. Any
    other error is a bug, and is raised.
    """
    try:
        task.delay(**kwargs)
    except UNAVAILABLE:
        logger.exception("Could not queue or run the task %s", task.name)


def _fan_out(service, **kwargs) -> None:
    """Run a fan-out service (once more if a member it was writing for was erased
    meanwhile: their row is gone, the insert fails, a second run skips them), then queue
    the immediate emails it left to send. The service has committed by then."""
    try:
        delivery = service(**kwargs)
    except IntegrityError:
        logger.info("A member left during a fan-out; running it again")
        delivery = service(**kwargs)
    if delivery.email_post_id is not None:
        enqueue(send_post_emails, post_id=delivery.email_post_id)
    if delivery.email_about is not None:
        field, pk = delivery.email_about
        enqueue(send_emails_about, field=field, pk=pk)


@app.task(ignore_result=True)
def notify_post_created(post_id: int, mentioned: list[int]) -> None:
    _fan_out(services.post_created_notify, post_id=post_id, mentioned=mentioned)


@app.task(ignore_result=True)
def notify_post_edited(post_id: int, mentioned: list[int], editor_id: int | None) -> None:
    _fan_out(
        services.post_edited_notify,
        post_id=post_id,
        mentioned=mentioned,
        editor_id=editor_id,
    )


@app.task(ignore_result=True)
def notify_thanks(post_id: int, user_id: int) -> None:
    _fan_out(services.thanks_notify, post_id=post_id, user_id=user_id)


@app.task(ignore_result=True)
def notify_reaction(post_id: int, user_id: int, kind: str) -> None:
    _fan_out(reaction_notices.reaction_notify, post_id=post_id, user_id=user_id, kind=kind)


@app.task(ignore_result=True)
def notify_post_hidden(post_id: int, moderator_id: int | None) -> None:
    _fan_out(services.post_hidden_notify, post_id=post_id, moderator_id=moderator_id)


@app.task(ignore_result=True)
def notify_report_resolved(
    post_id: int, reporter_ids: list[int], outcome: str, moderator_id: int | None
) -> None:
    _fan_out(
        services.report_resolved_notify,
        post_id=post_id,
        reporter_ids=reporter_ids,
        outcome=outcome,
        moderator_id=moderator_id,
    )


@app.task(ignore_result=True)
def notify_clinician_note(post_id: int, clinician_id: int, outcome: str) -> None:
    _fan_out(
        expert_notices.clinician_note_notify,
        post_id=post_id,
        clinician_id=clinician_id,
        outcome=outcome,
    )


@app.task(ignore_result=True)
def notify_outreach(member_id: int, post_id: int | None) -> None:
    _fan_out(moderation_notices.outreach_notify, member_id=member_id, post_id=post_id)


@app.task(ignore_result=True)
def notify_warning(member_id: int, post_id: int | None) -> None:
    _fan_out(moderation_notices.warning_notify, member_id=member_id, post_id=post_id)


@app.task(ignore_result=True)
def notify_urgent_report(post_id: int) -> None:
    _fan_out(moderation_notices.urgent_report_notify, post_id=post_id)


@app.task(ignore_result=True)
def notify_verification_decided(applicant_id: int, approved: bool) -> None:
    _fan_out(
        services.verification_decided_notify,
        applicant_id=applicant_id,
        approved=approved,
    )


@app.task(ignore_result=True)
def notify_message(conversation_id: int, author_id: int, recipient_ids: list[int]) -> None:
    _fan_out(
        message_notices.message_notify,
        conversation_id=conversation_id,
        author_id=author_id,
        recipient_ids=recipient_ids,
    )


@app.task(ignore_result=True)
def notify_urgent_message_report(report_id: int) -> None:
    _fan_out(message_notices.urgent_message_report_notify, report_id=report_id)


@app.task(bind=True, ignore_result=True, max_retries=3, default_retry_delay=300)
def send_emails_about(self, field: str, pk: int) -> None:
    """As send_post_emails, for a conversation's or a reported message's notifications."""
    failed = emails.emails_about_send(field=field, pk=pk)
    if failed and not self.request.is_eager:
        raise self.retry()


@app.task(bind=True, ignore_result=True, max_retries=3, default_retry_delay=300)
def send_post_emails(self, post_id: int) -> None:
    """Email, right away, the notifications about a post that ask for it. On a worker a
    failed send is retried later; inline, it is logged and the request goes on."""
    failed = emails.post_emails_send(post_id=post_id)
    if failed and not self.request.is_eager:
        raise self.retry()


@app.task(ignore_result=True)
def send_member_letter(
    user_id: int, letter: str, reason: str = "", review_due: str = "", details: str = ""
) -> None:
    """A decision the member must hear of (a clinician verification, a suspension, a
    warning, a caring message...). A mail server failure is logged; the decision stands."""
    letters.letter_send(
        user_id=user_id, letter=letter, reason=reason, review_due=review_due, details=details
    )


@app.task(ignore_result=True)
def send_digests() -> int:
    """Emails held by quiet hours that have ended, and the digests of members whose
    morning has come: for a task scheduler, every few minutes (cron runs
    `manage.py send_digests`)."""
    emails.held_emails_send()
    return emails.digests_send()
