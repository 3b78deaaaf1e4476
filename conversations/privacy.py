"""The conversations app's part of a member's data export and erasure (connected in
ConversationsConfig.ready).

Export: the conversations the member is in, with the messages they wrote (others'
messages are others' words). Erasure: by the member's choice for posts, their messages
are deleted, or kept as a former member's; their places in conversations go with the
account.
"""

from conversations import unread
from conversations.models import Conversation, Message, Participant


def _iso(value):
    return value.isoformat() if value else None


def export_sections(sender, user, **kwargs) -> dict:
    places = Participant.objects.filter(user=user).select_related("conversation")
    written: dict[int, list] = {}
    messages = Message.objects.filter(author=user, removed_at__isnull=True).order_by(
        "conversation_id", "number"
    )
    for message in messages.iterator(chunk_size=500):
        written.setdefault(message.conversation_id, []).append(
            {"number": message.number, "sent_at": _iso(message.created_at), "text": message.body}
        )
    return {
        "private_conversations": [
            {
                "subject": place.conversation.subject,
                "joined_at": _iso(place.joined_at),
                "left_at": _iso(place.left_at),
                "your_messages": written.get(place.conversation_id, []),
            }
            for place in places.order_by("joined_at", "id")
        ]
    }


def member_erasing(sender, user, delete_posts, **kwargs) -> None:
    """Inside the erasure's transaction."""
    if not delete_posts:
        return  # author becomes NULL with the account: "Former member"
    mine = Message.objects.filter(author=user)
    touched = list(mine.values_list("conversation_id", flat=True).distinct())
    mine.delete()
    # Numbers stay as they were (a gap); the others' unread counts are counted again.
    for conversation_id in touched:
        if not Message.objects.filter(conversation_id=conversation_id).exists():
            Conversation.objects.filter(pk=conversation_id).delete()
            continue
        others = Participant.objects.filter(conversation_id=conversation_id).exclude(user=user)
        for place in others.filter(unread_count__gt=0):
            place.unread_count = (
                Message.objects.filter(
                    conversation_id=conversation_id, number__gt=place.last_read_number
                )
                .exclude(author_id=place.user_id)
                .count()
            )
            place.save(update_fields=["unread_count"])
        unread.forget(others.values_list("user_id", flat=True))
