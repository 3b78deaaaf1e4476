"""The navigation's count of conversations with unread messages: one small query, then
kept in the cache until a message arrives or is read (as notifications.unread)."""

from django.core.cache import cache

from conversations.models import Participant

CAP = 100
TIMEOUT = 300


def _key(user_id: int) -> str:
    return f"conversations:unread:{user_id}"


def count_for(user_id: int, prefetched=None) -> int:
    key = _key(user_id)
    value = prefetched[key] if prefetched and key in prefetched else cache.get(key)
    if value is None:
        rows = Participant.objects.filter(user_id=user_id, left_at__isnull=True, unread_count__gt=0)
        value = rows[:CAP].count()
        cache.set(key, value, TIMEOUT)
    return value


def request_key(request) -> str | None:
    """For forum.pagecache.page.READER_KEYS: fetched with a cached page's round trip."""
    user = getattr(request, "user", None)
    return _key(user.pk) if user is not None and user.is_authenticated else None


def label(user, prefetched=None) -> str:
    number = count_for(user.pk, prefetched)
    if not number:
        return ""
    return f"{CAP - 1}+" if number >= CAP else str(number)


def forget(user_ids) -> None:
    cache.delete_many([_key(pk) for pk in user_ids])
