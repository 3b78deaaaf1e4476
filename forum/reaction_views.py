"""Following a discussion or a community and thanking a post: small POST forms on their
pages (forum.reactions holds the writes)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import ratelimit
from accounts.views import back
from forum import bookmarks, members, permissions, reactions
from forum.models import Community, Post, PostReaction, Thread, ThreadFollow


def _thread(request, pk) -> Thread:
    return permissions.visible_thread_or_404(
        request.user, pk, Thread.objects.select_related("community")
    )


@login_required
@require_POST
def thread_audience(request, pk):
    """The author chooses who reads their discussion: members only, or everyone again."""
    thread = _thread(request, pk)
    members_only = request.POST.get("members_only") == "1"
    members.thread_audience_set(user=request.user, thread=thread, members_only=members_only)
    if members_only:
        messages.success(request, _("Only signed-in members can read this discussion now."))
    else:
        messages.success(request, _("Everyone can read this discussion now."))
    return redirect(thread)


@login_required
@require_POST
def thread_unfollow(request, pk):
    thread = _thread(request, pk)
    reactions.thread_follow_delete(user=request.user, thread=thread)
    messages.success(request, _("You no longer follow this discussion."))
    return back(request, thread.get_absolute_url())


LEVEL_MESSAGES = {
    ThreadFollow.Level.WATCHING: gettext_lazy(
        "You are watching this discussion: every new reply will notify you."
    ),
    ThreadFollow.Level.NORMAL: gettext_lazy(
        "You will be notified here only when someone mentions you or an expert answers "
        "your question."
    ),
    ThreadFollow.Level.MUTED: gettext_lazy(
        "This discussion is muted: nothing here will notify you or show as new."
    ),
}


@login_required
@require_POST
def thread_follow_level(request, pk):
    thread = _thread(request, pk)
    try:
        level = ThreadFollow.Level(int(request.POST.get("level", "")))
    except ValueError:
        return HttpResponseBadRequest(_("Choose watching, normal or muted."))
    reactions.thread_follow_level_set(user=request.user, thread=thread, level=level)
    messages.success(request, LEVEL_MESSAGES[level])
    return back(request, thread.get_absolute_url())


def _community(request, slug) -> Community:
    community = get_object_or_404(Community, slug=slug)
    permissions.check_can_view_community(request.user, community)
    return community


@login_required
@require_POST
def community_follow(request, slug):
    community = _community(request, slug)
    reactions.community_follow_create(user=request.user, community=community)
    messages.success(
        request,
        _("You follow %(community)s: its new discussions will notify you.")
        % {"community": community.name},
    )
    return back(request, community.get_absolute_url())


@login_required
@require_POST
def community_unfollow(request, slug):
    community = _community(request, slug)
    reactions.community_follow_delete(user=request.user, community=community)
    messages.success(
        request, _("You no longer follow %(community)s.") % {"community": community.name}
    )
    return back(request, community.get_absolute_url())


def _post(request, pk) -> Post:
    return permissions.visible_post_or_404(
        request.user, pk, Post.objects.select_related("thread__community")
    )


@login_required
@require_POST
def thanks_create(request, pk):
    post = _post(request, pk)
    ratelimit.hit(request, "thanks")
    try:
        reactions.thanks_create(user=request.user, post=post)
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, _("Thank you: the author will see your thanks."))
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def thanks_delete(request, pk):
    post = _post(request, pk)
    ratelimit.hit(request, "thanks")
    if reactions.thanks_delete(user=request.user, post=post):
        messages.success(request, _("Your thanks has been taken back."))
    return redirect(post.get_absolute_url())


# Saved posts ----------------------------------------------------------------------------


@login_required
@require_POST
def bookmark_create(request, pk):
    post = _post(request, pk)
    bookmarks.bookmark_create(user=request.user, post=post)
    messages.success(request, _("Saved. Your saved posts are listed under “Saved”."))
    return back(request, post.get_absolute_url())


@login_required
@require_POST
def bookmark_delete(request, pk):
    post = _post(request, pk)
    if bookmarks.bookmark_delete(user=request.user, post_id=post.pk):
        messages.success(request, _("Removed from your saved posts."))
    return back(request, post.get_absolute_url())


# Support reactions ----------------------------------------------------------------------

REACTION_KINDS = {choice.value for choice in PostReaction.Kind}


def _reaction_kind(kind: str) -> str:
    if kind not in REACTION_KINDS:
        raise Http404("No such reaction.")
    return kind


@login_required
@require_POST
def reaction_create(request, pk, kind):
    post = _post(request, pk)
    ratelimit.hit(request, "thanks")
    try:
        reactions.reaction_create(user=request.user, post=post, kind=_reaction_kind(kind))
    except ValidationError as error:
        messages.info(request, error.messages[0])
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def reaction_delete(request, pk, kind):
    post = _post(request, pk)
    ratelimit.hit(request, "thanks")
    reactions.reaction_delete(user=request.user, post=post, kind=_reaction_kind(kind))
    return redirect(post.get_absolute_url())


@login_required
def reaction_list(request, pk):
    """Who reacted to a post, by kind: for members (a visitor sees the counts only)."""
    post = _post(request, pk)
    rows = (
        PostReaction.objects.filter(post=post, user__is_active=True)
        .select_related("user")
        .order_by("kind", "-created_at")[:500]
    )
    groups = {kind: [] for kind in PostReaction.Kind}
    for row in rows:
        groups[PostReaction.Kind(row.kind)].append(row.user)
    return render(request, "forum/reactions.html", {"post": post, "groups": groups})
