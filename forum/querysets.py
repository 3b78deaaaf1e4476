"""Reads. Visibility is defined here once; views and services only chain these."""

from django.db import models
from django.db.models import Q

from accounts.models import User
from accounts.models import is_moderator as _is_moderator

# An expert answer counts only while its author's clinician verification is current: a
# revoked or lapsed clinician's answers lose the badge and stop marking the discussion.
EXPERT_ANSWER = Q(
    is_expert_answer=True,
    author__role=User.Role.CLINICIAN,
    author__clinician_verified_at__isnull=False,
)
# The same, read from a discussion through its posts.
EXPERT_ANSWER_VIA_THREAD = Q(
    posts__is_expert_answer=True,
    posts__author__role=User.Role.CLINICIAN,
    posts__author__clinician_verified_at__isnull=False,
)
# Posts that count in a discussion's counters: neither hidden nor held for review.
COUNTED = Q(posts__is_hidden=False, posts__is_awaiting_review=False)


def _held_filter(user, prefix=""):
    """Held (awaiting review) content is seen by its author and moderators only."""
    held = Q(**{f"{prefix}is_awaiting_review": False})
    # An audience's stand-in member (forum.pagecache.audience) has no posts of its own.
    if user is not None and user.is_authenticated and user.pk is not None:
        held |= Q(**{f"{prefix}author": user.pk})
    return held


class CommunityQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user is not None and user.is_authenticated:
            return self
        return self.filter(is_public=True)


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user):
        qs = self
        if not _is_moderator(user):
            qs = qs.filter(_held_filter(user), is_hidden=False)
        if user is None or not user.is_authenticated:
            qs = qs.filter(community__is_public=True, members_only=False)
        return qs

    def listed(self):
        """Discussions that appear in lists: never hidden or held ones, even for moderators."""
        return self.filter(is_hidden=False, is_awaiting_review=False)

    def with_list_data(self):
        return self.select_related("community", "author")

    def latest(self):
        return self.order_by("-last_activity_at", "-id")

    def most_commented(self):
        return self.filter(reply_count__gt=0).order_by("-reply_count", "-last_activity_at")

    def waiting_for_expert(self):
        # A pinned discussion is a notice from the moderators, not a question.
        return self.filter(
            wants_expert_answer=True, has_expert_answer=False, is_pinned=False
        ).order_by("created_at", "id")

    def for_community_page(self, community):
        return self.filter(community=community).order_by("-is_pinned", "-last_activity_at", "-id")


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Posts whose text the user may read. Hidden posts stay in place as placeholders
        in a discussion; this is for lists (profiles, search) that should skip them."""
        qs = self.filter(thread__in=_thread_model().objects.visible_to(user))
        if not _is_moderator(user):
            qs = qs.filter(_held_filter(user), is_hidden=False)
        return qs

    def readable_in_thread_by(self, user):
        """Posts shown in a discussion: hidden ones stay as placeholders; held ones only
        for their author and moderators."""
        if _is_moderator(user):
            return self
        return self.filter(_held_filter(user))

    def with_authors(self):
        return self.select_related("author")

    def opening_and_page_of_replies(self, *, page: int, per_page: int):
        """The opening post and one page of replies, in one query: a range of post
        numbers, never a large OFFSET. The LIMIT is redundant for the rows but not for
        PostgreSQL's planner, which cannot tell that such a range is small."""
        first = (page - 1) * per_page + 2
        return self.filter(
            Q(number=1) | Q(number__gte=first, number__lt=first + per_page)
        ).order_by("number")[: per_page + 1]

    def expert_answers(self):
        return self.filter(EXPERT_ANSWER)


def _thread_model():
    from forum.models import Thread

    return Thread
