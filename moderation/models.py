from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from forum.models import Post


class AppendOnlyError(RuntimeError):
    """Code tried to change or delete a moderation log entry."""


NOT_CHANGED = "The moderation log is append-only: entries cannot be changed."
NOT_DELETED = "The moderation log is append-only: entries cannot be deleted."


class ClinicianVerification(models.Model):
    """A member's request to be shown as a verified clinician, and the decision on it.

    The full name and licence number are private: only moderators see them (in the
    admin), and they never appear in email or on public pages.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="clinician_verifications",
    )
    full_name = models.CharField(
        _("full legal name"), max_length=150, help_text=_("Seen by moderators only.")
    )
    profession = models.CharField(max_length=20, choices=User.Profession.choices)
    specialty = models.CharField(max_length=100, blank=True)
    licence_number = models.CharField(
        _("licence or registration number"),
        max_length=64,
        help_text=_("Seen by moderators only."),
    )
    country = models.CharField(max_length=100, help_text=_("Where the licence was issued."))
    place_of_practice = models.CharField(max_length=200)
    note = models.TextField(_("note for the moderators"), blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("clinician verification request")
        verbose_name_plural = _("clinician verification requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"],
                condition=Q(status="pending"),
                name="clinician_verification_one_pending",
                violation_error_message=_("A request is already waiting for review."),
            ),
        ]
        indexes = [
            # The admin list: filtered by status, newest first.
            models.Index(fields=["status", "-created_at"], name="verification_status_list"),
            models.Index(fields=["-created_at"], name="verification_created"),
        ]

    def __str__(self):
        return f"Clinician verification #{self.pk} ({self.get_status_display().lower()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class ModerationActionQuerySet(models.QuerySet):
    """The log is append-only: bulk edits and deletes are refused like single ones.

    (Deleting a member still works: Django's deletion collector sets their foreign keys
    to NULL through the base manager, which is what SET_NULL is for.)
    """

    def update(self, **kwargs):
        raise AppendOnlyError(NOT_CHANGED)

    update.alters_data = True

    def delete(self):
        raise AppendOnlyError(NOT_DELETED)

    delete.alters_data = True


class ModerationAction(models.Model):
    """One moderation decision, kept for good: who did what to whom, when and why."""

    class Action(models.TextChoices):
        VERIFICATION_APPROVED = (
            "verification_approved",
            _("Clinician verification approved"),
        )
        VERIFICATION_REJECTED = (
            "verification_rejected",
            _("Clinician verification rejected"),
        )
        CLINICIAN_REVOKED = "clinician_revoked", _("Clinician status revoked")
        CLINICIAN_LAPSED = (
            "clinician_lapsed",
            _("Clinician status lapsed (review overdue)"),
        )
        # Listed ahead of the features that use them, so those need no migration.
        POST_HIDDEN = "post_hidden", _("Post hidden")
        POST_RESTORED = "post_restored", _("Post restored")
        POST_EDITED = "post_edited", _("Post edited by a moderator")
        THREAD_HIDDEN = "thread_hidden", _("Discussion hidden")
        THREAD_RESTORED = "thread_restored", _("Discussion restored")
        THREAD_LOCKED = "thread_locked", _("Discussion locked")
        THREAD_UNLOCKED = "thread_unlocked", _("Discussion unlocked")
        THREAD_PINNED = "thread_pinned", _("Discussion pinned")
        THREAD_UNPINNED = "thread_unpinned", _("Discussion unpinned")
        THREAD_MOVED = "thread_moved", _("Discussion moved")
        REPORT_RESOLVED = "report_resolved", _("Report resolved")
        REPORT_DISMISSED = "report_dismissed", _("Report dismissed")
        MEMBER_WARNED = "member_warned", _("Member warned")
        MEMBER_SUSPENDED = "member_suspended", _("Member suspended")
        MEMBER_REINSTATED = "member_reinstated", _("Member reinstated")
        APPEAL_ANSWERED = "appeal_answered", _("Suspension appeal answered")
        REACHED_OUT = "reached_out", _("Reached out to a member")
        MEMBER_TRUSTED = "member_trusted", _("Member marked as trusted")
        POST_APPROVED = "post_approved", _("Held post approved")
        POST_REJECTED = "post_rejected", _("Held post rejected")
        POST_AUTO_HIDDEN = "post_auto_hidden", _("Post hidden automatically after reports")
        MODERATOR_ADDED = "moderator_added", _("Moderator added")
        MODERATOR_REMOVED = "moderator_removed", _("Moderator removed")
        # Logged like moderators' actions, with the author as the one who acted.
        POST_WITHDRAWN = "post_withdrawn", _("Post withdrawn by its author")
        THREAD_WITHDRAWN = "thread_withdrawn", _("Discussion withdrawn by its author")
        WITHDRAWN_ERASED = "withdrawn_erased", _("Withdrawn post's text erased")
        # By verified clinicians (forum.clinician_notes), logged like moderators' actions.
        CLINICIAN_NOTE_ADDED = "clinician_note_added", _("Clinician note added")
        CLINICIAN_NOTE_EDITED = "clinician_note_edited", _("Clinician note edited")
        INACCURACY_FLAGS_DISMISSED = (
            "inaccuracy_flags_dismissed",
            _("Inaccuracy flags answered without a note"),
        )
        # Private messages: moderators read one only when it is reported, and each
        # reading is logged (moderation.message_reports).
        MESSAGE_REPORT_VIEWED = "message_report_viewed", _("Reported private message read")
        MESSAGE_REMOVED = "message_removed", _("Private message removed")
        MESSAGE_REPORT_DISMISSED = (
            "message_report_dismissed",
            _("Reports on a private message dismissed"),
        )

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for automatic actions (such as a lapsed review)."),
    )
    action = models.CharField(max_length=32, choices=Action.choices)
    # Taken by the forum itself (reports past the threshold, a lapsed review), as told
    # apart from an action whose moderator has since deleted their account.
    is_automatic = models.BooleanField(default=False, editable=False)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Plain ids, not foreign keys: the log outlives the posts and discussions it names.
    target_post_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_thread_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_label = models.CharField(
        _("acted on"),
        max_length=255,
        help_text=_("What was acted on, as it read at the time."),
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.target_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(NOT_CHANGED)
        # Every moderator's action names its moderator: one without is the forum's own.
        self.is_automatic = self.moderator_id is None
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(NOT_DELETED)

    delete.alters_data = True


class ClinicianReviewReminder(models.Model):
    """A review reminder sent to a clinician: one per review date, so a daily job that
    runs again (or twice) never emails a clinician twice about the same review."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    review_due = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "review_due"], name="clinician_review_reminder_once"
            ),
        ]

    def __str__(self):
        return f"Review reminder for {self.user} (due {self.review_due})"


class Report(models.Model):
    """A member's report on a post. One per member per post; the reported member never
    learns who reported them."""

    class Reason(models.TextChoices):
        SELF_HARM = "self_harm", _("Risk of self-harm")
        ABUSE = "abuse", _("Abuse or harassment")
        MISINFORMATION = (
            "misinformation",
            _("Medical advice that could harm someone who follows it"),
        )
        PERSONAL_DATA = "personal_data", _("Personal data shared")
        SPAM = "spam", _("Spam or advertising")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACTIONED = "actioned", _("Acted on")
        DISMISSED = "dismissed", _("Dismissed")

    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_filed",
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True)
    # The post's text when it was reported: a later edit cannot hide it from moderators.
    text_as_reported = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
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
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                name="report_once_per_member_per_post",
                violation_error_message=_("You have already reported this post."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["post", "status"],
                name="report_open_by_post",
                condition=Q(status="open"),
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} report on post {self.post_id}"


class ReportedPost(Post):
    """The moderators' queue: posts with open reports (a proxy, for the admin)."""

    class Meta:
        proxy = True
        verbose_name = _("reported post")
        verbose_name_plural = _("report queue")

    def __str__(self):
        # What moderators read in titles and breadcrumbs: the discussion, not its id.
        return f"#{self.number} in “{self.thread.title}”"


class HeldPost(Post):
    """New members' posts held for review (a proxy, for the admin)."""

    class Meta:
        proxy = True
        verbose_name = _("post awaiting review")
        verbose_name_plural = _("posts awaiting review")

    __str__ = ReportedPost.__str__


# What moderators decide about a member and tell them: moderation.member_models.
from moderation.member_models import (  # noqa: E402
    CaringMessage,
    MessageReport,
    ModerationReason,
    Outreach,
    SuspensionAppeal,
    Warning,
)

__all__ = [
    "CaringMessage",
    "ClinicianReviewReminder",
    "ClinicianVerification",
    "HeldPost",
    "MessageReport",
    "ModerationAction",
    "ModerationReason",
    "Outreach",
    "Report",
    "ReportedPost",
    "SuspensionAppeal",
    "Warning",
]
