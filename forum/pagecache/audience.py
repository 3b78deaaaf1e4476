"""Who a page is made for. A shared copy is computed for an *audience*, never for a
person: its `viewer` stands in for "any visitor", "any member" or "any verified
clinician" in the visibility querysets and templates, so nothing of one member can reach
a copy that others are served. Readers who see more than their audience (moderators,
an author whose posts await review, a profile's owner) get a *live* audience: the same
functions computed for them alone, never stored."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from accounts.models import is_moderator


class AnyMember:
    """A signed-in member with no identity: sees what every member sees, owns nothing."""

    pk = id = None
    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = is_superuser = is_moderator = False
    is_suspended = False
    display_name = ""

    def __init__(self, *, is_clinician: bool = False):
        self.is_clinician = is_clinician

    def has_perm(self, perm, obj=None) -> bool:
        return False


@dataclass(frozen=True)
class Audience:
    name: str  # part of the cache key: "visitor", "member", "clinician"; "live" is never stored
    viewer: object

    @property
    def is_live(self) -> bool:
        return self.name == LIVE


LIVE = "live"
VISITORS = Audience("visitor", AnonymousUser())
MEMBERS = Audience("member", AnyMember())
CLINICIANS = Audience("clinician", AnyMember(is_clinician=True))


def shared_audience(user) -> Audience | None:
    """The audience whose shared copy this reader may be served, or None when only a
    page computed for them will do (moderators see hidden posts and their controls)."""
    if not user.is_authenticated:
        return VISITORS
    if is_moderator(user):
        return None
    return CLINICIANS if user.is_clinician else MEMBERS


def live(user) -> Audience:
    """The reader as their own audience: a page computed for them alone."""
    return Audience(LIVE, user)
