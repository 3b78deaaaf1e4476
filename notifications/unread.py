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
    value = cache.get(_key(user.pk))
    if value is None:
        value = Notification.objects.filter(recipient=user, read_at__isnull=True)[:CAP].count()
        cache.set(_key(user.pk), value, TIMEOUT)
    return value


def label(user) -> str:
    """ "" with nothing unread, else the number ("99+" past the cap)."""
    number = count(user)
    if not number:
        return ""
    return f"{CAP - 1}+" if number >= CAP else str(number)


def forget(user_ids: list[int]) -> None:
    cache.delete_many([_key(pk) for pk in user_ids])
