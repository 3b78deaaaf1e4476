"""The navigation's count of conversations with unread messages (accounts.counts): kept
in the cache until a message arrives or is read."""

from accounts.counts import MemberCount
from conversations.models import Participant


def _waiting(user_id: int, cap: int) -> int:
    rows = Participant.objects.filter(user_id=user_id, left_at__isnull=True, unread_count__gt=0)
    return rows[:cap].count()


UNREAD = MemberCount("conversations:unread", _waiting)
count_for, request_key, label, forget = (
    UNREAD.count_for,
    UNREAD.request_key,
    UNREAD.label,
    UNREAD.forget,
)
