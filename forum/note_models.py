"""Possibly inaccurate posts and the notes verified clinicians add under them
(forum.clinician_notes). Inaccuracy alone never hides a post: a clinician adds a note
that every reader sees, or dismisses the flags with a reason."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Post


class InaccuracyFlag(models.Model):
    """A member thinks a post's medical information may be wrong."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a clinician")
        NOTED = "noted", _("A clinician added a note")
        DISMISSED = "dismissed", _("Dismissed by a clinician")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="inaccuracy_flags")
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="inaccuracy_flags",
    )
    # What the member thinks is wrong: read by clinicians, never shown to other members.
    note = models.CharField(_("what seems wrong"), max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # The clinician's reason for dismissing (the post's author is told it).
    resolution = models.TextField(blank=True)

    class Meta:
        verbose_name = _("inaccuracy flag")
        verbose_name_plural = _("inaccuracy flags")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "flagged_by"],
                condition=Q(status="open"),
                name="inaccuracy_flag_open_once",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"], name="inaccuracy_flag_open", condition=Q(status="open")
            ),
        ]

    def __str__(self):
        return f"Inaccuracy flag on post {self.post_id} ({self.status})"


class ClinicianNote(models.Model):
    """A verified clinician's note under a post: context or a correction, with sources.
    One per clinician and post; edited only by its clinician or a moderator."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="clinician_notes")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinician_notes"
    )
    body = models.TextField(_("note"))
    body_html = models.TextField(editable=False)
    render_version = models.PositiveSmallIntegerField(default=0, editable=False)
    # One web address per line, shown as links under the note.
    sources = models.TextField(_("sources"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("clinician note")
        verbose_name_plural = _("clinician notes")
        ordering = ["post", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "clinician"], name="clinician_note_once"),
        ]
        indexes = [models.Index(fields=["clinician", "-created_at"], name="clinician_note_mine")]

    def __str__(self):
        return f"Clinician note on post {self.post_id}"

    def get_absolute_url(self):
        return self.post.get_absolute_url()

    @property
    def source_links(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]
