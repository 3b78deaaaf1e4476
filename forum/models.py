from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from config.links import link
from forum.querysets import CommunityQuerySet, PostQuerySet, ThreadQuerySet

CONTENT_WARNING_MAX_LENGTH = 60


class Community(models.Model):
    """A condition or theme ("Multiple sclerosis", "Ask an expert")."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0, help_text=_("Lower numbers come first."))
    is_public = models.BooleanField(
        default=True, help_text=_("Visitors who are not signed in can read it.")
    )
    experts_answer = models.BooleanField(
        _("questions for experts"),
        default=False,
        help_text=_("Every discussion started here waits for a verified clinician's answer."),
    )
    # Clinicians whose specialty is listed here hear of its questions for an expert, as
    # do the clinicians who follow it (forum.expert_desk).
    clinician_specialties = models.TextField(
        _("specialties that answer here"),
        blank=True,
        help_text=_(
            "One specialty per line, as clinicians give it when they ask to be verified "
            "(for example “Neurology”). Case does not matter."
        ),
    )
    # Visible discussions; kept by forum.services in the same transaction as each write.
    thread_count = models.PositiveIntegerField(default=0, editable=False)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("forum:community", slug=self.slug)


class Thread(models.Model):
    """A discussion: its opening post and replies are Posts."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="threads")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
        help_text=_("Empty once the author erased their account (shown as a former member)."),
    )
    title = models.CharField(max_length=settings.FORUM_TITLE_MAX_LENGTH)
    slug = models.SlugField(max_length=80, allow_unicode=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=False)
    last_activity_at = models.DateTimeField(default=timezone.now)
    # Denormalised for fast lists; changed only by forum.services with F() updates.
    reply_count = models.PositiveIntegerField(default=0, editable=False)
    view_count = models.PositiveIntegerField(default=0, editable=False)
    # The highest post number handed out; numbers are never reused, so a post keeps its
    # place (and its page) even when earlier posts are hidden.
    last_post_number = models.PositiveIntegerField(default=0, editable=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    has_expert_answer = models.BooleanField(default=False, editable=False)
    # A new member's first discussion, held until a moderator approves it.
    is_awaiting_review = models.BooleanField(_("awaiting review"), default=False, editable=False)
    # In a public community: readable by signed-in members only, never by visitors,
    # search engines, feeds or the sitemap (its author chose so).
    members_only = models.BooleanField(_("members only"), default=False)
    wants_expert_answer = models.BooleanField(
        _("asks for an expert"),
        default=False,
        help_text=_("The author asked for a clinician's answer."),
    )
    # A clinician preparing the answer to a waiting question (forum.expert_desk), so
    # that two do not write the same one; it lapses after FORUM_EXPERT_TAKE_HOURS.
    expert_taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    expert_taken_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        permissions = [("moderate_forum", "Can moderate discussions, posts and members")]
        indexes = [
            # Community page: pinned first, then most recent activity.
            models.Index(
                fields=["community", "-is_pinned", "-last_activity_at", "-id"],
                name="thread_community_list",
                condition=Q(is_hidden=False),
            ),
            # Home: latest discussions, most commented.
            models.Index(
                fields=["-last_activity_at", "-id"],
                name="thread_latest",
                condition=Q(is_hidden=False),
            ),
            models.Index(
                fields=["-reply_count", "-last_activity_at"],
                name="thread_most_commented",
                condition=Q(is_hidden=False),
            ),
            models.Index(fields=["author", "-created_at"], name="thread_author"),
            # "Waiting for an expert": oldest unanswered questions first.
            models.Index(
                fields=["created_at"],
                name="thread_waiting_for_expert",
                condition=Q(is_hidden=False, wants_expert_answer=True, has_expert_answer=False),
            ),
            # Home: the latest discussions with an expert answer (a few among many).
            models.Index(
                fields=["-last_activity_at", "-id"],
                name="thread_expert_answered",
                condition=Q(is_hidden=False, has_expert_answer=True),
            ),
            # Home for visitors: the members-only discussions each community's counter
            # includes, counted from this small index rather than the whole table.
            models.Index(
                fields=["community"],
                name="thread_members_only",
                condition=Q(members_only=True, is_hidden=False, is_awaiting_review=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reply_count__gte=0), name="thread_reply_count_non_negative"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:80] or "discussion"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return link("forum:thread", pk=self.pk, slug=self.slug)

    @property
    def expert_taken_until(self):
        """When a clinician's hold on this question lapses; None when nobody holds it."""
        if self.expert_taken_at is None or self.expert_taken_by_id is None:
            return None
        until = self.expert_taken_at + timedelta(hours=settings.FORUM_EXPERT_TAKE_HOURS)
        return until if until > timezone.now() and not self.has_expert_answer else None


class Post(models.Model):
    """The opening post (number 1) or a reply. Stores markdown and the HTML rendered once."""

    # No single-column indexes on these two: (thread, number) and (author, -created_at)
    # lead with them, and a second, narrower index on thread tempted PostgreSQL into
    # scanning every post of a 2,000-reply discussion to find one page of it.
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", db_index=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        db_index=False,
    )
    number = models.PositiveIntegerField(editable=False)
    body = models.TextField(_("text"))
    body_html = models.TextField(editable=False)
    render_version = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    is_expert_answer = models.BooleanField(default=False, editable=False)
    # A few words the post is folded behind ("pregnancy loss"), set by its author or a
    # moderator: readers open it if they choose to.
    content_warning = models.CharField(max_length=CONTENT_WARNING_MAX_LENGTH, blank=True)
    # A new member's post held for review: seen only by its author and moderators, not
    # counted, no notification until approved.
    is_awaiting_review = models.BooleanField(_("awaiting review"), default=False, editable=False)
    # Taken back by its author (forum.withdrawal): also hidden, so every list, count,
    # feed and search leaves it out; its text is for moderators until it is erased.
    withdrawn_at = models.DateTimeField(_("withdrawn by its author"), null=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["thread", "number"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="post_thread_number_unique"),
        ]
        indexes = [
            models.Index(fields=["author", "-created_at"], name="post_author"),
            models.Index(
                fields=["created_at"],
                name="post_awaiting_review",
                condition=Q(is_awaiting_review=True),
            ),
            # `erase_withdrawn`: the withdrawn posts whose text is still kept.
            models.Index(
                fields=["withdrawn_at"],
                name="post_withdrawn_kept",
                condition=Q(withdrawn_at__isnull=False) & ~Q(body=""),
            ),
        ]

    def __str__(self):
        return f"#{self.number} in {self.thread_id}"

    def get_absolute_url(self):
        return self.thread.get_absolute_url() + self.page_query() + f"#post-{self.number}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_opening(self) -> bool:
        return self.number == 1

    @property
    def reply_index(self) -> int:
        """1 for the first reply; replies are numbered from 2."""
        return self.number - 1

    def page_query(self) -> str:
        if self.is_opening:
            return ""
        page = (self.reply_index - 1) // settings.FORUM_REPLIES_PER_PAGE + 1
        return "" if page == 1 else f"?page={page}"


class CommunityFollow(models.Model):
    """A member follows a community: their conditions, shown on their profile."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_follows"
    )
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="community_follow_unique"),
        ]

    def __str__(self):
        return f"{self.user} follows {self.community}"


# Follows and thanks: members' reactions to discussions and posts (forum.reactions).


class ThreadFollow(models.Model):
    """How closely a member follows a discussion. *Watching*: they hear of each new reply
    (authors and repliers start there). *Muted*: they hear of nothing there, mentions
    included, and it never shows as new for them. Without a row a member is at *normal*:
    only mentions and an expert answer to their question reach them."""

    class Level(models.IntegerChoices):
        MUTED = 0, _("Muted")
        NORMAL = 1, _("Normal")  # never stored: no row
        WATCHING = 2, _("Watching")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="thread_follows",
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.WATCHING)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "notifications_threadfollow"  # made by the notifications app, kept
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="thread_follow_unique"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="thread_follow_user")]

    def __str__(self):
        return f"{self.user} follows discussion {self.thread_id}"


class PostThanks(models.Model):
    """A member thanked a post (once; they may take it back)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thanks_given"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="thanks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "notifications_postthanks"  # made by the notifications app, kept
        verbose_name_plural = _("post thanks")
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="post_thanks_once"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="post_thanks_user")]

    def __str__(self):
        return f"{self.user} thanked post {self.post_id}"


class PostThanksCount(models.Model):
    """How many members thanked a post: one row per thanked post, so that a page shows
    its posts' counts with one indexed read. Changed only by forum.reactions,
    with F() updates in the thanks' own transaction; `thanks_recount` rebuilds it."""

    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, primary_key=True, related_name="thanks_total"
    )
    thanks_count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "notifications_postthankscount"  # made by the notifications app, kept
        constraints = [
            models.CheckConstraint(
                condition=Q(thanks_count__gte=0), name="post_thanks_count_non_negative"
            ),
        ]

    def __str__(self):
        return f"{self.thanks_count} thanks on post {self.post_id}"


# What is each member's own in their reading and writing: forum.member_models.
from forum.member_models import (  # noqa: E402
    Bookmark,
    Draft,
    PostReaction,
    PostReactionCount,
    PostRevision,
    ReadState,
)
from forum.note_models import ClinicianNote, InaccuracyFlag  # noqa: E402

__all__ = [
    "Bookmark",
    "ClinicianNote",
    "Community",
    "CommunityFollow",
    "Draft",
    "InaccuracyFlag",
    "Post",
    "PostReaction",
    "PostReactionCount",
    "PostRevision",
    "PostThanks",
    "PostThanksCount",
    "ReadState",
    "Thread",
    "ThreadFollow",
]
