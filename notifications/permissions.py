"""Who may thank and follow. Each rule twice, as in forum.permissions: `can_*` for
templates and `check_*` that raises with a reason (Http404 for what one may not see)."""

from django.core.exceptions import PermissionDenied

from forum import permissions as forum_permissions
from forum.models import Post, Thread


def thanks_refusal(user, post: Post) -> str | None:
    if not user.is_authenticated:
        return "Sign in to thank a post."
    if post.author_id == user.pk:
        return "This is your own post: thanks are for other members' posts."
    if user.is_suspended:
        return forum_permissions.suspension_message(user)
    if not forum_permissions.has_confirmed_email(user):
        return forum_permissions.EMAIL_NOT_CONFIRMED
    if post.is_hidden or post.is_awaiting_review:
        return "This post cannot be thanked: it is not shown to other members."
    return None


def can_thank(user, post: Post) -> bool:
    return thanks_refusal(user, post) is None


def check_can_thank(user, post: Post) -> None:
    forum_permissions.check_can_view_thread(user, post.thread)
    reason = thanks_refusal(user, post)
    if reason == forum_permissions.EMAIL_NOT_CONFIRMED:
        raise forum_permissions.EmailNotConfirmed(reason)
    if reason:
        raise PermissionDenied(reason)


def can_follow_thread(user, thread: Thread) -> bool:
    return user.is_authenticated and forum_permissions.can_view_thread(user, thread)


def check_can_follow_thread(user, thread: Thread) -> None:
    forum_permissions.check_can_view_thread(user, thread)
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to follow a discussion.")
