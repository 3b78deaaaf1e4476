"""What a discussion page shows of follows and thanks: one query for the page.

The query is written out in SQL: it runs on every signed-in view of a discussion, and
building the equivalent ORM query (two EXISTS annotations over a join) cost more than
running it. Five index lookups joined with UNION ALL, each row tagged with its kind.
"""

from allauth.account.models import EmailAddress
from django.db import connections, router

from forum import permissions as forum_permissions
from forum.models import Post
from notifications import permissions
from notifications.models import PostThanks, PostThanksCount, ThreadFollow

COUNT, THANKED, FOLLOWED, HELD, CONFIRMED = 0, 1, 2, 3, 4


def discussion_state(user, thread, posts: list[Post]) -> None:
    """Set `thread.is_followed` (by the member), `thread.reader_has_held_posts` (posts of
    theirs awaiting review there) and, on each post, `thanks_count`, `is_thanked` and
    `can_thank`. One query, whatever the number of posts; it also answers whether the
    member has confirmed their email address, which the page asks too."""
    if user is not None:
        user = forum_permissions.concrete(user)
    signed_in = bool(user is not None and user.is_authenticated)
    ids = [post.pk for post in posts]
    counts, thanked, kinds = {}, set(), set()
    for kind, key, number in _rows(user.pk if signed_in else None, thread.pk, ids):
        if kind == COUNT:
            counts[key] = number
        elif kind == THANKED:
            thanked.add(key)
        kinds.add(kind)
    thread.is_followed = FOLLOWED in kinds
    thread.reader_has_held_posts = HELD in kinds
    if signed_in:
        forum_permissions.remember_confirmed_email(user, CONFIRMED in kinds)
    for post in posts:
        post.thanks_count = counts.get(post.pk, 0)
        post.is_thanked = post.pk in thanked
        post.can_thank = signed_in and permissions.can_thank(user, post)


def _rows(user_id, thread_id, post_ids: list[int]) -> list[tuple[int, int, int]]:
    parts, params = [], []
    if post_ids:
        marks = ", ".join(["%s"] * len(post_ids))
        parts.append(
            f"SELECT {COUNT}, post_id, thanks_count FROM {PostThanksCount._meta.db_table} "
            f"WHERE post_id IN ({marks})"
        )
        params += post_ids
        if user_id is not None:
            parts.append(
                f"SELECT {THANKED}, post_id, 1 FROM {PostThanks._meta.db_table} "
                f"WHERE user_id = %s AND post_id IN ({marks})"
            )
            params += [user_id, *post_ids]
    if user_id is not None:
        parts.append(
            f"SELECT {FOLLOWED}, thread_id, 1 FROM {ThreadFollow._meta.db_table} "
            "WHERE user_id = %s AND thread_id = %s"
        )
        params += [user_id, thread_id]
        parts.append(
            f"SELECT {HELD}, id, 1 FROM {Post._meta.db_table} "
            "WHERE thread_id = %s AND author_id = %s AND is_awaiting_review"
        )
        params += [thread_id, user_id]
        parts.append(
            f"SELECT {CONFIRMED}, 0, 1 WHERE EXISTS (SELECT 1 FROM "
            f"{EmailAddress._meta.db_table} WHERE user_id = %s AND verified)"
        )
        params.append(user_id)
    if not parts:
        return []
    with connections[router.db_for_read(Post)].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()
