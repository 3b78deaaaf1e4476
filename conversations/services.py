"""Every write on private conversations. Messages take their numbers under a lock on
the conversation, so that simultaneous messages are all kept, in order, with exact
unread counts; what others must hear of goes out after commit (conversations.events)."""

from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import relations
from accounts.models import User
from conversations import events, permissions, unread
from conversations.models import Conversation, Message, Participant
from forum import markup


def _forget_unread(user_ids) -> None:
    unread.forget(user_ids)
    transaction.on_commit(partial(unread.forget, list(user_ids)))


def _append(conversation: Conversation, author: User, body: str) -> Message:
    """Add a message to a conversation locked by the caller."""
    markup.validate(body)
    rendered = markup.render(body, author_id=author.pk)
    now = timezone.now()
    number = conversation.message_count + 1
    message = Message.objects.create(
        conversation=conversation,
        number=number,
        author=author,
        body=body,
        body_html=rendered.html,
        render_version=markup.RENDER_VERSION,
        created_at=now,
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        message_count=F("message_count") + 1, last_message_at=now
    )
    conversation.message_count = number
    active = Participant.objects.filter(conversation=conversation, left_at__isnull=True)
    # Who blocked the author is not told, nor shown it as new: a block is silent, so the
    # author writes as before, and the message waits folded for whoever opens it.
    readers = active.exclude(user=author).exclude(user_id__in=relations.blockers_of(author.pk))
    readers.update(unread_count=F("unread_count") + 1, last_message_at=now)
    # Writing, the author has read the conversation up to their own message.
    active.filter(user=author).update(last_read_number=number, unread_count=0, last_message_at=now)
    recipients = list(readers.values_list("user_id", flat=True))
    _forget_unread([*recipients, author.pk])
    # Writing, the author has seen the conversation: its notification for them is read.
    transaction.on_commit(
        partial(
            events.conversation_read.send,
            sender=Participant,
            user_id=author.pk,
            conversation_id=conversation.pk,
        )
    )
    transaction.on_commit(
        partial(
            events.message_sent.send,
            sender=Message,
            conversation_id=conversation.pk,
            message_id=message.pk,
            author_id=author.pk,
            recipient_ids=recipients,
        )
    )
    return message


@transaction.atomic
def conversation_start(
    *, author: User, recipients: list[User], subject: str, body: str
) -> Conversation:
    """Start a conversation with one or more members, with its first message."""
    refusal = permissions.start_refusal(author)
    if refusal:
        raise PermissionDenied(refusal)
    recipients = list(
        {member.pk: member for member in recipients if member.pk != author.pk}.values()
    )
    if not recipients:
        raise ValidationError(_("Choose at least one member to write to."), code="no_recipient")
    limit = settings.CONVERSATIONS_MAX_MEMBERS
    if len(recipients) + 1 > limit:
        raise ValidationError(
            _("A conversation can have at most %(limit)d members, you included.")
            % {"limit": limit},
            code="too_many_members",
        )
    for recipient in recipients:
        if not permissions.accepts_messages_from(recipient, author):
            raise ValidationError(permissions.not_accepting(recipient), code="not_accepting")
    subject = subject.strip()
    if not subject:
        raise ValidationError(_("Please give your conversation a subject."), code="no_subject")
    now = timezone.now()
    conversation = Conversation.objects.create(
        subject=subject, started_by=author, created_at=now, last_message_at=now
    )
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, user=member, joined_at=now, last_message_at=now)
            for member in [author, *recipients]
        ]
    )
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    _append(conversation, author, body)
    return conversation


@transaction.atomic
def message_send(*, author: User, conversation: Conversation, body: str) -> Message:
    """Add a message; its number is the next one, whoever else writes at the same time."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if not Participant.objects.filter(
        conversation=conversation, user=author, left_at__isnull=True
    ).exists():
        raise PermissionDenied(_("You are not in this conversation."))
    permissions.check_can_send(author, conversation)
    return _append(conversation, author, body)


def conversation_read(*, user: User, participant: Participant, up_to: int) -> None:
    """The member has been shown the conversation up to message `up_to`: what came after
    (written meanwhile) stays unread, counted under the conversation's lock."""
    if participant.unread_count == 0 and participant.last_read_number >= up_to:
        return
    with transaction.atomic():
        Conversation.objects.select_for_update().filter(pk=participant.conversation_id).first()
        waiting = (
            Message.objects.filter(conversation_id=participant.conversation_id, number__gt=up_to)
            .exclude(author=user)
            .exclude(author_id__in=relations.blocked_by(user.pk))
            .count()
        )
        Participant.objects.filter(pk=participant.pk).update(
            unread_count=waiting, last_read_number=max(up_to, participant.last_read_number)
        )
    participant.unread_count = waiting
    unread.forget([user.pk])
    if not waiting:  # sent in the request: the next page's counts must be right already
        events.conversation_read.send(
            sender=Participant, user_id=user.pk, conversation_id=participant.conversation_id
        )


@transaction.atomic
def conversation_leave(*, user: User, participant: Participant) -> None:
    """The member leaves: the conversation is gone from their inbox and its address
    answers 404 for them; the others see that they left."""
    Participant.objects.filter(pk=participant.pk, left_at__isnull=True).update(
        left_at=timezone.now(), unread_count=0
    )
    _forget_unread([user.pk])
    transaction.on_commit(
        partial(
            events.conversation_read.send,
            sender=Participant,
            user_id=user.pk,
            conversation_id=participant.conversation_id,
        )
    )


REMOVED = ""


@transaction.atomic
def message_remove(*, message: Message) -> Message:
    """A moderator's decision (moderation.message_reports): the text is gone for
    everyone; the report keeps it as it was reported."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.removed_at is None:
        message.removed_at = timezone.now()
        message.body = REMOVED
        message.body_html = REMOVED
        message.save(update_fields=["removed_at", "body", "body_html"])
    return message
