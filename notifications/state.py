"""What a discussion page shows of follows and thanks: one query for the page."""

from django.db.models import Exists, OuterRef, Value

from forum.models import Post
from notifications import permissions
from notifications.models import PostThanks, ThreadFollow


def discussion_state(user, thread, posts: list[Post]) -> None:
    """Set `thread.is_followed` (by the member) and, on each post, `thanks_count`,
    `is_thanked` and `can_thank`. One query, whatever the number of posts."""
    signed_in = bool(user is not None and user.is_authenticated)
    if signed_in:
        follows = ThreadFollow.objects.filter(thread_id=thread.pk, user=user)
        thanked = PostThanks.objects.filter(post=OuterRef("pk"), user=user)
        columns = {"is_followed": Exists(follows), "is_thanked": Exists(thanked)}
    else:
        columns = {"is_followed": Value(False), "is_thanked": Value(False)}
    rows = (
        list(
            Post.objects.filter(pk__in=[post.pk for post in posts])
            .annotate(**columns)
            .values_list("pk", "thanks_total__thanks_count", "is_thanked", "is_followed")
            .order_by()
        )
        if posts
        else []
    )
    if rows:
        thread.is_followed = rows[0][3]
    else:
        thread.is_followed = (
            signed_in and ThreadFollow.objects.filter(thread=thread, user=user).exists()
        )
    found = {pk: (count or 0, is_thanked) for pk, count, is_thanked, _ in rows}
    for post in posts:
        post.thanks_count, post.is_thanked = found.get(post.pk, (0, False))
        post.can_thank = signed_in and permissions.can_thank(user, post)
