"""Moderator actions on the forum and its members, and members' reports.

Each action bundles the permission check, the change (through forum.services, which keeps
counters exact) and the log entry, so that the admin, the in-page controls and the
management commands behave the same. Clinician verification lives in moderation.services.
"""

from datetime import datetime
from functools import partial

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from forum import permissions as forum_permissions
from forum import services as forum_services
from forum.models import Community, Post, Thread
from moderation import events
from moderation.models import ModerationAction, Report

Action = ModerationAction.Action
MODERATORS_GROUP = "Moderators"


def _check(moderator: User) -> None:
    forum_permissions.check_can_moderate(moderator)


def log_action(*, moderator, action, reason="", user=None, post=None, thread=None, label=""):
    if post is not None:
        thread = thread or post.thread
        label = label or f"Post #{post.number} in “{thread.title}”"
    elif thread is not None:
        label = label or f"Discussion “{thread.title}”"
    elif user is not None:
        label = label or f"Member {user.display_name}"
    return ModerationAction.objects.create(
        moderator=moderator,
        action=action,
        target_user=user or (post.author if post is not None else None),
        target_post_id=post.pk if post is not None else None,
        target_thread_id=thread.pk if thread is not None else None,
        target_label=label[:255],
        reason=reason.strip(),
    )


def _resolve_reports(*, post: Post, moderator: User | None, status: str) -> int:
    # Locked first, so that two moderators closing the same reports tell reporters once.
    reports = Report.objects.filter(post=post, status=Report.Status.OPEN)
    resolved = list(reports.select_for_update().values_list("pk", "reporter_id"))
    closed = reports.filter(pk__in=[pk for pk, _ in resolved]).update(
        status=status, resolved_by=moderator, resolved_at=timezone.now()
    )
    if resolved:
        transaction.on_commit(
            partial(
                events.report_resolved.send,
                sender=Report,
                report_ids=[pk for pk, _ in resolved],
                post_id=post.pk,
                reporter_ids=[reporter for _, reporter in resolved if reporter],
                moderator_id=moderator.pk if moderator else None,
                outcome=str(status),
            )
        )
    return closed


# Posts ---------------------------------------------------------------------------------


@transaction.atomic
def post_hide(*, moderator: User, post: Post, reason: str = "") -> Post:
    """Hide a post: it stays in place as "removed by a moderator"; its reports are closed;
    its author is told (in caring words if it was reported as a risk of self-harm)."""
    from moderation import outreach  # it logs through this module

    _check(moderator)
    outreach.tell_author_of_hidden(moderator=moderator, post=post)
    if post.is_opening:
        # The opening post carries the discussion: hiding it hides the discussion.
        thread_hide(moderator=moderator, thread=post.thread, reason=reason)
        _resolve_reports(post=post, moderator=moderator, status=Report.Status.ACTIONED)
        return Post.objects.get(pk=post.pk)
    post = forum_services.post_hidden_set(post=post, hidden=True)
    _resolve_reports(post=post, moderator=moderator, status=Report.Status.ACTIONED)
    log_action(moderator=moderator, action=Action.POST_HIDDEN, post=post, reason=reason)
    return post


WITHDRAWN_BY_AUTHOR = gettext_lazy("Its author withdrew it: it is not a moderator's to restore.")


@transaction.atomic
def post_restore(*, moderator: User, post: Post, reason: str = "") -> Post:
    _check(moderator)
    if post.withdrawn_at is not None:
        raise PermissionDenied(WITHDRAWN_BY_AUTHOR)
    if post.is_opening:
        thread_restore(moderator=moderator, thread=post.thread, reason=reason)
        return Post.objects.get(pk=post.pk)
    post = forum_services.post_hidden_set(post=post, hidden=False)
    log_action(moderator=moderator, action=Action.POST_RESTORED, post=post, reason=reason)
    return post


@transaction.atomic
def reports_dismiss(*, moderator: User, post: Post, reason: str = "") -> int:
    """Close a post's open reports without acting on it (and restore it if it was hidden
    automatically, pending review)."""
    _check(moderator)
    closed = _resolve_reports(post=post, moderator=moderator, status=Report.Status.DISMISSED)
    if closed:
        was_auto_hidden = ModerationAction.objects.filter(
            action=Action.POST_AUTO_HIDDEN, target_post_id=post.pk
        ).exists()
        if post.withdrawn_at is not None:
            pass  # its author withdrew it since: it stays withdrawn
        elif was_auto_hidden and post.is_opening and post.thread.is_hidden:
            forum_services.thread_hidden_set(thread=post.thread, hidden=False)
        elif post.is_hidden and was_auto_hidden and not post.is_opening:
            forum_services.post_hidden_set(post=post, hidden=False)
        log_action(
            moderator=moderator,
            action=Action.REPORT_DISMISSED,
            post=post,
            reason=reason or f"{closed} report(s) dismissed",
        )
    return closed


@transaction.atomic
def held_post_decide(*, moderator: User, post: Post, approve: bool, reason: str = "") -> Post:
    """Approve a new member's held post (it appears and is announced) or reject it."""
    _check(moderator)
    post = forum_services.post_review_decide(post=post, approve=approve)
    log_action(
        moderator=moderator,
        action=Action.POST_APPROVED if approve else Action.POST_REJECTED,
        post=post,
        reason=reason,
    )
    return post


def log_moderator_edit(sender, post_id, editor_id=None, **kwargs) -> None:
    """Receiver of forum.events.post_edited: a moderator's edit of someone else's post is
    a moderation action, and goes in the log."""
    post = Post.objects.select_related("thread").filter(pk=post_id).first()
    if post is None or editor_id is None or post.author_id == editor_id:
        return
    editor = User.objects.filter(pk=editor_id).first()
    if editor is not None and editor.is_moderator:
        log_action(moderator=editor, action=Action.POST_EDITED, post=post)


# Discussions ---------------------------------------------------------------------------


@transaction.atomic
def thread_hide(*, moderator: User, thread: Thread, reason: str = "") -> Thread:
    _check(moderator)
    thread = forum_services.thread_hidden_set(thread=thread, hidden=True)
    log_action(moderator=moderator, action=Action.THREAD_HIDDEN, thread=thread, reason=reason)
    return thread


@transaction.atomic
def thread_restore(*, moderator: User, thread: Thread, reason: str = "") -> Thread:
    _check(moderator)
    if Post.objects.filter(thread=thread, number=1, withdrawn_at__isnull=False).exists():
        raise PermissionDenied(WITHDRAWN_BY_AUTHOR)
    thread = forum_services.thread_hidden_set(thread=thread, hidden=False)
    log_action(moderator=moderator, action=Action.THREAD_RESTORED, thread=thread, reason=reason)
    return thread


@transaction.atomic
def thread_lock(*, moderator: User, thread: Thread, locked: bool, reason: str = "") -> Thread:
    _check(moderator)
    thread = forum_services.thread_flags_set(thread=thread, is_locked=locked)
    action = Action.THREAD_LOCKED if locked else Action.THREAD_UNLOCKED
    log_action(moderator=moderator, action=action, thread=thread, reason=reason)
    return thread


@transaction.atomic
def thread_pin(*, moderator: User, thread: Thread, pinned: bool, reason: str = "") -> Thread:
    _check(moderator)
    thread = forum_services.thread_flags_set(thread=thread, is_pinned=pinned)
    action = Action.THREAD_PINNED if pinned else Action.THREAD_UNPINNED
    log_action(moderator=moderator, action=action, thread=thread, reason=reason)
    return thread


@transaction.atomic
def thread_move(
    *, moderator: User, thread: Thread, community: Community, reason: str = ""
) -> Thread:
    _check(moderator)
    old_name = thread.community.name
    thread = forum_services.thread_move(thread=thread, community=community)
    log_action(
        moderator=moderator,
        action=Action.THREAD_MOVED,
        thread=thread,
        reason=reason,
        label=f"Discussion “{thread.title}” moved from {old_name} to {community.name}",
    )
    return thread


# Members -------------------------------------------------------------------------------


@transaction.atomic
def member_suspend(*, moderator: User, member: User, until: datetime | None, reason: str) -> User:
    """Suspend a member until a date (None: until lifted). They can read, not post."""
    _check(moderator)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason: the member sees it when they try to post."))
    if member.pk == moderator.pk:
        raise PermissionDenied(_("You cannot suspend yourself."))
    if member.is_moderator or member.is_superuser:
        raise PermissionDenied(_("Moderators and administrators cannot be suspended here."))
    if until is not None and until <= timezone.now():
        raise ValidationError(_("The end of the suspension must be in the future."))
    member = User.objects.select_for_update().get(pk=member.pk)
    member.suspended_at = timezone.now()
    member.suspended_until = until
    member.suspension_reason = reason
    member.save(update_fields=["suspended_at", "suspended_until", "suspension_reason"])
    until_text = f"until {until:%-d %b %Y %H:%M} UTC" if until else "until lifted"
    log_action(
        moderator=moderator,
        action=Action.MEMBER_SUSPENDED,
        user=member,
        reason=reason,
        label=f"Member {member.display_name} suspended {until_text}",
    )
    tell_member(member, "member_suspended", reason)
    return member


def tell_member(
    member: User, letter: str, reason: str = "", *, review_due=None, details: str = ""
) -> None:
    """Email the member about a decision on their account, once it is committed (the
    notifications app sends it: moderation.events.member_letter). Plain values only:
    they may travel through the task queue."""
    transaction.on_commit(
        partial(
            events.member_letter.send,
            sender=User,
            user_id=member.pk,
            letter=letter,
            reason=reason,
            review_due=review_due.isoformat() if review_due else "",
            details=details,
        )
    )


@transaction.atomic
def member_reinstate(*, moderator: User, member: User, reason: str = "") -> User:
    _check(moderator)
    member = User.objects.select_for_update().get(pk=member.pk)
    member.suspended_at = None
    member.suspended_until = None
    member.suspension_reason = ""
    member.save(update_fields=["suspended_at", "suspended_until", "suspension_reason"])
    log_action(moderator=moderator, action=Action.MEMBER_REINSTATED, user=member, reason=reason)
    tell_member(member, "member_reinstated", reason)
    return member


@transaction.atomic
def member_trust(*, moderator: User, member: User, reason: str = "") -> User:
    """A trusted member's posts skip the new-member review."""
    _check(moderator)
    User.objects.filter(pk=member.pk).update(is_trusted=True)
    member.refresh_from_db()
    log_action(moderator=moderator, action=Action.MEMBER_TRUSTED, user=member, reason=reason)
    return member


@transaction.atomic
def moderator_set(*, member: User, is_moderator: bool, by: User | None = None) -> User:
    """Make a member a moderator (staff in the Moderators group), or stop. For operators:
    `manage.py make_moderator`. Never touches superuser status."""
    member = User.objects.select_for_update().get(pk=member.pk)
    group = Group.objects.get(name=MODERATORS_GROUP)
    if is_moderator:
        member.is_staff = True
        member.save(update_fields=["is_staff"])
        member.groups.add(group)
    else:
        member.groups.remove(group)
        if not member.is_superuser:
            member.is_staff = False
            member.save(update_fields=["is_staff"])
    log_action(
        moderator=by,
        action=Action.MODERATOR_ADDED if is_moderator else Action.MODERATOR_REMOVED,
        user=member,
    )
    return member


# Reports -------------------------------------------------------------------------------


def report_refusal(member: User, post: Post) -> str | None:
    if not member.is_authenticated:
        return _("Sign in to report a post.")
    if not forum_permissions.has_confirmed_email(member):
        return forum_permissions.EMAIL_NOT_CONFIRMED
    if post.author_id == member.pk:
        return _("This is your own post: you can edit it instead of reporting it.")
    if post.withdrawn_at is not None:
        return _("Its author has withdrawn this post: nobody else can read it.")
    if post.is_hidden:
        return _("A moderator has already removed this post.")
    return None


@transaction.atomic
def report_create(*, reporter: User, post: Post, reason: str, note: str = "") -> Report:
    """File a report; enough reports from distinct members hide the post pending review."""
    refusal = report_refusal(reporter, post)
    if refusal:
        raise PermissionDenied(refusal)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                post=post,
                reporter=reporter,
                reason=reason,
                note=note.strip(),
                text_as_reported=post.body,
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already reported this post. Thank you: a moderator will look at it.")
        ) from None
    report_announce(report)
    threshold = settings.MODERATION_AUTO_HIDE_REPORTS
    if threshold > 0:
        reporters = (
            Report.objects.filter(post=post, status=Report.Status.OPEN)
            .values("reporter")
            .distinct()
            .count()
        )
        if reporters >= threshold:
            _auto_hide(post, reporters)
    return report


def report_announce(report: Report) -> None:
    """Tell other apps once the report is committed (a self-harm one alerts moderators)."""
    transaction.on_commit(
        partial(
            events.report_filed.send,
            sender=Report,
            report_id=report.pk,
            post_id=report.post_id,
            reason=report.reason,
        )
    )


def _auto_hide(post: Post, reporters: int) -> None:
    """Enough members reported it: a reply is hidden, an opening post hides its whole
    discussion (an abusive or spam discussion must not stay up), pending review."""
    if post.is_opening:
        forum_services.thread_hidden_set(thread=post.thread, hidden=True)
        what = "the discussion is hidden pending review"
    else:
        post = forum_services.post_hidden_set(post=post, hidden=True)
        what = "hidden pending review"
    if not ModerationAction.objects.filter(
        action=Action.POST_AUTO_HIDDEN, target_post_id=post.pk
    ).exists():
        log_action(
            moderator=None,
            action=Action.POST_AUTO_HIDDEN,
            post=post,
            reason=f"{reporters} members reported it; {what}",
        )
