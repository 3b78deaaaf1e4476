"""What waits for the moderators, counted for the moderation home (the admin index) and
the badge beside Moderation in their navigation: open reports (a risk of self-harm
first, with the oldest one's age), posts awaiting review, suspension appeals and, for
their information, the posts flagged for clinicians."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q

from forum import clinician_notes
from forum.models import Post
from moderation.models import Report, SuspensionAppeal

OPEN = Report.Status.OPEN


@dataclass(frozen=True)
class Work:
    reported_posts: int
    self_harm_posts: int
    oldest_self_harm_at: datetime | None
    oldest_report_at: datetime | None
    held_posts: int
    clinician_flags: int
    appeals: int


def work() -> Work:
    """Four queries, whatever the number of reports."""
    reports = Report.objects.filter(status=OPEN).aggregate(
        posts=Count("post", distinct=True),
        self_harm=Count("post", distinct=True, filter=Q(reason=Report.Reason.SELF_HARM)),
        oldest_self_harm=Min("created_at", filter=Q(reason=Report.Reason.SELF_HARM)),
        oldest=Min("created_at"),
    )
    return Work(
        reported_posts=reports["posts"],
        self_harm_posts=reports["self_harm"],
        oldest_self_harm_at=reports["oldest_self_harm"],
        oldest_report_at=reports["oldest"],
        held_posts=Post.objects.filter(is_awaiting_review=True).count(),
        clinician_flags=clinician_notes.open_flag_count(),
        appeals=SuspensionAppeal.objects.filter(status=SuspensionAppeal.Status.OPEN).count(),
    )
