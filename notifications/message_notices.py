"""Private messages told to the members of a conversation, and reported ones to the
moderators. Never the words: an email says who wrote, never what nor the subject."""

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts import relations
from accounts.models import User
from conversations.models import Conversation, Participant
from moderation.models import MessageReport
from notifications.models import Notification
from notifications.services import NOTHING, Delivery, _deliver, _forget_unread

Kind = Notification.Kind


@transaction.atomic
def message_notify(*, conversation_id: int, author_id: int, recipient_ids: list[int]) -> Delivery:
    """Each member still in the conversation hears of a new message, batched: while a
    member has not read the conversation's notification, it counts one more message (no
    second email); otherwise a new one, emailed by their choice. Who muted or blocked
    the author hears nothing."""
    # One fan-out at a time per conversation: two messages at once count two, never one.
    Conversation.objects.select_for_update().filter(pk=conversation_id).first()
    members = Participant.objects.filter(
        conversation_id=conversation_id, left_at__isnull=True, user_id__in=recipient_ids
    ).values("user_id")
    silenced = User.objects.filter(relations.silenced_by(author_id)).values("pk")
    waiting = (
        Notification.objects.select_for_update()
        .filter(kind=Kind.MESSAGE, conversation_id=conversation_id, read_at__isnull=True)
        .filter(recipient_id__in=members)
        .exclude(recipient_id__in=silenced)
    )
    batched = list(waiting.values_list("recipient_id", flat=True))
    if batched:
        waiting.update(count=F("count") + 1, actor_id=author_id, created_at=timezone.now())
        _forget_unread(batched)
    delivery = _deliver(
        audience=Q(pk__in=members),
        kind_for=lambda pk: Kind.MESSAGE,
        kinds={Kind.MESSAGE},
        actor_id=author_id,
        exclude=set(batched),
        about={"conversation_id": conversation_id},
    )
    return delivery._replace(rows=delivery.rows + len(batched))


@transaction.atomic
def conversation_read_notify(*, user_id: int, conversation_id: int) -> int:
    """The member read the conversation: its notification is read too."""
    read = Notification.objects.filter(
        recipient_id=user_id,
        kind=Kind.MESSAGE,
        conversation_id=conversation_id,
        read_at__isnull=True,
    ).update(read_at=timezone.now())
    if read:
        _forget_unread([user_id])
    return read


@transaction.atomic
def urgent_message_report_notify(*, report_id: int) -> Delivery:
    """A private message reported as a risk of self-harm: the moderators on duty (all of
    them if none is) hear at once, in the app and by email, which opens its review page."""
    report = MessageReport.objects.filter(pk=report_id).first()
    if report is None:
        return NOTHING
    staff = [
        user for user in User.objects.filter(is_active=True, is_staff=True) if user.is_moderator
    ]
    moderators = [user.pk for user in staff if not user.is_off_duty] or [u.pk for u in staff]
    return _deliver(
        audience=Q(pk__in=moderators),
        kind_for=lambda pk: Kind.URGENT_MESSAGE_REPORT,
        kinds={Kind.URGENT_MESSAGE_REPORT},
        about={"message_report_id": report.pk},
    )
