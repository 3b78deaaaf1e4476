"""Following a discussion and thanking a post: small POST forms under a discussion and its
posts (forum.reactions holds the writes)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import ratelimit
from accounts.views import back
from forum import permissions, reactions
from forum.models import Post, Thread


def _thread(request, pk) -> Thread:
    return permissions.visible_thread_or_404(
        request.user, pk, Thread.objects.select_related("community")
    )


@login_required
@require_POST
def thread_follow(request, pk):
    thread = _thread(request, pk)
    reactions.thread_follow_create(user=request.user, thread=thread)
    messages.success(request, _("You are following this discussion: new replies will notify you."))
    return back(request, thread.get_absolute_url())


@login_required
@require_POST
def thread_unfollow(request, pk):
    thread = _thread(request, pk)
    reactions.thread_follow_delete(user=request.user, thread=thread)
    messages.success(request, _("You no longer follow this discussion."))
    return back(request, thread.get_absolute_url())


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
