"""Small counts of a member's own that every page shows in the navigation (unread
notifications, conversations with unread messages): one small query, then kept in the
cache until what they count changes, so most pages pay nothing for them. A member's
cached page fetches them in its own cache round trip (forum.pagecache READER_KEYS)."""

from collections.abc import Callable

from django.core.cache import cache


class MemberCount:
    """`count(user_id)` is the query (it stops at `cap`, shown as "99+")."""

    def __init__(self, prefix: str, count: Callable[[int, int], int], *, cap=100, timeout=300):
        self.prefix, self.count, self.cap, self.timeout = prefix, count, cap, timeout

    def key(self, user_id: int) -> str:
        return f"{self.prefix}:{user_id}"

    def count_for(self, user_id: int, prefetched=None) -> int:
        """The member's count; `prefetched`: cache values already fetched for this
        request (a member's cached page reads this key with its own)."""
        key = self.key(user_id)
        value = prefetched[key] if prefetched and key in prefetched else cache.get(key)
        if value is None:
            value = self.count(user_id, self.cap)
            cache.set(key, value, self.timeout)
        return value

    def request_key(self, request) -> str | None:
        """For forum.pagecache.page.READER_KEYS: the signed-in reader's key."""
        user = getattr(request, "user", None)
        return self.key(user.pk) if user is not None and user.is_authenticated else None

    def label(self, user, prefetched=None) -> str:
        """ "" with nothing to count, else the number ("99+" past the cap)."""
        number = self.count_for(user.pk, prefetched)
        if not number:
            return ""
        return f"{self.cap - 1}+" if number >= self.cap else str(number)

    def forget(self, user_ids) -> None:
        cache.delete_many([self.key(pk) for pk in user_ids])
