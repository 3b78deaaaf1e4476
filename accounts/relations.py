"""Following, muting and blocking other members: the writes, and the questions the
forum, the notifications and the conversations ask about them.

Blocking is silent: nothing the blocked member can see changes, except that the member
who blocked them "does not accept messages" (conversations.permissions says so to
anyone refused, whatever the reason). Moderators' work is never blocked: what the team
sends has no member as its actor.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import MemberRelation, User

Kind = MemberRelation.Kind
# What stops notifications of a member's doings.
SILENCING = (Kind.MUTE, Kind.BLOCK)


@transaction.atomic
def relation_set(*, owner: User, other: User, kind: str, on: bool) -> bool:
    """Follow, mute or block `other` (on), or stop (off). Blocking also ends the owner's
    follow. Returns whether anything changed."""
    if kind not in Kind.values:
        raise ValueError(f"unknown relation {kind!r}")
    if owner.pk == other.pk:
        raise PermissionDenied(_("You cannot do that to yourself."))
    if not on:
        rows = MemberRelation.objects.filter(owner=owner, other=other, kind=kind)
        changed = rows.delete()[0] > 0
    else:
        try:
            with transaction.atomic():  # a second click at the same time changes nothing
                MemberRelation.objects.create(owner=owner, other=other, kind=kind)
        except IntegrityError:
            changed = False
        else:
            changed = True
        if kind == Kind.BLOCK:
            MemberRelation.objects.filter(owner=owner, other=other, kind=Kind.FOLLOW).delete()
    # Nothing cached changes: a blocked member's posts fold in the owner's own parts of
    # each page (forum.reactions.discussion_state reads the blocks with the page's state).
    return changed


def kinds_between(owner: User, other_id: int) -> set[str]:
    """What the owner chose about another member (one query)."""
    if not owner.is_authenticated:
        return set()
    return set(
        MemberRelation.objects.filter(owner=owner, other_id=other_id).values_list("kind", flat=True)
    )


def blocks(owner_id: int, other_id: int) -> bool:
    return MemberRelation.objects.filter(
        owner_id=owner_id, other_id=other_id, kind=Kind.BLOCK
    ).exists()


def silences(owner_id: int, other_id: int) -> bool:
    """Whether the owner muted or blocked the other member."""
    return MemberRelation.objects.filter(
        owner_id=owner_id, other_id=other_id, kind__in=SILENCING
    ).exists()


def follow_each_other(one_id: int, other_id: int) -> bool:
    follows = MemberRelation.objects.filter(kind=Kind.FOLLOW)
    found = follows.filter(
        Q(owner_id=one_id, other_id=other_id) | Q(owner_id=other_id, other_id=one_id)
    ).count()
    return found == 2


def silenced_by(actor_id: int) -> Q:
    """Members who muted or blocked `actor_id`: as a filter on members (`~silenced_by`
    keeps the others)."""
    return Q(
        pk__in=MemberRelation.objects.filter(other_id=actor_id, kind__in=SILENCING).values(
            "owner_id"
        )
    )


def blockers_of(member_id: int):
    """The ids of the members who blocked `member_id` (a subquery)."""
    return MemberRelation.objects.filter(other_id=member_id, kind=Kind.BLOCK).values("owner_id")


def blocked_by(owner_id: int):
    """The ids of the members `owner_id` blocked (a subquery)."""
    return MemberRelation.objects.filter(owner_id=owner_id, kind=Kind.BLOCK).values("other_id")


def blocking(actor_id: int) -> Q:
    """Members who blocked `actor_id`, as a filter on members."""
    return Q(pk__in=blockers_of(actor_id))


def listed(owner: User, kind: str):
    """The members the owner follows, muted or blocked, latest first."""
    return (
        MemberRelation.objects.filter(owner=owner, kind=kind, other__is_active=True)
        .select_related("other")
        .only("id", "created_at", "kind", "other__id", "other__display_name")
    )
