"""The unread count in the navigation bar (accounts.counts): kept in the cache until a
notification arrives or is read."""

from accounts.counts import MemberCount
from notifications.models import Notification

CAP = 100


def _unread(user_id: int, cap: int) -> int:
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)[:cap].count()


UNREAD = MemberCount("notifications:unread", _unread, cap=CAP)
count_for, request_key, label, forget = (
    UNREAD.count_for,
    UNREAD.request_key,
    UNREAD.label,
    UNREAD.forget,
)


def count(user, prefetched=None) -> int:
    return UNREAD.count_for(user.pk, prefetched)
