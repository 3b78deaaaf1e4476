"""What moderators decide about a member and tell them: appeals against a suspension
(moderation.suspensions), warnings (moderation.warnings), and caring messages to a
member who may be at risk (moderation.outreach)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Post


class SuspensionAppeal(models.Model):
    """A suspended member asks the moderators to think again (moderation.suspensions)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        KEPT = "kept", _("Suspension kept")
        LIFTED = "lifted", _("Suspension lifted")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspension_appeals"
    )
    text = models.TextField(_("appeal"), max_length=4000)
    # The suspension as it stood when they appealed.
    suspension_reason = models.TextField(blank=True)
    suspended_until = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True)

    class Meta:
        verbose_name = _("suspension appeal")
        verbose_name_plural = _("suspension appeals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(status="open"), name="appeal_open_once"
            ),
        ]

    def __str__(self):
        return f"Appeal by {self.member}"


class Warning(models.Model):
    """A moderator's warning to a member, for a post (moderation.warnings). Counted while
    recent: at MODERATION_WARNING_THRESHOLD within MODERATION_WARNING_DAYS, moderators
    are offered a suspension."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="warnings"
    )
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["member", "-created_at"], name="warning_member")]

    def __str__(self):
        return f"Warning to {self.member}"


class CaringMessage(models.Model):
    """The words moderators send a member who may be at risk (moderation.outreach), as
    the moderators wrote them; without a row, the forum's own."""

    class Kind(models.TextChoices):
        REACH_OUT = "reach_out", _("Reaching out to a member who may be at risk")
        POST_HIDDEN = "post_hidden", _("Telling them why their post was hidden")

    kind = models.CharField(max_length=20, choices=Kind.choices, unique=True)
    text = models.TextField(
        _("message"),
        help_text=_(
            "Plain text. The help lines for the member's country are added below it. "
            "Never quote the member's post: the message is also emailed."
        ),
    )

    class Meta:
        verbose_name = _("caring message")
        verbose_name_plural = _("caring messages")

    def __str__(self):
        return self.get_kind_display()


class Outreach(models.Model):
    """A caring message a member received from the moderators (moderation.outreach)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outreach_received"
    )
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=CaringMessage.Kind.choices)
    text = models.TextField()
    help_lines = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["member", "-created_at"], name="outreach_member")]

    def __str__(self):
        return f"Message to {self.member}"


class ModerationReason(models.Model):
    """A reason moderators often give ("Personal data shared"), offered in every form
    that acts on a member beside free text; moderators extend the list in the admin."""

    text = models.CharField(_("reason"), max_length=200, unique=True)
    position = models.PositiveIntegerField(default=0, help_text=_("Lower numbers come first."))

    class Meta:
        ordering = ["position", "text"]
        verbose_name = _("common reason")
        verbose_name_plural = _("common reasons")

    def __str__(self):
        return self.text


class MessageReport(models.Model):
    """A member's report on a private message they received. Moderators read the message
    and a few around it only through such a report, and each reading is logged."""

    message = models.ForeignKey(
        "conversations.Message", on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="message_reports_filed",
    )
    # The same reasons as for posts (moderation.models.Report.Reason), self-harm first.
    reason = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    text_as_reported = models.TextField(blank=True)
    status = models.CharField(max_length=12, default="open")
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reported private message")
        verbose_name_plural = _("reported private messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"], name="message_report_once_per_member"
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "created_at"],
                name="message_report_open",
                condition=Q(status="open"),
            ),
        ]

    def __str__(self):
        return f"Report on private message {self.message_id}"
