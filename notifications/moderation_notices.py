"""What the moderators' decisions tell a member in the app (their emails are letters:
notifications.emails.letter_send)."""

from django.db.models import Q

from forum.models import Post
from notifications.models import Notification
from notifications.services import Delivery, _deliver

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
