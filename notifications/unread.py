"""The unread count in the navigation bar: one small query, then kept in the cache
until a notification arrives or is read, so most pages pay nothing for it."""

from django.core.cache import cache

from notifications.models import Notification

# Counting stops here: the badge shows "99+", and the query stays small.
CAP = 100
TIMEOUT = 300


def _key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def count(user) -> int:
    return count_for(user.pk)


def count_for(user_id: int) -> int:
    value = cache.get(_key(user_id))
    if value is None:
        unread = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)
        value = unread[:CAP].count()
        cache.set(_key(user_id), value, TIMEOUT)
    return value


def label(user) -> str:
    """ "" with nothing unread, else the number ("99+" past the cap)."""
    number = count(user)
    if not number:
        return ""
    return f"{CAP - 1}+" if number >= CAP else str(number)


def forget(user_ids: list[int]) -> None:
    cache.delete_many([_key(pk) for pk in user_ids])
