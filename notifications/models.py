from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from forum.models import Post


class EmailChoice(models.TextChoices):
    IMMEDIATE = "immediate", _("Right away")
    DAILY = "daily", _("In a daily digest")
    # Questions for an expert only: a weekly email of the questions still waiting.
    WEEKLY = "weekly", _("In a weekly digest of the questions still waiting")
    NEVER = "never", _("Never")


class Notification(models.Model):
    """Something a member should know about: on /notifications/, maybe by email."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("Replies in discussions you follow")
        MENTION = "mention", _("Someone mentions you")
        EXPERT_ANSWER = "expert_answer", _("Expert answers in your discussions")
        NEW_THREAD = "new_thread", _("New discussions in communities you follow")
        THANKS = "thanks", _("Thanks for your posts")
        ME_TOO = "me_too", _("Members who have what you wrote about too")
        SUPPORT = "support", _("Support sent for your posts")
        REPORT_OUTCOME = "report_outcome", _("What moderators decided about your reports")
        POST_HIDDEN = "post_hidden", _("Your posts removed by a moderator")
        VERIFICATION = "verification", _("Your clinician verification request")
        URGENT_REPORT = "urgent_report", _("Reports of a risk of self-harm (moderators)")
        CLINICIAN_NOTE = "clinician_note", _("Clinicians' notes on your posts")
        EXPERT_QUESTION = "expert_question", _("Questions for an expert in your communities")
        WARNING = "warning", _("Warnings from the moderators")
        REACH_OUT = "reach_out", _("Messages from the moderators")
        MESSAGE = "message", _("Private messages")
        URGENT_MESSAGE_REPORT = (
            "urgent_message",
            _("Private messages reported as a risk of self-harm (moderators)"),
        )

    # Kinds a post can cause for a member: at most one of them per member and post.
    POST_EVENT_KINDS = (
        Kind.REPLY,
        Kind.MENTION,
        Kind.EXPERT_ANSWER,
        Kind.NEW_THREAD,
        Kind.EXPERT_QUESTION,
    )

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Who did it (the post's author, the member who thanked); empty for moderators'
    # decisions, which are the team's, and once the member erased their account.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # A private conversation's new messages (batched: one unread notification per
    # conversation, counting them), never their words.
    conversation = models.ForeignKey(
        "conversations.Conversation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # A private message reported as a risk of self-harm: the moderators' alert.
    message_report = models.ForeignKey(
        "moderation.MessageReport",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # A decision's result: "actioned"/"dismissed" for reports, "approved"/"rejected" for
    # a verification request.
    outcome = models.CharField(max_length=12, blank=True)
    # How many members a batched notification stands for (support reactions).
    count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # The member's email choice for this kind when it happened; a later change of mind
    # (or an unsubscribe) updates the ones still waiting for a digest.
    email = models.CharField(max_length=10, choices=EmailChoice.choices)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # An immediate email held back by the member's quiet hours: `send_digests`, run every
    # few minutes, sends it once this time has passed.
    email_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_list"),
            models.Index(
                fields=["recipient"],
                name="notification_unread",
                condition=Q(read_at__isnull=True),
            ),
            models.Index(
                fields=["recipient"],
                name="notification_digest_due",
                condition=Q(email="daily", emailed_at__isnull=True, read_at__isnull=True),
            ),
            models.Index(
                fields=["post"],
                name="notification_email_due",
                condition=Q(email="immediate", emailed_at__isnull=True),
            ),
            models.Index(
                fields=["email_after"],
                name="notification_email_held",
                condition=Q(email="immediate", emailed_at__isnull=True, email_after__isnull=False),
            ),
        ]
        constraints = [
            # One notification per member per post, whichever rules matched (a follower
            # who is also mentioned hears once); also makes a repeated fan-out harmless.
            models.UniqueConstraint(
                fields=["recipient", "post"],
                condition=Q(
                    kind__in=["reply", "mention", "expert_answer", "new_thread", "expert_question"]
                ),
                name="notification_once_per_post",
            ),
            models.UniqueConstraint(
                fields=["recipient", "post", "actor"],
                condition=Q(kind="thanks"),
                name="notification_thanks_once",
            ),
            models.UniqueConstraint(
                fields=["recipient", "conversation"],
                condition=Q(kind="message", read_at__isnull=True),
                name="notification_message_batched",
            ),
            # Support reactions are batched: one notification per post and kind, updated.
            models.UniqueConstraint(
                fields=["recipient", "post", "kind"],
                condition=Q(kind__in=["me_too", "support"]),
                name="notification_reactions_batched",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.recipient_id}"

    def get_absolute_url(self):
        if self.kind == self.Kind.VERIFICATION:
            return reverse("moderation:verification")
        if self.kind == self.Kind.MESSAGE:
            return reverse("conversations:conversation", args=[self.conversation_id])
        if self.kind == self.Kind.URGENT_MESSAGE_REPORT:
            return reverse("moderation:message_review", args=[self.message_report_id])
        if self.kind == self.Kind.URGENT_REPORT:
            # The review screen of the reported post, with "Reach out".
            return reverse("admin:moderation_reportedpost_change", args=[self.post_id])
        return reverse("forum:post", args=[self.post_id])  # its permalink

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def summary(self) -> str:
        """One plain sentence for the list and the emails, in the current language. Never
        the post's text: emails leave our servers, and posts carry health details."""
        values = {
            "who": self.actor.display_name if self.actor else gettext("A former member"),
            "title": self.post.thread.title if self.post_id else "",
        }
        Kind = self.Kind
        if self.kind == Kind.MESSAGE:
            # Neither the subject nor the words: only who wrote, and how many.
            if self.count == 1:
                return gettext("%(who)s sent you a private message") % values
            values["count"] = self.count
            return (
                ngettext(
                    "%(count)d new private message, the latest from %(who)s",
                    "%(count)d new private messages, the latest from %(who)s",
                    self.count,
                )
                % values
            )
        if self.kind == Kind.URGENT_MESSAGE_REPORT:
            return gettext(
                "A member reported a private message as a risk of self-harm: please look at it now"
            )
        if self.kind == Kind.REPLY:
            return gettext("%(who)s replied in “%(title)s”") % values
        if self.kind == Kind.MENTION:
            return gettext("%(who)s mentioned you in “%(title)s”") % values
        if self.kind == Kind.EXPERT_ANSWER:
            return (
                gettext("%(who)s posted an expert answer in your discussion “%(title)s”") % values
            )
        if self.kind == Kind.EXPERT_QUESTION:
            values["community"] = self.post.thread.community.name
            return (
                gettext("%(who)s asked for an expert's answer in “%(title)s” (%(community)s)")
                % values
            )
        if self.kind == Kind.NEW_THREAD:
            values["community"] = self.post.thread.community.name
            return gettext("%(who)s started “%(title)s” in %(community)s") % values
        if self.kind == Kind.THANKS:
            return gettext("%(who)s thanked you for your post in “%(title)s”") % values
        # Batched: the latest member, and how many others.
        values["others"] = others = self.count - 1
        if self.kind == Kind.ME_TOO:
            if not others:
                return gettext("%(who)s has this too: your post in “%(title)s”") % values
            return (
                ngettext(
                    "%(who)s and %(others)s other member have this too: your post in “%(title)s”",
                    "%(who)s and %(others)s other members have this too: your post in “%(title)s”",
                    others,
                )
                % values
            )
        if self.kind == Kind.SUPPORT:
            if not others:
                return gettext("%(who)s sends you support for your post in “%(title)s”") % values
            return (
                ngettext(
                    "%(who)s and %(others)s other member send you support for your post in "
                    "“%(title)s”",
                    "%(who)s and %(others)s other members send you support for your post in "
                    "“%(title)s”",
                    others,
                )
                % values
            )
        if self.kind == Kind.REPORT_OUTCOME:
            if self.outcome == "actioned":
                return gettext("A moderator removed the post you reported in “%(title)s”") % values
            return (
                gettext(
                    "A moderator reviewed the post you reported in “%(title)s” and left it in "
                    "place: it does not break the community rules"
                )
                % values
            )
        if self.kind == Kind.URGENT_REPORT:
            return (
                gettext(
                    "A member reported a post in “%(title)s” as a risk of self-harm: please "
                    "look at it now"
                )
                % values
            )
        if self.kind == Kind.POST_HIDDEN:
            return gettext("A moderator removed your post in “%(title)s”") % values
        if self.kind == Kind.REACH_OUT:
            return gettext("The moderators sent you a message")
        if self.kind == Kind.WARNING:
            if self.post_id:
                return gettext("A moderator warned you about your post in “%(title)s”") % values
            return gettext("A moderator sent you a warning")
        if self.kind == Kind.CLINICIAN_NOTE:
            if self.outcome == "noted":
                return (
                    gettext(
                        "%(who)s, a verified clinician, added a note under your post in “%(title)s”"
                    )
                    % values
                )
            return (
                gettext(
                    "A verified clinician checked your post in “%(title)s” after a member "
                    "flagged it as possibly inaccurate: no note was needed"
                )
                % values
            )
        if self.outcome == "approved":
            return gettext("Your request to be verified as a clinician was approved")
        return gettext("Your request to be verified as a clinician was not approved")


class NotificationPreference(models.Model):
    """A member's email choice for one kind; without a row, its default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(max_length=20, choices=Notification.Kind.choices)
    email = models.CharField(max_length=10, choices=EmailChoice.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once"),
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} by email {self.email}"


Kind = Notification.Kind
# Used until a member chooses. Verification decisions are emailed by moderation itself,
# so they are in-app only here (and not offered on the preferences page).
EMAIL_DEFAULTS = {
    Kind.REPLY: EmailChoice.DAILY,
    Kind.MENTION: EmailChoice.IMMEDIATE,
    Kind.EXPERT_ANSWER: EmailChoice.IMMEDIATE,
    Kind.NEW_THREAD: EmailChoice.DAILY,
    Kind.THANKS: EmailChoice.DAILY,
    Kind.ME_TOO: EmailChoice.DAILY,
    Kind.SUPPORT: EmailChoice.DAILY,
    Kind.REPORT_OUTCOME: EmailChoice.DAILY,
    Kind.POST_HIDDEN: EmailChoice.IMMEDIATE,
    Kind.CLINICIAN_NOTE: EmailChoice.DAILY,
    Kind.EXPERT_QUESTION: EmailChoice.DAILY,
    # In-app: the warning's email is a letter from the moderators (moderation.warnings).
    Kind.WARNING: EmailChoice.NEVER,
    Kind.REACH_OUT: EmailChoice.NEVER,
    Kind.VERIFICATION: EmailChoice.NEVER,
    # Moderators are emailed at once, whatever else they chose: someone may be in danger.
    Kind.URGENT_REPORT: EmailChoice.IMMEDIATE,
    Kind.URGENT_MESSAGE_REPORT: EmailChoice.IMMEDIATE,
    Kind.MESSAGE: EmailChoice.IMMEDIATE,
}
# Not offered: what the moderators tell a member is emailed as a letter, whatever else
# they chose (verification decisions, warnings, caring messages), and moderators' alerts.
IN_APP_ONLY = (
    Kind.VERIFICATION,
    Kind.URGENT_REPORT,
    Kind.URGENT_MESSAGE_REPORT,
    Kind.WARNING,
    Kind.REACH_OUT,
)
# Sent at once whatever the member's quiet hours or break: someone may be in danger.
URGENT_KINDS = (Kind.URGENT_REPORT, Kind.URGENT_MESSAGE_REPORT)
EMAIL_KINDS = [kind.value for kind in Kind if kind not in IN_APP_ONLY]


class DigestEmail(models.Model):
    """A daily digest sent to a member: the record `send_digests` keeps, and reads so
    that a second run on the same day sends nothing."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_emails"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    notification_count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["recipient", "-sent_at"], name="digest_recipient")]

    def __str__(self):
        return f"Digest of {self.notification_count} to {self.recipient_id}"


class ExpertDigestEmail(models.Model):
    """A weekly email of the questions waiting for an expert, sent to a clinician who
    chose it (`send_expert_digests` reads these so that a week passes between two)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_digest_emails"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    question_count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["recipient", "-sent_at"], name="expert_digest_recipient")]

    def __str__(self):
        return f"Weekly digest of {self.question_count} questions to {self.recipient_id}"
