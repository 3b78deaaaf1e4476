"""Who may do what. Each rule twice: `can_*` for templates, `check_*` that raises with a reason.

`PermissionDenied` carries a message the 403 page shows; `Http404` is for what the member may
not even know exists.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from forum.models import Community, Post, Thread


def is_moderator(user) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def reply_refusal(user, thread: Thread) -> str | None:
    if not user.is_authenticated:
        return "Sign in to reply."
    if not user.is_active:
        return "This account is not active."
    if thread.is_hidden and not is_moderator(user):
        return "This discussion has been removed by a moderator."
    if thread.is_locked and not is_moderator(user):
        return "This discussion is locked: no new replies can be added."
    return None


def can_view_community(user, community: Community) -> bool:
    return community.is_public or user.is_authenticated


def check_can_view_community(user, community: Community) -> None:
    if not can_view_community(user, community):
        raise Http404("No such community.")


def can_view_thread(user, thread: Thread) -> bool:
    if thread.is_hidden and not is_moderator(user):
        return False
    return can_view_community(user, thread.community)


def check_can_view_thread(user, thread: Thread) -> None:
    if not can_view_thread(user, thread):
        raise Http404("No such discussion.")


def can_start_thread(user, community: Community) -> bool:
    return user.is_authenticated and user.is_active and can_view_community(user, community)


def check_can_start_thread(user, community: Community) -> None:
    check_can_view_community(user, community)
    if not can_start_thread(user, community):
        raise PermissionDenied("Sign in to start a discussion.")


def can_reply(user, thread: Thread) -> bool:
    return reply_refusal(user, thread) is None


def check_can_reply(user, thread: Thread) -> None:
    reason = reply_refusal(user, thread)
    if reason:
        raise PermissionDenied(reason)


def can_edit_post(user, post: Post) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if post.is_hidden or post.thread.is_locked:
        return is_moderator(user)
    return post.author_id == user.pk or is_moderator(user)


def check_can_edit_post(user, post: Post) -> None:
    if not can_edit_post(user, post):
        if post.author_id == user.pk:
            raise PermissionDenied(
                "This post can no longer be edited: its discussion is locked or the post was "
                "removed by a moderator."
            )
        raise PermissionDenied("You can only edit your own posts.")


def can_post_expert_answer(user) -> bool:
    return bool(user.is_authenticated and user.is_clinician)


def check_can_post_expert_answer(user) -> None:
    if not can_post_expert_answer(user):
        raise PermissionDenied("Only verified clinicians can post expert answers.")
