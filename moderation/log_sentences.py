"""The moderation log read as sentences: "Quiet Lighthouse hid a post by MapleRunner
(Post #3 in “Fatigue that no nap fixes”): personal data shared". Each verb is a phrase
with the member's name in it; an action without one reads with its label."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moderation.models import ModerationAction

A = ModerationAction.Action
VERBS = {
    A.POST_HIDDEN: gettext_lazy("hid a post by %(member)s"),
    A.POST_RESTORED: gettext_lazy("restored a post by %(member)s"),
    A.POST_EDITED: gettext_lazy("edited a post by %(member)s"),
    A.POST_APPROVED: gettext_lazy("approved a held post by %(member)s"),
    A.POST_REJECTED: gettext_lazy("rejected a held post by %(member)s"),
    A.POST_AUTO_HIDDEN: gettext_lazy("hid a post by %(member)s after reports"),
    A.REPORT_RESOLVED: gettext_lazy("closed the reports on a post by %(member)s"),
    A.REPORT_DISMISSED: gettext_lazy("dismissed the reports on a post by %(member)s"),
    A.THREAD_HIDDEN: gettext_lazy("hid a discussion by %(member)s"),
    A.THREAD_RESTORED: gettext_lazy("restored a discussion by %(member)s"),
    A.THREAD_LOCKED: gettext_lazy("locked a discussion"),
    A.THREAD_UNLOCKED: gettext_lazy("unlocked a discussion"),
    A.THREAD_PINNED: gettext_lazy("pinned a discussion"),
    A.THREAD_UNPINNED: gettext_lazy("unpinned a discussion"),
    A.THREAD_MOVED: gettext_lazy("moved a discussion"),
    A.MEMBER_WARNED: gettext_lazy("warned %(member)s"),
    A.MEMBER_SUSPENDED: gettext_lazy("suspended %(member)s"),
    A.MEMBER_REINSTATED: gettext_lazy("lifted the suspension of %(member)s"),
    A.MEMBER_TRUSTED: gettext_lazy("marked %(member)s as trusted"),
    A.APPEAL_ANSWERED: gettext_lazy("answered an appeal by %(member)s"),
    A.REACHED_OUT: gettext_lazy("reached out to %(member)s"),
    A.MODERATOR_ADDED: gettext_lazy("made %(member)s a moderator"),
    A.MODERATOR_REMOVED: gettext_lazy("removed %(member)s from the moderators"),
    A.POST_WITHDRAWN: gettext_lazy("withdrew their post"),
    A.THREAD_WITHDRAWN: gettext_lazy("withdrew their discussion"),
    A.CLINICIAN_NOTE_ADDED: gettext_lazy("added a clinician note under a post by %(member)s"),
    A.CLINICIAN_NOTE_EDITED: gettext_lazy("edited a clinician note under a post by %(member)s"),
    A.MESSAGE_REPORT_VIEWED: gettext_lazy("read a reported private message by %(member)s"),
    A.MESSAGE_REMOVED: gettext_lazy("removed a private message by %(member)s"),
    A.MESSAGE_REPORT_DISMISSED: gettext_lazy(
        "dismissed the reports on a private message by %(member)s"
    ),
    A.INACCURACY_FLAGS_DISMISSED: gettext_lazy(
        "answered the flags on a post by %(member)s without a note"
    ),
}


def who(entry: ModerationAction) -> str:
    if entry.is_automatic:
        return _("Automatic")
    if entry.moderator_id:
        return entry.moderator.display_name
    return _("A former member")


def sentence(entry: ModerationAction) -> str:
    """One plain sentence (escaped) for the log's list."""
    member = entry.target_user.display_name if entry.target_user_id else _("a former member")
    verb = VERBS.get(entry.action)
    said = str(verb) % {"member": member} if verb else entry.get_action_display().lower()
    if entry.reason:
        return format_html("{} {} ({}): {}", who(entry), said, entry.target_label, entry.reason)
    return format_html("{} {} ({})", who(entry), said, entry.target_label)
