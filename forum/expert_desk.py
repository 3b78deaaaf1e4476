"""Questions for an expert, from the clinicians' side: what waits for them (questions
and posts flagged as possibly inaccurate, forum.clinician_notes), who hears of a new
question, and taking one so that two clinicians do not write the same answer.

A clinician who takes a question holds it for FORUM_EXPERT_TAKE_HOURS: its discussion
says they are preparing an answer, and no other clinician can take it meanwhile. The
hold lapses by itself after that time (nothing to run), or when they release it.
"""

from datetime import timedelta
from statistics import median

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from forum import clinician_notes, pagecache, permissions, services
from forum.models import Community, CommunityFollow, Thread


def waiting_questions(reader=None) -> QuerySet:
    """Questions waiting for an expert, the oldest first: those this reader may see, or
    (without one) those every signed-in member can read."""
    threads = Thread.objects.visible_to(reader) if reader is not None else Thread.objects
    return threads.listed().waiting_for_expert()


def waiting_count() -> int:
    """Questions waiting plus flagged posts, cached until something changes them."""
    flags = clinician_notes.FLAGS_VERSION  # new discussions and answers bump SITE
    found = pagecache.versions([pagecache.SITE, flags])
    key = f"pf:expert-desk:{found[pagecache.SITE]}:{found[flags]}"
    count = cache.get(key)
    if count is None:
        count = waiting_questions().count() + clinician_notes.open_flag_count()
        cache.set(key, count, 3600)
    return count


def clinicians_for(thread: Thread) -> Q:
    """The verified clinicians who hear of a question in this discussion's community:
    those who follow it and those whose specialty it lists."""
    community = thread.community
    follows = CommunityFollow.objects.filter(user=OuterRef("pk"), community_id=community.pk)
    routed = Exists(follows)
    specialties = [
        line.strip() for line in community.clinician_specialties.splitlines() if line.strip()
    ]
    for specialty in specialties:
        routed |= Q(clinician_specialty__iexact=specialty)
    return Q(role=User.Role.CLINICIAN, clinician_verified_at__isnull=False) & Q(routed)


# Taking a question ---------------------------------------------------------------


def take_refusal(user, thread: Thread) -> str | None:
    if not user.is_authenticated or not user.is_clinician:
        return _("Only verified clinicians can take a question.")
    if not thread.wants_expert_answer or thread.has_expert_answer or thread.is_pinned:
        return _("This discussion is not waiting for an expert.")
    until = thread.expert_taken_until
    if until is not None and thread.expert_taken_by_id != user.pk:
        return _("Another clinician is preparing an answer, until %(date)s.") % {
            "date": formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")
        }
    return None


@transaction.atomic
def question_take(*, clinician: User, thread: Thread) -> Thread:
    """Hold a waiting question for FORUM_EXPERT_TAKE_HOURS (taking it again renews)."""
    thread = Thread.objects.select_for_update().select_related("community").get(pk=thread.pk)
    refusal = take_refusal(clinician, thread)
    if refusal:
        raise ValidationError(refusal) if clinician.is_clinician else PermissionDenied(refusal)
    Thread.objects.filter(pk=thread.pk).update(
        expert_taken_by=clinician, expert_taken_at=timezone.now()
    )
    services.invalidate_pages(threads=[thread], communities=[thread.community])
    return thread


@transaction.atomic
def question_release(*, user: User, thread: Thread) -> Thread:
    """Give a question back before the hold lapses: its clinician, or a moderator."""
    thread = Thread.objects.select_for_update().select_related("community").get(pk=thread.pk)
    if thread.expert_taken_by_id != user.pk and not permissions.is_moderator(user):
        raise PermissionDenied(_("Only the clinician who took this question can release it."))
    Thread.objects.filter(pk=thread.pk).update(expert_taken_by=None, expert_taken_at=None)
    services.invalidate_pages(threads=[thread], communities=[thread.community])
    return thread


def communities_of(clinician: User) -> list[int]:
    """The communities whose questions a clinician hears of (see `clinicians_for`), in
    one query."""
    followed = CommunityFollow.objects.filter(user=clinician, community=OuterRef("pk"))
    rows = (
        Community.objects.annotate(is_followed=Exists(followed))
        .filter(Q(is_followed=True) | ~Q(clinician_specialties=""))
        .values_list("pk", "is_followed", "clinician_specialties")
    )
    specialty = clinician.clinician_specialty.strip().casefold()
    return sorted(
        pk
        for pk, is_followed, listed in rows
        if is_followed
        or (specialty and specialty in {line.strip().casefold() for line in listed.splitlines()})
    )


def median_wait_for_expert(*, days: int = 90) -> tuple[timedelta | None, int]:
    """The median time from a question to its first expert answer, over the questions
    asked in the last `days` that have one; and how many that is."""
    since = timezone.now() - timedelta(days=days)
    answered = (
        Thread.objects.filter(wants_expert_answer=True, created_at__gte=since)
        .annotate(
            first_answer_at=Min(
                "posts__created_at",
                filter=Q(posts__is_expert_answer=True, posts__is_hidden=False),
            )
        )
        .filter(first_answer_at__isnull=False)
        .values_list("created_at", "first_answer_at")
    )
    waits = [answer - asked for asked, answer in answered]
    return (median(waits) if waits else None), len(waits)


def wait_label(wait: timedelta) -> str:
    hours = wait.total_seconds() / 3600
    if hours < 48:
        count = max(1, round(hours))
        return ngettext("%(count)d hour", "%(count)d hours", count) % {"count": count}
    count = round(hours / 24)
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}
