"""Warnings with escalation: a moderator warns a member for a post, with a reason; the
member is told (a notification, an email, and a banner on every page until they have
read it); recent warnings are counted, and at MODERATION_WARNING_THRESHOLD within
MODERATION_WARNING_DAYS the moderators are offered a suspension with them listed."""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum.models import Post
from moderation import actions, events
from moderation.models import ModerationAction, Warning


def active(member: User) -> QuerySet:
    """The member's warnings within MODERATION_WARNING_DAYS, newest first."""
    since = timezone.now() - timedelta(days=settings.MODERATION_WARNING_DAYS)
    return Warning.objects.filter(member=member, created_at__gte=since).select_related("post")


def suspension_due(member: User) -> bool:
    return active(member).count() >= settings.MODERATION_WARNING_THRESHOLD


@transaction.atomic
def member_warn(*, moderator: User, member: User, reason: str, post: Post | None = None) -> Warning:
    """Warn a member (for a post, if given); logged, and the member is told."""
    actions._check(moderator)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason: the member reads it."))
    if member is None or member.pk == moderator.pk:
        raise PermissionDenied(_("You cannot warn yourself."))
    warning = Warning.objects.create(member=member, post=post, moderator=moderator, reason=reason)
    User.objects.filter(pk=member.pk).update(warning_pending_at=warning.created_at)
    actions.log_action(
        moderator=moderator,
        action=ModerationAction.Action.MEMBER_WARNED,
        user=member,
        post=post,
        reason=reason,
        label=f"Member {member.display_name} warned"
        + (f" for post #{post.number} in “{post.thread.title}”" if post else ""),
    )
    actions.tell_member(member, "member_warned", reason)
    transaction.on_commit(
        partial(
            events.member_warned.send,
            sender=Warning,
            warning_id=warning.pk,
            member_id=member.pk,
            post_id=post.pk if post else None,
        )
    )
    return warning


@transaction.atomic
def warnings_acknowledge(*, member: User) -> int:
    """The member has read their warnings: the banner goes."""
    now = timezone.now()
    read = Warning.objects.filter(member=member, acknowledged_at__isnull=True).update(
        acknowledged_at=now
    )
    User.objects.filter(pk=member.pk).update(warning_pending_at=None)
    return read
