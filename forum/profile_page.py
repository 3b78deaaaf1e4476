"""A member's profile, a cached page (see forum.pagecache): their posts, and the
communities they follow if they chose to show them."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.models import MemberRelation
from forum import pagecache, readstate
from forum.models import Community, Post
from forum.pagecache.audience import LIVE
from forum.pages import list_reader
from forum.pagination import Page, page_number

PROFILE_POSTS_PER_PAGE = 20


def profile_shared(audience, query, pk) -> dict:
    viewer = audience.viewer
    member = get_object_or_404(get_user_model(), pk=pk, is_active=True)
    if not member.profile_is_public and not viewer.is_authenticated:
        return {
            "status": 403,
            "template": "forum/profile_private.html",
            "member": member,
            "facts": {"member": member.pk},
        }
    posts = (
        Post.objects.visible_to(viewer)
        .filter(author=member, thread__is_hidden=False)
        .order_by("-created_at", "-id")
    )
    page = Page.of(page_number(query), total=posts.count(), per_page=PROFILE_POSTS_PER_PAGE)
    start = (page.number - 1) * PROFILE_POSTS_PER_PAGE
    is_own = viewer.pk == member.pk
    shown = list(
        posts.select_related("thread", "thread__community")[start : start + PROFILE_POSTS_PER_PAGE]
    )
    return {
        "member": member,
        "posts": shown,
        "page": page,
        "is_own": is_own,
        # The communities a member follows say which conditions they live with: shown to
        # others only if the member chose so.
        "shows_communities": member.shows_communities or is_own,
        "communities": Community.objects.visible_to(viewer).filter(follows__user=member),
        "facts": {
            "member": member.pk,
            "rows": readstate.row_facts(post.thread for post in shown),
        },
    }


def profile_reader(request, facts) -> dict | None:
    # Their own profile shows its owner their posts awaiting review and their settings.
    if request.user.pk == facts["member"] and facts["audience"] != LIVE:
        return None
    user, member_id = request.user, facts["member"]
    if not user.is_authenticated or user.pk == member_id:
        return {**list_reader(request, facts), "is_own": True, "member_id": member_id}
    marks, chosen = readstate.profile_list_state(user, facts.get("rows", []), member_id)
    return {"marks": {"thread-state": marks}, **member_actions(member_id, chosen)}


def member_actions(member_id: int, chosen: set[str]) -> dict:
    """The reader's buttons about the member (forum/_member_actions.html): write to them,
    follow, mute, block, each saying what it will do."""
    Kind = MemberRelation.Kind
    return {
        "is_own": False,
        "member_id": member_id,
        "member_relations": [
            (Kind.FOLLOW, Kind.FOLLOW in chosen, _("Unfollow"), _("Follow")),
            (Kind.MUTE, Kind.MUTE in chosen, _("Unmute"), _("Mute")),
            (Kind.BLOCK, Kind.BLOCK in chosen, _("Unblock"), _("Block")),
        ],
    }


# A member's profile changes with their posts and settings: every such write bumps the
# site's version.
PROFILE = pagecache.Page(
    "profile",
    template="forum/profile.html",
    versions=lambda pk: [pagecache.SITE],
    shared=profile_shared,
    reader=profile_reader,
    params=("page",),
)
