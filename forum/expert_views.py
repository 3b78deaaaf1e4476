"""Clinicians' list of questions waiting for an expert (paged, oldest first, by
community), and taking or releasing a question (forum.expert_desk)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import expert_desk, permissions, readstate
from forum.models import Community
from forum.pagination import Page, page_number

WAITING_PER_PAGE = 25


@login_required
def waiting_for_expert(request):
    """Questions that wait for an expert, oldest first: all, those in the communities
    the member follows, or one community's."""
    threads = expert_desk.waiting_questions(request.user)
    followed_only = request.GET.get("followed") == "1"
    chosen = None
    if followed_only:
        threads = threads.filter(community__follows__user=request.user)
    elif request.GET.get("community"):
        chosen = Community.objects.filter(slug=request.GET["community"]).first()
        if chosen is None:
            raise Http404("No such community.")
        threads = threads.filter(community=chosen)
    total = threads.count()
    page = Page.of(page_number(request.GET), total=total, per_page=WAITING_PER_PAGE)
    start = (page.number - 1) * WAITING_PER_PAGE
    shown = list(
        threads.select_related("community", "author", "expert_taken_by")[
            start : start + WAITING_PER_PAGE
        ]
    )
    marks = {"thread-state": readstate.list_marks(request.user, readstate.row_facts(shown))}
    context = {
        "threads": shown,
        "marks": marks,
        "page": page,
        "total": total,
        "followed_only": followed_only,
        "chosen": chosen,
        "communities": Community.objects.visible_to(request.user),
        "is_clinician": request.user.is_clinician,
        "take_hours": settings.FORUM_EXPERT_TAKE_HOURS,
        "query": _query(followed_only, chosen),
    }
    return render(request, "forum/waiting_for_expert.html", context)


def _query(followed_only: bool, chosen) -> str:
    """The filter, kept in the pagination's links."""
    if followed_only:
        return "&followed=1"
    return f"&community={chosen.slug}" if chosen else ""


def _back(request, thread) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return thread.get_absolute_url()


@login_required
@require_POST
def question_take(request, pk):
    thread = permissions.visible_thread_or_404(request.user, pk)
    try:
        expert_desk.question_take(clinician=request.user, thread=thread)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "You are preparing the answer to “%(title)s”: other clinicians see it is "
                "taken. Post it as an expert answer in the discussion."
            )
            % {"title": thread.title},
        )
    return redirect(_back(request, thread))


@login_required
@require_POST
def question_release(request, pk):
    thread = permissions.visible_thread_or_404(request.user, pk)
    expert_desk.question_release(user=request.user, thread=thread)
    messages.success(
        request,
        _("You released “%(title)s”: another clinician can take it.") % {"title": thread.title},
    )
    return redirect(_back(request, thread))
