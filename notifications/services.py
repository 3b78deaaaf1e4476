"""Every write of the notifications app: notifications and email choices.

Fan-out (who hears of a new post, a thanks, a moderator's decision) runs in a task
(notifications.tasks) after the event's own transaction has committed. It writes with
bulk inserts, a bounded number of queries however many members follow a discussion, and
returns what it wrote and what it leaves to send (`Delivery`): the task that ran it
queues the emails that must go out right away. No service looks a task up.
"""

from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, FilteredRelation, OuterRef, Q
from django.utils import timezone

from accounts import relations
from accounts.models import User
from forum import expert_desk
from forum.models import CommunityFollow, Post, PostThanks, ThreadFollow
from notifications import unread
from notifications.models import (
    EMAIL_DEFAULTS,
    EMAIL_KINDS,
    EmailChoice,
    Notification,
    NotificationPreference,
)

Kind = Notification.Kind
FAN_OUT_BATCH = 1000


def _forget_unread(user_ids: list[int]) -> None:
    """Drop cached unread counts now (this transaction's own reads) and again after
    commit (a page rendered meanwhile may have cached the old count)."""
    unread.forget(user_ids)
    transaction.on_commit(partial(unread.forget, user_ids))


class Delivery(NamedTuple):
    """What a fan-out wrote, and what it leaves to send: the post (or, as a field and an
    id, what else) whose notifications wait for an immediate email (the task that ran
    the fan-out queues that sending)."""

    rows: int = 0
    email_post_id: int | None = None
    email_about: tuple[str, int] | None = None


NOTHING = Delivery()


# What the team keeps about a post its author withdrew: the moderators' alerts and the
# decisions told to reporters and to the author.
KEPT_WHEN_WITHDRAWN = (Kind.URGENT_REPORT, Kind.REPORT_OUTCOME, Kind.POST_HIDDEN)


@transaction.atomic
def notifications_drop_withdrawn(*, post_ids: list[int]) -> int:
    """Posts their author withdrew: members' notifications about them go, read or not,
    including those still waiting for a digest email."""
    dropped = Notification.objects.filter(post_id__in=post_ids).exclude(
        kind__in=KEPT_WHEN_WITHDRAWN
    )
    recipients = list(dropped.values_list("recipient_id", flat=True).distinct())
    deleted, _ = dropped.delete()
    if recipients:
        _forget_unread(recipients)
    return deleted


# Reading and email choices ------------------------------------------------------------


@transaction.atomic
def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    if notification.recipient_id != user.pk:
        raise ValidationError("This notification is not yours.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
        _forget_unread([user.pk])
    return notification


def notifications_mark_read_for_posts(*, user_id: int, thread_id: int, up_to_number: int) -> int:
    """The member read a discussion up to this post: the notifications of those posts
    (replies, mentions, expert answers, new discussions) are read; a moderator's or a
    report's are not. No query when nothing is unread (the navigation's cached count)."""
    if not unread.count_for(user_id):
        return 0
    marked = Notification.objects.filter(
        recipient_id=user_id,
        kind__in=Notification.POST_EVENT_KINDS,
        read_at__isnull=True,
        post__thread_id=thread_id,
        post__number__lte=up_to_number,
    ).update(read_at=timezone.now())
    if marked:
        _forget_unread([user_id])
    return marked


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    _forget_unread([user.pk])
    return marked


def email_choices(user: User) -> dict[str, str]:
    """The member's email choice for every kind they can choose for."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: chosen.get(kind, EMAIL_DEFAULTS[kind]) for kind in EMAIL_KINDS}


@transaction.atomic
def preferences_update(*, user: User, choices: dict[str, str]) -> dict[str, str]:
    """Save the member's email choices; notifications still waiting for a digest follow
    a change to "never" (they are not sent)."""
    unknown = set(choices) - set(EMAIL_KINDS)
    if unknown or not set(choices.values()) <= set(EmailChoice.values):
        raise ValidationError("Unknown notification kind or email choice.")
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(user=user, kind=kind, email=email)
            for kind, email in choices.items()
        ],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["email"],
    )
    never = [kind for kind, email in choices.items() if email == EmailChoice.NEVER]
    if never:
        Notification.objects.filter(
            recipient=user,
            kind__in=never,
            email=EmailChoice.DAILY,
            emailed_at__isnull=True,
        ).update(email=EmailChoice.NEVER)
    return email_choices(user)


@transaction.atomic
def email_unsubscribe(*, user: User, kind: str | None) -> dict[str, str]:
    """One-click unsubscribe: one kind to "never", or with kind None (a digest's link)
    every kind now sent in the daily digest."""
    if kind is None:
        kinds = [k for k, email in email_choices(user).items() if email == EmailChoice.DAILY]
    else:
        kinds = [kind]
    return preferences_update(user=user, choices=dict.fromkeys(kinds, EmailChoice.NEVER))


# Fan-out ------------------------------------------------------------------------------


def _can_be_notified() -> Q:
    """Active members who are not suspended right now."""
    return Q(is_active=True) & (
        Q(suspended_at__isnull=True)
        | Q(suspended_until__isnull=False, suspended_until__lte=timezone.now())
    )


def _deliver(
    *,
    audience: Q,
    kind_for: Callable[[int], str],
    kinds: set[str],
    post: Post | None = None,
    actor_id: int | None = None,
    outcome: str = "",
    exclude: set[int] | frozenset = frozenset(),
    about: dict | None = None,
) -> Delivery:
    """Notify every member matched by `audience`, once each, with the kind `kind_for`
    picks for them; skip the actor, those who muted or blocked the actor and those who
    cannot be notified. One query reads the
    members with their email choices; inserts go in batches. Returns what was written
    (a row already there for the same member and post is left alone). `about`: what
    else the notification is about, as a field and an id ({"conversation_id": 3})."""
    skip = {*exclude, actor_id} - {None}
    confirmed = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    members = User.objects.filter(audience).filter(_can_be_notified()).exclude(pk__in=skip)
    if actor_id is not None:
        # Who muted or blocked the member who did it hears nothing of them.
        members = members.exclude(relations.silenced_by(actor_id))
    members = (
        members.annotate(
            has_confirmed_email=Exists(confirmed),
            preference=FilteredRelation(
                "notification_preferences",
                condition=Q(notification_preferences__kind__in=sorted(kinds)),
            ),
        )
        .values_list("pk", "has_confirmed_email", "preference__kind", "preference__email")
        .order_by()
    )
    choices: dict[int, dict[str, str]] = {}
    can_email: dict[int, bool] = {}
    for pk, has_confirmed_email, kind, email in members.iterator(chunk_size=FAN_OUT_BATCH):
        can_email[pk] = has_confirmed_email
        choices.setdefault(pk, {})
        if kind:
            choices[pk][kind] = email
    now = timezone.now()
    rows = []
    for pk, chosen in choices.items():
        kind = kind_for(pk)
        email = chosen.get(kind, EMAIL_DEFAULTS[kind]) if can_email[pk] else EmailChoice.NEVER
        rows.append(
            Notification(
                recipient_id=pk,
                kind=kind,
                actor_id=actor_id,
                post=post,
                outcome=outcome,
                created_at=now,
                email=email,
                **(about or {}),
            )
        )
    # ignore_conflicts: the unique constraints make a repeated fan-out (a task run
    # twice) and a mention added by an edit after a reply notification harmless.
    Notification.objects.bulk_create(rows, batch_size=FAN_OUT_BATCH, ignore_conflicts=True)
    if rows:
        _forget_unread(list(choices))
    emails_due = any(row.email == EmailChoice.IMMEDIATE for row in rows)
    if emails_due and about:
        return Delivery(rows=len(rows), email_about=next(iter(about.items())))
    return Delivery(rows=len(rows), email_post_id=post.pk if emails_due and post else None)


def _announced(post: Post | None) -> bool:
    """Posts others can read: neither hidden nor held, nor their discussion."""
    if post is None:
        return False
    thread = post.thread
    return not (
        post.is_hidden or post.is_awaiting_review or thread.is_hidden or thread.is_awaiting_review
    )


def post_created_notify(*, post_id: int, mentioned: list[int]) -> Delivery:
    """A new post: its author follows the discussion; followers of the discussion (or,
    for a new discussion, of its community), the members it mentions and, for an expert
    answer, the discussion's author each hear of it once.

    Not one transaction: the follow is committed on its own first, so that the fan-out
    never holds a lock on the discussion while it waits for a member's row (an account
    being erased locks its member, then their discussions).
    """
    post = Post.objects.select_related("thread__community").filter(pk=post_id).first()
    if not _announced(post):
        return NOTHING
    thread = post.thread
    if post.author_id:
        ThreadFollow.objects.bulk_create(
            [ThreadFollow(user_id=post.author_id, thread=thread)], ignore_conflicts=True
        )
    # Earlier entries win: an expert answer to one's question says more than a mention.
    special: dict[int, str] = {}
    if post.is_opening:
        followers = CommunityFollow.objects.filter(community_id=thread.community_id)
        default_kind = Kind.NEW_THREAD
        if thread.wants_expert_answer and not thread.is_pinned:  # clinicians are asked
            for pk in User.objects.filter(expert_desk.clinicians_for(thread)).values_list("pk"):
                special[pk[0]] = Kind.EXPERT_QUESTION
    else:
        follows = ThreadFollow.objects.filter(thread=thread)
        followers = follows.filter(level=ThreadFollow.Level.WATCHING)
        default_kind = Kind.REPLY
        if post.is_expert_answer and thread.author_id:
            special[thread.author_id] = Kind.EXPERT_ANSWER
    for member_id in mentioned:
        special.setdefault(member_id, Kind.MENTION)
    audience = Q(pk__in=followers.values("user_id"))
    if special:
        audience |= Q(pk__in=list(special))
        if not post.is_opening:
            # Who muted the discussion hears of nothing there, mentions included.
            muted = follows.filter(level=ThreadFollow.Level.MUTED)
            audience &= ~Q(pk__in=muted.values("user_id"))
    with transaction.atomic():
        return _deliver(
            audience=audience,
            kind_for=lambda pk: special.get(pk, default_kind),
            kinds={default_kind, *special.values()},
            post=post,
            actor_id=post.author_id,
        )


@transaction.atomic
def post_edited_notify(*, post_id: int, mentioned: list[int], editor_id: int | None) -> Delivery:
    """Members newly mentioned by an edit hear of the post (once: not if this post has
    already notified them)."""
    post = Post.objects.select_related("thread").filter(pk=post_id).first()
    if not mentioned or not _announced(post):
        return NOTHING
    muted = ThreadFollow.objects.filter(thread_id=post.thread_id, level=ThreadFollow.Level.MUTED)
    return _deliver(
        audience=Q(pk__in=list(mentioned)) & ~Q(pk__in=muted.values("user_id")),
        kind_for=lambda pk: Kind.MENTION,
        kinds={Kind.MENTION},
        post=post,
        actor_id=post.author_id,
        exclude={editor_id} if editor_id else frozenset(),
    )


@transaction.atomic
def thanks_notify(*, post_id: int, user_id: int) -> Delivery:
    """Tell a post's author they were thanked (once per member and post, even if the
    thanks is taken back and given again)."""
    thanks = PostThanks.objects.filter(post_id=post_id, user_id=user_id).select_related(
        "post__thread"
    )
    thanks = thanks.first()
    if thanks is None or not thanks.post.author_id or not _announced(thanks.post):
        return NOTHING
    return _deliver(
        audience=Q(pk=thanks.post.author_id),
        kind_for=lambda pk: Kind.THANKS,
        kinds={Kind.THANKS},
        post=thanks.post,
        actor_id=user_id,
    )


@transaction.atomic
def post_hidden_notify(*, post_id: int, moderator_id: int | None = None) -> Delivery:
    """Tell a member a moderator removed their post."""
    post = Post.objects.select_related("thread").filter(pk=post_id).first()
    if post is None or not post.author_id:
        return NOTHING
    return _deliver(
        audience=Q(pk=post.author_id),
        kind_for=lambda pk: Kind.POST_HIDDEN,
        kinds={Kind.POST_HIDDEN},
        post=post,
        exclude={moderator_id} if moderator_id else frozenset(),
    )


@transaction.atomic
def report_resolved_notify(
    *,
    post_id: int,
    reporter_ids: list[int],
    outcome: str,
    moderator_id: int | None = None,
) -> Delivery:
    """Tell the members who reported a post what the moderators decided."""
    post = Post.objects.select_related("thread").filter(pk=post_id).first()
    reporter_ids = [pk for pk in reporter_ids if pk]
    if post is None or not reporter_ids:
        return NOTHING
    return _deliver(
        audience=Q(pk__in=reporter_ids),
        kind_for=lambda pk: Kind.REPORT_OUTCOME,
        kinds={Kind.REPORT_OUTCOME},
        post=post,
        outcome=outcome,
        exclude={moderator_id} if moderator_id else frozenset(),
    )


@transaction.atomic
def verification_decided_notify(*, applicant_id: int, approved: bool) -> Delivery:
    """Tell a member the decision on their clinician verification request (in the app;
    moderation emails it)."""
    return _deliver(
        audience=Q(pk=applicant_id),
        kind_for=lambda pk: Kind.VERIFICATION,
        kinds={Kind.VERIFICATION},
        outcome="approved" if approved else "rejected",
    )
