"""Clinicians' notes and answered inaccuracy flags (forum.clinician_notes) in the
moderation log, "by" the clinician or moderator who acted."""

from accounts.models import User
from forum.models import Post
from moderation.actions import log_action
from moderation.models import ModerationAction

Action = ModerationAction.Action


def log_note(sender, post_id, editor_id, created, **kwargs) -> None:
    post = Post.objects.select_related("thread", "author").filter(pk=post_id).first()
    if post is None:
        return
    log_action(
        moderator=User.objects.filter(pk=editor_id).first(),
        action=Action.CLINICIAN_NOTE_ADDED if created else Action.CLINICIAN_NOTE_EDITED,
        post=post,
    )


def log_dismissal(sender, post_id, clinician_id, reason, **kwargs) -> None:
    post = Post.objects.select_related("thread", "author").filter(pk=post_id).first()
    if post is None:
        return
    log_action(
        moderator=User.objects.filter(pk=clinician_id).first(),
        action=Action.INACCURACY_FLAGS_DISMISSED,
        post=post,
        reason=reason,
    )
