"""The review screen of a reported post (the report queue's page for one post): what a
moderator needs to decide, in a fixed number of queries whatever the number of reports.
The post as reported and as it is now, the two posts before it, its author's record
(join date, posts, recent warnings, past actions), every open report, and whether the
warnings call for a suspension."""

from django.conf import settings
from django.db.models import Count, Q

from accounts.models import User
from forum.models import Post
from moderation import warnings
from moderation.models import ModerationAction, Report

PAST_ACTIONS = 8


def context(post: Post) -> dict:
    reports = list(post.reports.filter(status=Report.Status.OPEN).order_by("created_at"))
    earlier = list(
        Post.objects.filter(thread_id=post.thread_id, number__lt=post.number, is_hidden=False)
        .select_related("author")
        .order_by("-number")[:2]
    )[::-1]
    author = None
    if post.author_id:
        author = (
            User.objects.filter(pk=post.author_id)
            .annotate(post_count=Count("posts", filter=Q(posts__is_hidden=False)))
            .first()
        )
    recent_warnings = list(warnings.active(author)) if author else []
    past = (
        list(
            ModerationAction.objects.filter(target_user_id=author.pk)
            .select_related("moderator")
            .order_by("-created_at")[:PAST_ACTIONS]
        )
        if author
        else []
    )
    return {
        "reviewed": post,
        "open_reports": reports,
        "has_self_harm": any(r.reason == Report.Reason.SELF_HARM for r in reports),
        "edited_since": [
            r for r in reports if r.text_as_reported and r.text_as_reported != post.body
        ],
        "earlier_posts": earlier,
        "author": author,
        "recent_warnings": recent_warnings,
        "suspension_due": len(recent_warnings) >= settings.MODERATION_WARNING_THRESHOLD,
        "warning_days": settings.MODERATION_WARNING_DAYS,
        "past_actions": past,
    }
