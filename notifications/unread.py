"""The unread count in the navigation bar: one small query, then kept in the cache
until a notification arrives or is read, so most pages pay nothing for it."""

from django.core.cache import cache

from notifications.models import Notification

# Counting stops here: the badge shows "99+", and the query stays small.
CAP = 100
TIMEOUT = 300


def _key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def count(user, prefetched=None) -> int:
    return count_for(user.pk, prefetched)


def count_for(user_id: int, prefetched=None) -> int:
    """The member's unread count; `prefetched`: cache values already fetched for this
    request (a member's cached page reads this key with its own: forum.pagecache)."""
    key = _key(user_id)
    value = prefetched[key] if prefetched and key in prefetched else cache.get(key)
    if value is None:
        unread = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)
        value = unread[:CAP].count()
        cache.set(key, value, TIMEOUT)
    return value


def request_key(request) -> str | None:
    """For forum.pagecache.page.READER_KEYS: the signed-in reader's unread-count key."""
    user = getattr(request, "user", None)
    return _key(user.pk) if user is not None and user.is_authenticated else None


def label(user, prefetched=None) -> str:
    """ "" with nothing unread, else the number ("99+" past the cap)."""
    number = count(user, prefetched)
    if not number:
        return ""
    return f"{CAP - 1}+" if number >= CAP else str(number)


def forget(user_ids: list[int]) -> None:
    cache.delete_many([_key(pk) for pk in user_ids])
