"""The forum's records that are one member's own: how far they read each discussion,
the posts they saved, what they are writing, the earlier versions of their posts, and
their support reactions (re-exported by forum.models)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Community, Thread


class ReadState(models.Model):
    """How far a member has read a discussion (forum.readstate): one row per member and
    discussion they opened, holding the number of the last post they were shown. It only
    moves forward."""

    # Looked up by (user, thread): the unique constraint's index serves both.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="read_states",
        db_index=False,
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    last_read_number = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="read_state_unique"),
        ]

    def __str__(self):
        return f"{self.user} read discussion {self.thread_id} to #{self.last_read_number}"


class Bookmark(models.Model):
    """A member saved a post to read again, or to take to their doctor (forum.bookmarks)."""

    # Looked up by member: the constraint's and the list's indexes both lead with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bookmarks",
        db_index=False,
    )
    post = models.ForeignKey("Post", on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="bookmark_unique"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="bookmark_user")]

    def __str__(self):
        return f"{self.user} saved post {self.post_id}"


class PostRevision(models.Model):
    """A post's text as it was before an edit (forum.services.post_edit): its version
    number, text (and its discussion's title, for an opening post), who replaced it and
    when. Only the post's author and moderators can read it."""

    post = models.ForeignKey("Post", on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()  # the version this text was
    body = models.TextField()
    title = models.CharField(max_length=settings.FORUM_TITLE_MAX_LENGTH, blank=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="post_revision_unique"),
        ]

    def __str__(self):
        return f"post {self.post_id}, version {self.number}"


class Draft(models.Model):
    """What a member is writing and has not posted (forum.drafts): a reply to a
    discussion, or a new discussion in a community. Theirs alone: never on a page
    anyone else reads, nor in search."""

    # Looked up by member and discussion or community: the constraints' indexes.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts", db_index=False
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="drafts"
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="drafts"
    )
    title = models.CharField(max_length=settings.FORUM_TITLE_MAX_LENGTH, blank=True)
    body = models.TextField(blank=True)
    # A new discussion's reader choice: kept, so that coming back never makes public what
    # the member meant for members only.
    members_only = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)  # expiry

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="draft_reply_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "community"],
                condition=Q(thread__isnull=True),
                name="draft_new_thread_unique",
            ),
            models.CheckConstraint(
                condition=Q(thread__isnull=False, community__isnull=True)
                | Q(thread__isnull=True, community__isnull=False),
                name="draft_for_a_reply_or_a_new_discussion",
            ),
        ]

    def __str__(self):
        return f"{self.user}'s draft"

    def get_absolute_url(self):
        """Where the member goes on writing it."""
        if self.thread_id:
            return self.thread.get_absolute_url() + "#reply"
        return reverse("forum:thread_new", kwargs={"slug": self.community.slug})


class PostReaction(models.Model):
    """Support without words (forum.reactions): "Me too" (I have this too) and "Sending
    support", once of each per member and post."""

    class Kind(models.TextChoices):
        ME_TOO = "me_too", _("Me too")
        SUPPORT = "support", _("Sending support")

    # Looked up by member and post: the constraint's index leads with the member.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions", db_index=False
    )
    post = models.ForeignKey("Post", on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post", "kind"], name="post_reaction_once"),
        ]

    def __str__(self):
        return f"{self.user} {self.kind} on post {self.post_id}"


class PostReactionCount(models.Model):
    """How many members reacted to a post with each kind: changed only by
    forum.reactions, with F() updates in the reaction's own transaction."""

    post = models.ForeignKey("Post", on_delete=models.CASCADE, related_name="reaction_counts")
    kind = models.CharField(max_length=10, choices=PostReaction.Kind.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "kind"], name="post_reaction_count_unique"),
            models.CheckConstraint(
                condition=Q(count__gte=0), name="post_reaction_count_non_negative"
            ),
        ]

    def __str__(self):
        return f"{self.count} {self.kind} on post {self.post_id}"
