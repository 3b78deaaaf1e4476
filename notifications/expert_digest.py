"""The weekly email of questions waiting for an expert, for the verified clinicians who
chose it (the choice "In a weekly digest" for questions for an expert). `send_expert_digests`
runs it from cron; a clinician gets at most one a week, and none with nothing waiting."""

from datetime import datetime, timedelta
from functools import partial

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation

from accounts.languages import language_of
from accounts.models import User
from forum import expert_desk
from notifications.emails import _message, _send, absolute
from notifications.models import (
    EmailChoice,
    ExpertDigestEmail,
    Notification,
    NotificationPreference,
)

KIND = Notification.Kind.EXPERT_QUESTION
# A week, less some slack for a cron run that starts a little early.
EVERY = timedelta(days=7) - timedelta(hours=6)
MAX_ITEMS = 30


def expert_digests_send(*, now: datetime | None = None) -> int:
    """Send each clinician due one their weekly digest; returns how many were sent."""
    now = now or timezone.now()
    chose = NotificationPreference.objects.filter(kind=KIND, email=EmailChoice.WEEKLY)
    recent = ExpertDigestEmail.objects.filter(recipient=OuterRef("pk"), sent_at__gt=now - EVERY)
    confirmed = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    clinicians = (
        User.objects.filter(
            pk__in=chose.values("user_id"),
            role=User.Role.CLINICIAN,
            clinician_verified_at__isnull=False,
            is_active=True,
        )
        .filter(Exists(confirmed))
        .exclude(Exists(recent))
        .order_by("pk")
    )
    sent = 0
    for clinician in clinicians:
        if clinician.is_suspended or clinician.is_on_break_at(now):
            continue
        waiting = expert_desk.waiting_questions().filter(
            community_id__in=expert_desk.communities_of(clinician)
        )
        count = waiting.count()
        if not count:
            continue
        questions = list(waiting.select_related("community")[:MAX_ITEMS])
        build = partial(_digest, clinician, questions, count)
        if _send([(clinician.pk, build)]):
            continue
        ExpertDigestEmail.objects.create(recipient=clinician, sent_at=now, question_count=count)
        Notification.objects.filter(
            recipient=clinician, kind=KIND, email=EmailChoice.WEEKLY, emailed_at__isnull=True
        ).update(emailed_at=now)
        sent += 1
    return sent


def _digest(clinician: User, questions, count: int):
    with translation.override(language_of(clinician)):
        return _message(
            user=clinician,
            template="expert_digest",
            context={
                "items": [
                    {
                        "title": thread.title,
                        "community": thread.community.name,
                        "asked_at": thread.created_at,
                        "url": absolute(thread.get_absolute_url()),
                    }
                    for thread in questions
                ],
                "count": count,
                "more": count - len(questions),
                "list_url": absolute(reverse("forum:waiting_for_expert")),
            },
            kind=KIND,
        )
