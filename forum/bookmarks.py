"""Saved posts: a member keeps a post they can read, to find it again (or print it for
their doctor). A post that becomes hidden, or a discussion that does, simply drops out
of the list; the bookmark comes back if a moderator restores it."""

from django.db import transaction

from accounts.models import User
from forum import permissions
from forum.models import Bookmark, Post


@transaction.atomic
def bookmark_create(*, user: User, post: Post) -> Bookmark:
    """Save a post (once; saving it again changes nothing)."""
    permissions.check_can_bookmark(user, post)
    bookmark, _ = Bookmark.objects.get_or_create(user=user, post=post)
    return bookmark


@transaction.atomic
def bookmark_delete(*, user: User, post_id: int) -> bool:
    """Remove a saved post; False if it was not saved."""
    deleted, _ = Bookmark.objects.filter(user=user, post_id=post_id).delete()
    return bool(deleted)


def saved_posts(user):
    """The member's saved posts that they may still read, most recently saved first."""
    return (
        Bookmark.objects.filter(user=user, post__in=Post.objects.visible_to(user))
        .select_related("post__author", "post__thread__community")
        .order_by("-created_at", "-id")
    )
