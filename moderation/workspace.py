"""What waits for the moderators, counted for the moderation home (the admin index) and
the badge beside Moderation in their navigation: open reports (a risk of self-harm
first, with the oldest one's age), posts awaiting review, suspension appeals and, for
their information, the posts flagged for clinicians."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import clinician_notes
from forum.models import Post
from moderation.models import MessageReport, Report, SuspensionAppeal

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
    reported_messages: int
    self_harm_messages: int


def work() -> Work:
    """Five queries, whatever the number of reports."""
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
        **_reported_messages(),
    )


def _reported_messages() -> dict[str, int]:
    messages = MessageReport.objects.filter(status=OPEN).aggregate(
        reported_messages=Count("message", distinct=True),
        self_harm_messages=Count(
            "message", distinct=True, filter=Q(reason=Report.Reason.SELF_HARM)
        ),
    )
    return messages


@dataclass(frozen=True)
class Week:
    starts: datetime
    reports: int
    median_hours: float | None  # from a report to the decision on it
    within_a_day: float | None  # the share decided within 24 hours
    bar: int  # the reports as a share of the busiest week, in percent


def weeks(*, count: int = 8, now: datetime | None = None) -> list[Week]:
    """Reports per week over the last `count` weeks, newest first, with how fast they
    were decided: one query."""
    now = now or timezone.now()
    start = (now - timedelta(weeks=count - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    start -= timedelta(days=start.weekday())  # weeks start on Monday
    rows = Report.objects.filter(created_at__gte=start).values_list("created_at", "resolved_at")
    grouped: dict[int, list] = {}
    for created, resolved in rows:
        grouped.setdefault((created - start).days // 7, []).append((created, resolved))
    busiest = max((len(reports) for reports in grouped.values()), default=0)
    out = []
    for index in range(count):
        reports = grouped.get(index, [])
        waits = [(resolved - created) for created, resolved in reports if resolved]
        out.append(
            Week(
                starts=start + timedelta(weeks=index),
                reports=len(reports),
                median_hours=median(w.total_seconds() / 3600 for w in waits) if waits else None,
                within_a_day=(
                    sum(w <= timedelta(hours=24) for w in waits) / len(reports) if reports else None
                ),
                bar=round(100 * len(reports) / busiest) if busiest else 0,
            )
        )
    return out[::-1]


def moderator_duty_set(*, moderator: User, on_duty: bool) -> None:
    """On duty, a moderator is alerted at once of reports of a risk of self-harm (when
    nobody is on duty, every moderator is)."""
    if not moderator.is_moderator:
        raise PermissionDenied(_("Only moderators go on or off duty."))
    User.objects.filter(pk=moderator.pk).update(is_off_duty=not on_duty)
