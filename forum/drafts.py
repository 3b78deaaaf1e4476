"""Drafts: what a member is writing, kept on the server until they post it (a reply per
discussion, a new discussion per community). Saved by the "Save draft" button or, with
scripts, a few seconds after typing stops (static/js/drafts.js); restored when they come
back; deleted when they post; expired after FORUM_DRAFT_DAYS (`expire_drafts`, cron)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions
from forum.models import Community, Draft, Thread


@transaction.atomic
def draft_save(
    *,
    user: User,
    body: str,
    title: str = "",
    thread: Thread | None = None,
    community=None,
    members_only: bool = False,
) -> Draft:
    """Keep what the member typed (a reply to `thread`, or a new discussion in
    `community`); an empty draft deletes the one kept."""
    if thread is not None:
        permissions.check_can_view_thread(user, thread)
        where = {"user": user, "thread": thread, "community": None}
    else:
        permissions.check_can_view_community(user, community)
        where = {"user": user, "thread": None, "community": community}
    if len(body) > settings.FORUM_POST_MAX_LENGTH:
        raise ValidationError(
            _("A draft can hold at most %(limit)s characters; this one has %(count)s.")
            % {"limit": settings.FORUM_POST_MAX_LENGTH, "count": len(body)}
        )
    title = title[: settings.FORUM_TITLE_MAX_LENGTH]
    if not body.strip() and not title.strip():
        Draft.objects.filter(**where).delete()
        return Draft(**where)
    draft, _created = Draft.objects.update_or_create(
        **where,
        defaults={
            "body": body,
            "title": title,
            "members_only": members_only and thread is None,
            "updated_at": timezone.now(),
        },
    )
    return draft


def draft_discard(*, user: User, thread: Thread | None = None, community=None) -> None:
    """Posted (or thrown away): the draft goes."""
    if thread is not None:
        Draft.objects.filter(user=user, thread=thread).delete()
    else:
        Draft.objects.filter(user=user, thread=None, community=community).delete()


def draft_for(user: User, *, thread: Thread | None = None, community=None) -> Draft | None:
    if not user.is_authenticated:
        return None
    if thread is not None:
        return Draft.objects.filter(user=user, thread=thread).first()
    return Draft.objects.filter(user=user, thread=None, community=community).first()


def drafts_of(user: User):
    """The member's drafts where they may still write, most recently saved first."""
    threads = Thread.objects.visible_to(user)
    communities = Community.objects.visible_to(user)
    return (
        Draft.objects.filter(user=user)
        .filter(Q(thread__in=threads) | Q(thread__isnull=True, community__in=communities))
        .select_related("thread", "community")
        .order_by("-updated_at", "-id")
    )


def drafts_expire(now=None) -> int:
    """Delete drafts not saved for FORUM_DRAFT_DAYS; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.FORUM_DRAFT_DAYS)
    deleted, _by_model = Draft.objects.filter(updated_at__lt=cutoff).delete()
    return deleted
