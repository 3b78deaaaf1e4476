"""What moderation keeps of a post its author withdrew (forum.withdrawal): a log entry,
and the text for FORUM_WITHDRAWN_KEEP_DAYS, or while a report on it is open, so that
withdrawing cannot hide abuse from a moderator. Then `erase_withdrawn` (cron) erases it.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from forum import withdrawal
from forum.models import Post
from moderation.actions import log_action
from moderation.models import ModerationAction, Report

Action = ModerationAction.Action


def log_withdrawal(sender, post_id, thread_id, author_id, whole_discussion, **kwargs) -> None:
    """Receiver of forum.events.post_withdrawn: logged like a moderator's action, with
    the author as the one who acted."""
    post = Post.objects.select_related("thread", "author").filter(pk=post_id).first()
    if post is None:
        return
    if whole_discussion:
        log_action(
            moderator=post.author,
            action=Action.THREAD_WITHDRAWN,
            thread=post.thread,
            user=post.author,
        )
    else:
        log_action(moderator=post.author, action=Action.POST_WITHDRAWN, post=post)


def erase_due(*, now: datetime | None = None) -> int:
    """Erase the text of posts withdrawn more than FORUM_WITHDRAWN_KEEP_DAYS ago that no
    open report holds, with their earlier versions and the text kept by their closed
    reports; each erasure logged. Returns how many posts were erased."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.FORUM_WITHDRAWN_KEEP_DAYS)
    open_report = Report.objects.filter(post=OuterRef("pk"), status=Report.Status.OPEN)
    due = (
        Post.objects.filter(withdrawn_at__lt=cutoff)
        .exclude(body="")
        .exclude(Exists(open_report))
        .values_list("pk", flat=True)
    )
    erased = 0
    for post_id in due.iterator(chunk_size=500):
        with transaction.atomic():
            for post in withdrawal.text_erase(post_ids=[post_id]):
                Report.objects.filter(post=post).update(text_as_reported="")
                log_action(
                    moderator=None,
                    action=Action.WITHDRAWN_ERASED,
                    post=post,
                    reason=f"Withdrawn more than {settings.FORUM_WITHDRAWN_KEEP_DAYS} days ago",
                )
                erased += 1
    return erased
