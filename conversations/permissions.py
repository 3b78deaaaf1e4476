"""Who may read, start and write in private conversations.

Every address with a conversation or message id answers 404 to anyone who is not in
the conversation: visitors, other members, moderators and staff alike (moderators see
reported messages through moderation.message_reports, never here).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import relations
from accounts.models import User
from conversations.models import Conversation, Participant
from forum import permissions as forum_permissions
from forum.models import Post


def participation_or_404(user, pk) -> Participant:
    """The member's place in the conversation, with the conversation: 404 for anyone
    else (and for a member who left it)."""
    if not user.is_authenticated:
        raise Http404
    participant = (
        Participant.objects.select_related("conversation")
        .filter(conversation_id=pk, user=user, left_at__isnull=True)
        .first()
    )
    if participant is None:
        raise Http404
    return participant


def start_refusal(user) -> str | None:
    """Why the member may not start a conversation yet (None: they may)."""
    if not user.is_authenticated:
        return _("Sign in to send a private message.")
    if user.is_suspended:
        return forum_permissions.suspension_message(user)
    if not forum_permissions.has_confirmed_email(user):
        return _("Please confirm your email address before sending private messages.")
    needed = settings.CONVERSATIONS_MIN_POSTS
    if needed > 0 and not (user.is_trusted or user.is_moderator or user.is_clinician):
        published = Post.objects.filter(
            author=user, is_awaiting_review=False, is_hidden=False, withdrawn_at__isnull=True
        )[:needed].count()
        if published < needed:
            return ngettext(
                "You can send private messages once a post of yours has been published in "
                "the forum: it keeps the inboxes free of spam.",
                "You can send private messages once %(count)d posts of yours have been "
                "published in the forum: it keeps the inboxes free of spam.",
                needed,
            ) % {"count": needed}
    return None


def accepts_messages_from(recipient: User, sender: User) -> bool:
    """The recipient's choice, and their blocks. The refusal that follows never says
    which (conversations.services: "this member does not accept messages")."""
    if not recipient.is_active or recipient.pk == sender.pk:
        return False
    if relations.blocks(recipient.pk, sender.pk):
        return False
    choice = recipient.messages_from
    if choice == User.MessagesFrom.NOBODY:
        return False
    if choice == User.MessagesFrom.MUTUAL:
        return relations.follow_each_other(recipient.pk, sender.pk)
    return True


def not_accepting(recipient: User) -> str:
    return _("%(name)s does not accept messages.") % {"name": recipient.display_name}


def send_refusal(user, conversation: Conversation) -> str | None:
    """Why the member may not write in this conversation now (None: they may)."""
    if user.is_suspended:
        return forum_permissions.suspension_message(user)
    if not forum_permissions.has_confirmed_email(user):
        return _("Please confirm your email address before sending private messages.")
    others = Participant.objects.filter(conversation=conversation, left_at__isnull=True).exclude(
        user=user
    )
    if not others.exists():
        return _("Everyone else has left this conversation: nobody would read a new message.")
    return None


def check_can_send(user, conversation: Conversation) -> None:
    refusal = send_refusal(user, conversation)
    if refusal:
        raise PermissionDenied(refusal)


def shows_clinician_notice(participants) -> bool:
    """A verified clinician takes part: the page says a message is not a consultation."""
    return any(participant.user.is_clinician for participant in participants)
