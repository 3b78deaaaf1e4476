"""Reports on private messages: a member reports a message they received; moderators
see that message and a few around it (CONVERSATIONS_REPORT_CONTEXT before and after),
never the rest of the conversation nor anyone's inbox. Every reading is logged, and the
moderator can remove the message, dismiss the reports, or go on to warn or suspend its
author as for posts."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from conversations import services as conversation_services
from conversations.models import Message
from moderation import events
from moderation.actions import log_action
from moderation.models import MessageReport, ModerationAction, Report

Action = ModerationAction.Action
OPEN = Report.Status.OPEN


def _label(message: Message) -> str:
    # Never the subject nor the text: the log is read by every moderator.
    return f"Private message #{message.number} in conversation {message.conversation_id}"


@transaction.atomic
def message_report_create(*, reporter: User, message: Message, reason: str, note: str = ""):
    """File a report on a message the reporter received; a risk of self-harm alerts the
    moderators at once."""
    if message.author_id in (None, reporter.pk) or message.removed_at is not None:
        raise ValidationError(_("This message cannot be reported."))
    try:
        with transaction.atomic():
            report = MessageReport.objects.create(
                message=message,
                reporter=reporter,
                reason=reason,
                note=note.strip(),
                text_as_reported=message.body,
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already reported this message. Thank you: a moderator will look at it.")
        ) from None
    transaction.on_commit(
        partial(
            events.message_reported.send,
            sender=MessageReport,
            report_id=report.pk,
            reason=report.reason,
        )
    )
    return report


def message_report_read(*, moderator: User, report: MessageReport) -> None:
    """Log that a moderator read a reported message and its context."""
    message = report.message
    log_action(
        moderator=moderator,
        action=Action.MESSAGE_REPORT_VIEWED,
        user=message.author,
        label=_label(message),
    )


@transaction.atomic
def message_reports_close(*, moderator: User, message: Message, remove: bool, reason: str = ""):
    """Remove the message (its text is gone for everyone) or dismiss the reports."""
    if remove:
        conversation_services.message_remove(message=message)
    closed = MessageReport.objects.filter(message=message, status=OPEN).update(
        status=Report.Status.ACTIONED if remove else Report.Status.DISMISSED,
        resolved_by=moderator,
        resolved_at=timezone.now(),
    )
    log_action(
        moderator=moderator,
        action=Action.MESSAGE_REMOVED if remove else Action.MESSAGE_REPORT_DISMISSED,
        user=message.author,
        label=_label(message),
        reason=reason,
    )
    return closed
