"""Private conversations between members: never cached, never searched, never in feeds,
and read by nobody outside the conversation (moderators see a reported message and a
few around it: moderation.message_reports)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    subject = models.CharField(_("subject"), max_length=150)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The number of its last message: each message takes the next one under a lock on
    # this row (conversations.services.message_send).
    message_count = models.PositiveIntegerField(default=0)
    last_message_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.CheckConstraint(
                condition=Q(message_count__gte=0), name="conversation_message_count_positive"
            ),
        ]

    def __str__(self):
        return f"Conversation {self.pk}"  # never its subject: admin lists and logs

    def get_absolute_url(self):
        return reverse("conversations:conversation", kwargs={"pk": self.pk})


class Participant(models.Model):
    """A member in a conversation: what they have read, and whether they left."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    # Copied from the conversation at each message, so that the inbox is one index scan.
    last_message_at = models.DateTimeField(default=timezone.now)
    last_read_number = models.PositiveIntegerField(default=0)
    # Others' messages since the member last read it: raised by F() with each message,
    # in the message's transaction, and set to 0 when they read it.
    unread_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="participant_once_per_conversation"
            ),
            models.CheckConstraint(
                condition=Q(unread_count__gte=0), name="participant_unread_count_positive"
            ),
        ]
        indexes = [
            models.Index(
                fields=["user", "-last_message_at", "-id"],
                name="participant_inbox",
                condition=Q(left_at__isnull=True),
            ),
            models.Index(
                fields=["user"],
                name="participant_unread",
                condition=Q(left_at__isnull=True, unread_count__gt=0),
            ),
        ]

    def __str__(self):
        return f"Member {self.user_id} in conversation {self.conversation_id}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    number = models.PositiveIntegerField()
    # Empty once the author erased their account and chose to keep what they wrote.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField()
    # forum.markup's output, as for posts.
    body_html = models.TextField()
    render_version = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    # A moderator removed it after a report: its text is gone (the report keeps it).
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("private message")
        verbose_name_plural = _("private messages")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "number"], name="message_number_unique"
            ),
        ]

    def __str__(self):
        return f"Message {self.number} in conversation {self.conversation_id}"

    def get_absolute_url(self):
        return f"{self.conversation.get_absolute_url()}#message-{self.number}"
