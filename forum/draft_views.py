"""Saving drafts (the "Save draft" button, and static/js/drafts.js), and the member's
page of drafts (forum.drafts holds the writes)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import ratelimit
from accounts.views import back
from forum import drafts, pages, permissions
from forum.forms import ReplyForm, ThreadForm
from forum.models import Community, Draft, Thread


def _wants_json(request) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def _saved(request, url):
    if _wants_json(request):
        return JsonResponse({"saved": True, "message": _("Draft saved")})
    messages.success(request, _("Draft saved. It waits for you here; posting it deletes it."))
    return redirect(url)


@login_required
@require_POST
def reply_draft(request, pk):
    thread = permissions.visible_thread_or_404(
        request.user, pk, Thread.objects.select_related("community")
    )
    ratelimit.hit(request, "draft")
    try:
        drafts.draft_save(user=request.user, thread=thread, body=request.POST.get("body", ""))
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"saved": False, "message": error.messages[0]}, status=400)
        form = ReplyForm(request.POST)
        form.is_valid()
        form.add_error(None, error.messages[0])
        # The discussion with the text sent back, the error beside it.
        return pages.THREAD.serve(
            request, status=400, extra={"reply_form": form}, pk=thread.pk, slug=thread.slug
        )
    return _saved(request, thread.get_absolute_url() + "#reply")


@login_required
@require_POST
def thread_draft(request, slug):
    community = get_object_or_404(Community, slug=slug)
    permissions.check_can_view_community(request.user, community)
    ratelimit.hit(request, "draft")
    try:
        drafts.draft_save(
            user=request.user,
            community=community,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
        )
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"saved": False, "message": error.messages[0]}, status=400)
        form = ThreadForm(request.POST)
        form.is_valid()
        form.add_error(None, error.messages[0])
        context = {"community": community, "form": form}
        return render(request, "forum/thread_new.html", context, status=400)
    return _saved(request, reverse("forum:thread_new", args=[community.slug]))


@login_required
def draft_list(request):
    context = {
        "drafts": drafts.drafts_of(request.user)[:100],
        "draft_days": settings.FORUM_DRAFT_DAYS,
    }
    return render(request, "forum/drafts.html", context)


@login_required
@require_POST
def draft_delete(request, pk):
    draft = get_object_or_404(Draft, pk=pk, user=request.user)  # someone else's: not found
    draft.delete()
    messages.success(request, _("The draft has been deleted."))
    return back(request, "forum:drafts")
