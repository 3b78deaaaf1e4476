"""The moderators' side of notifications: their urgent alerts, and what their decisions
tell a member in the app (the emails about those are letters: letters.letter_send)."""

from django.db import transaction
from django.db.models import Q

from accounts.models import User
from forum.models import Post
from notifications.models import Notification
from notifications.services import NOTHING, Delivery, _deliver

Kind = Notification.Kind


def warning_notify(*, member_id: int, post_id: int | None) -> Delivery:
    """A moderator warned the member (for a post, if given)."""
    post = Post.objects.select_related("thread").filter(pk=post_id).first() if post_id else None
    return _deliver(
        audience=Q(pk=member_id),
        kind_for=lambda pk: Kind.WARNING,
        kinds={Kind.WARNING},
        post=post,
    )


def outreach_notify(*, member_id: int, post_id: int | None) -> Delivery:
    """The moderators sent the member a caring message (its words are on its page)."""
    post = Post.objects.select_related("thread").filter(pk=post_id).first() if post_id else None
    return _deliver(
        audience=Q(pk=member_id),
        kind_for=lambda pk: Kind.REACH_OUT,
        kinds={Kind.REACH_OUT},
        post=post,
    )


def moderators_on_duty() -> list[int]:
    """Who hears of a risk of self-harm at once: the moderators on duty, all of them if
    none is."""
    staff = [
        user for user in User.objects.filter(is_active=True, is_staff=True) if user.is_moderator
    ]
    return [user.pk for user in staff if not user.is_off_duty] or [u.pk for u in staff]


@transaction.atomic
def urgent_report_notify(*, post_id: int) -> Delivery:
    """A post reported as a risk of self-harm: the moderators on duty hear at once, in the app
    and by email (the email names the discussion, never the post's words). Once per
    post while a moderator has not read the alert yet."""
    post = Post.objects.select_related("thread").filter(pk=post_id).first()
    if post is None:
        return NOTHING
    moderators = moderators_on_duty()
    waiting = Notification.objects.filter(
        kind=Kind.URGENT_REPORT, post=post, read_at__isnull=True
    ).values_list("recipient_id", flat=True)
    return _deliver(
        audience=Q(pk__in=moderators),
        kind_for=lambda pk: Kind.URGENT_REPORT,
        kinds={Kind.URGENT_REPORT},
        post=post,
        exclude=set(waiting),
    )
