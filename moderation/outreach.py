"""Reaching out to a member who may be at risk of harming themselves: a caring message
from the moderators, in words they can edit (CaringMessage in the admin), with the help
lines for the member's country, sent in the app and by email (never with the post's
words). When a moderator hides a post reported as a risk of self-harm, its author is
told why in the same kind words, not "a moderator removed your post". Each message is
logged with its time."""

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from forum import crisis
from forum.models import Post
from moderation import actions, events
from moderation.models import CaringMessage, ModerationAction, Outreach, Report

Kind = CaringMessage.Kind
# The forum's own words, until the moderators write theirs.
DEFAULTS = {
    Kind.REACH_OUT: gettext_lazy(
        "We read what you wrote, and we are thinking of you. You do not have to go through "
        "this alone: the people below are there to listen, at any hour, and talking to "
        "someone can help. If you can, please also tell someone you trust how you feel. "
        "You are welcome here, and we are glad you shared."
    ),
    Kind.POST_HIDDEN: gettext_lazy(
        "We have taken your post down from public view, not because you did anything "
        "wrong, but because it may be read by people who are struggling themselves. We "
        "read it, and we care about how you are. The people below are there to listen, at "
        "any hour. You are welcome to keep posting here."
    ),
}


def words(kind: str) -> str:
    """The moderators' words for this kind of message, or the forum's own."""
    found = CaringMessage.objects.filter(kind=kind).values_list("text", flat=True).first()
    return found or str(DEFAULTS[kind])


def has_self_harm_report(post: Post) -> bool:
    return Report.objects.filter(
        post=post, status=Report.Status.OPEN, reason=Report.Reason.SELF_HARM
    ).exists()


@transaction.atomic
def member_reach_out(
    *, moderator: User | None, post: Post, text: str, kind: str = Kind.REACH_OUT
) -> Outreach:
    """Send the post's author a caring message with their country's help lines."""
    if moderator is not None:
        actions._check(moderator)
    member = post.author
    if member is None:
        raise PermissionDenied(_("This post's author has left the forum."))
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the message: the member reads it."))
    outreach = Outreach.objects.create(
        member=member,
        post=post,
        moderator=moderator,
        kind=kind,
        text=text,
        help_lines=crisis.help_lines(member),
    )
    actions.log_action(
        moderator=moderator,
        action=ModerationAction.Action.REACHED_OUT,
        post=post,
        reason=str(Kind(kind).label),
    )
    transaction.on_commit(
        partial(
            events.member_reached.send,
            sender=Outreach,
            outreach_id=outreach.pk,
            member_id=member.pk,
            post_id=post.pk,
        )
    )
    actions.tell_member(member, "reach_out", text, details=outreach.help_lines)
    return outreach


def tell_author_of_hidden(*, moderator: User, post: Post) -> None:
    """Before a moderator hides a post: its author hears why, in caring words if it was
    reported as a risk of self-harm, else with the plain notice (notifications)."""
    if post.author_id and has_self_harm_report(post):
        member_reach_out(
            moderator=moderator, post=post, text=words(Kind.POST_HIDDEN), kind=Kind.POST_HIDDEN
        )
        return
    transaction.on_commit(
        partial(
            events.post_hidden_by_moderator.send,
            sender=Post,
            post_id=post.pk,
            moderator_id=moderator.pk,
        )
    )
