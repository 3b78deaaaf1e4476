"""The composer's helpers: saving drafts (the "Save draft" button, and
static/js/drafts.js), the member's page of drafts (forum.drafts holds the writes), and
the @mention suggestions (static/js/composer.js)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import names, ratelimit
from accounts.views import back
from forum import drafts, pages, permissions
from forum.forms import MEMBERS, ReplyForm, ThreadForm
from forum.models import Community, Draft, Post, Thread


def wants_json(request) -> bool:
    """The composer's script asks for JSON (drafts, previews); a form post gets a page."""
    return request.headers.get("Accept", "").startswith("application/json")


def _saved(request, url):
    if wants_json(request):
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
        if wants_json(request):
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
            members_only=request.POST.get("audience") == MEMBERS,
        )
    except ValidationError as error:
        if wants_json(request):
            return JsonResponse({"saved": False, "message": error.messages[0]}, status=400)
        form = ThreadForm(request.POST)
        form.is_valid()
        form.add_error(None, error.messages[0])
        context = {"community": community, "form": form}
        return render(request, "forum/thread_new.html", context, status=400)
    return _saved(request, reverse("forum:thread_new", args=[community.slug]))


SUGGESTIONS = 8


@login_required
@require_GET
def mention_suggestions(request):
    """Display names for the reply box's @mention suggestions: members who posted where
    this member can read (no one else's name is revealed), starting with what was
    typed. JSON, rate-limited."""
    ratelimit.hit(request, "suggest")
    typed = names.uniqueness_key(request.GET.get("q", ""))[:40]
    if len(typed) < 2:
        return JsonResponse({"names": []})
    seen = Post.objects.visible_to(request.user).filter(author=OuterRef("pk"))
    found = (
        get_user_model()
        .objects.filter(is_active=True, display_name_key__startswith=typed)
        .filter(Exists(seen))
        .order_by("display_name_key")
        .values_list("display_name", flat=True)[:SUGGESTIONS]
    )
    return JsonResponse({"names": list(found)})


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
