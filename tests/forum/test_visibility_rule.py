"""One visibility rule: the querysets (`visible_to`) define it, and the permission the
views ask (`can_view_thread`) agrees with them for every kind of reader and discussion."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from forum import permissions
from forum.models import Thread
from tests.factories import CommunityFactory, UserFactory, make_thread

STATES = {
    "shown": {},
    "hidden": {"is_hidden": True},
    "held": {"is_awaiting_review": True},
    "hidden and held": {"is_hidden": True, "is_awaiting_review": True},
}
READERS = ["visitor", "member", "author", "clinician", "moderator", "suspended"]


def reader(kind, author, moderator, clinician):
    if kind == "visitor":
        return AnonymousUser()
    if kind == "author":
        return author
    if kind == "moderator":
        return moderator
    if kind == "clinician":
        return clinician
    if kind == "suspended":
        from django.utils import timezone

        return UserFactory(suspended_at=timezone.now())
    return UserFactory()


@pytest.mark.parametrize(
    ("state", "public", "kind"),
    list(itertools.product(STATES, [True, False], READERS)),
)
def test_the_permission_agrees_with_the_querysets(db, moderator, clinician, state, public, kind):
    author = UserFactory()
    community = CommunityFactory(is_public=public)
    thread = make_thread(community=community, author=author, **STATES[state])
    thread = Thread.objects.select_related("community").get(pk=thread.pk)
    user = reader(kind, author, moderator, clinician)
    by_queryset = Thread.objects.visible_to(user).filter(pk=thread.pk).exists()
    assert permissions.can_view_thread(user, thread) == by_queryset
    # And the rule says what it should: moderators see all, visitors only public ones.
    if kind == "moderator":
        assert by_queryset
    if kind == "visitor" and not public:
        assert not by_queryset
