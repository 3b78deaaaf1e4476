from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import ratelimit
from accounts.views import posted
from forum import clinician_notes, crisis
from forum import permissions as forum_permissions
from forum.models import Post, Thread
from moderation import actions, permissions, services, warnings
from moderation.forms import (
    INACCURATE,
    ModerationReasonForm,
    MoveForm,
    ReportForm,
    VerificationRequestForm,
)
from moderation.models import ClinicianVerification, Report


def urgent_help(user) -> str:
    """The help lines shown to a member who reports a risk of self-harm: their country's
    (forum.crisis.help_lines, MODERATION_HELP_LINES), else the general text."""
    return crisis.help_lines(user)


@login_required
@require_http_methods(["GET", "POST"])
def verification(request):
    """The member's own verification requests and, when they may send one, the form."""
    refusal = permissions.verification_request_refusal(request.user)
    form = VerificationRequestForm(posted(request))
    status = 200
    if request.method == "POST":
        ratelimit.hit(request, "verification")
        if refusal:
            # Keep what was typed, and say why it cannot be sent now.
            form.is_valid()
            form.add_error(None, refusal)
            status = 403
        elif form.is_valid():
            try:
                services.verification_request_create(applicant=request.user, **form.cleaned_data)
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(
                    request,
                    _(
                        "Your request has been sent. A moderator will review it and you "
                        "will get an email with the decision."
                    ),
                )
                return redirect("moderation:verification")
        else:
            status = 400
    requests = list(
        ClinicianVerification.objects.filter(applicant=request.user).order_by("-created_at", "-id")
    )
    current_approval = None
    if request.user.is_clinician:
        current_approval = next(
            (r for r in requests if r.status == ClinicianVerification.Status.APPROVED),
            None,
        )
    return render(
        request,
        "moderation/verification.html",
        {
            "form": form if form.is_bound or not refusal else None,
            "refusal": refusal,
            "requests": requests,
            "current_approval": current_approval,
            # Offered at verification: a hijacked clinician account posts badged advice.
            "two_factor": is_mfa_enabled(request.user),
        },
        status=status,
    )


@login_required
@require_POST
def verification_withdraw(request, pk):
    # Another member's request is "not found", not forbidden: even that it exists is
    # private.
    verification = get_object_or_404(ClinicianVerification, pk=pk, applicant=request.user)
    if permissions.can_withdraw_verification(request.user, verification):
        services.verification_withdraw(applicant=request.user, verification=verification)
        messages.success(request, _("Your request has been withdrawn."))
    else:
        messages.error(request, _("This request has already been decided."))
    return redirect("moderation:verification")


# Reports and moderators' in-page controls ----------------------------------------------
# A GET shows a confirmation page (with a reason field); only a POST changes anything.


def _visible_post(request, pk) -> Post:
    return forum_permissions.visible_post_or_404(
        request.user, pk, Post.objects.select_related("thread__community", "author")
    )


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk):
    post = _visible_post(request, pk)
    refusal = actions.report_refusal(request.user, post)
    if refusal:
        raise PermissionDenied(refusal)
    form = ReportForm(posted(request))
    status = 200
    if request.method == "POST":
        ratelimit.hit(request, "report")
        status = 400
        if form.is_valid() and form.cleaned_data["reason"] == INACCURATE:
            try:
                clinician_notes.inaccuracy_flag_create(
                    member=request.user, post=post, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 409
            else:
                return render(request, "moderation/flag_done.html", {"post": post})
        elif form.is_valid():
            try:
                filed = actions.report_create(reporter=request.user, post=post, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
                status = 409
            else:
                return render(
                    request,
                    "moderation/report_done.html",
                    {
                        "post": post,
                        "report": filed,
                        "urgent_help": urgent_help(request.user)
                        if filed.reason == Report.Reason.SELF_HARM
                        else "",
                    },
                )
    return render(
        request,
        "moderation/report.html",
        {"post": post, "form": form, "urgent_help": urgent_help(request.user)},
        status=status,
    )


POST_ACTIONS = {
    "hide": (
        gettext_lazy("Hide this post"),
        lambda m, post, reason: actions.post_hide(moderator=m, post=post, reason=reason),
    ),
    "restore": (
        gettext_lazy("Restore this post"),
        lambda m, post, reason: actions.post_restore(moderator=m, post=post, reason=reason),
    ),
    "dismiss": (
        gettext_lazy("Dismiss the reports on this post"),
        lambda m, post, reason: actions.reports_dismiss(moderator=m, post=post, reason=reason),
    ),
    "warn": (
        gettext_lazy("Warn the author of this post"),
        lambda m, post, reason: warnings.member_warn(
            moderator=m, member=post.author, post=post, reason=reason
        ),
    ),
    "approve": (
        gettext_lazy("Approve this held post"),
        lambda m, post, reason: actions.held_post_decide(
            moderator=m, post=post, approve=True, reason=reason
        ),
    ),
    "reject": (
        gettext_lazy("Reject this held post"),
        lambda m, post, reason: actions.held_post_decide(
            moderator=m, post=post, approve=False, reason=reason
        ),
    ),
}

THREAD_ACTIONS = {
    "lock": (
        gettext_lazy("Lock this discussion"),
        lambda m, t, reason, **_: actions.thread_lock(
            moderator=m, thread=t, locked=True, reason=reason
        ),
    ),
    "unlock": (
        gettext_lazy("Unlock this discussion"),
        lambda m, t, reason, **_: actions.thread_lock(
            moderator=m, thread=t, locked=False, reason=reason
        ),
    ),
    "pin": (
        gettext_lazy("Pin this discussion"),
        lambda m, t, reason, **_: actions.thread_pin(
            moderator=m, thread=t, pinned=True, reason=reason
        ),
    ),
    "unpin": (
        gettext_lazy("Unpin this discussion"),
        lambda m, t, reason, **_: actions.thread_pin(
            moderator=m, thread=t, pinned=False, reason=reason
        ),
    ),
    "hide": (
        gettext_lazy("Hide this whole discussion"),
        lambda m, t, reason, **_: actions.thread_hide(moderator=m, thread=t, reason=reason),
    ),
    "restore": (
        gettext_lazy("Restore this discussion"),
        lambda m, t, reason, **_: actions.thread_restore(moderator=m, thread=t, reason=reason),
    ),
    "move": (
        gettext_lazy("Move this discussion"),
        lambda m, t, reason, community: actions.thread_move(
            moderator=m, thread=t, community=community, reason=reason
        ),
    ),
}


# Actions on what a member wrote: they ask for a reason (the member may be told it).
AFFECTS_MEMBER = {"hide", "reject", "warn"}


def _done(title) -> str:
    """ "Done: hide this post." """
    title = str(title)
    return _("Done: %(action)s.") % {"action": title[0].lower() + title[1:]}


def _confirm(request, *, title, target, form, cancel_url, status=200):
    return render(
        request,
        "moderation/confirm_action.html",
        {"title": title, "target": target, "form": form, "cancel_url": _back(request, cancel_url)},
        status=status,
    )


def _back(request, default: str) -> str:
    """Where a decision returns: `?next=` (the report queue, from a review screen) when
    it is one of our own pages, else `default`."""
    target = request.GET.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default


@login_required
@require_http_methods(["GET", "POST"])
def post_action(request, pk, action):
    if action not in POST_ACTIONS:
        raise Http404("No such action.")
    forum_permissions.check_can_moderate(request.user)
    post = _visible_post(request, pk)
    title, perform = POST_ACTIONS[action]
    form = ModerationReasonForm(posted(request), reason_required=action in AFFECTS_MEMBER)
    if request.method == "POST" and form.is_valid():
        try:
            perform(request.user, post, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, _done(title))
            post_url = Post.objects.select_related("thread").get(pk=post.pk).get_absolute_url()
            return redirect(_back(request, post_url))
    return _confirm(
        request,
        title=title,
        target=post,
        form=form,
        cancel_url=post.get_absolute_url(),
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def thread_action(request, pk, action):
    if action not in THREAD_ACTIONS:
        raise Http404("No such action.")
    forum_permissions.check_can_moderate(request.user)
    thread = forum_permissions.visible_thread_or_404(
        request.user, pk, Thread.objects.select_related("community")
    )
    title, perform = THREAD_ACTIONS[action]
    form_class = MoveForm if action == "move" else ModerationReasonForm
    form = form_class(posted(request), reason_required=action in AFFECTS_MEMBER)
    if request.method == "POST" and form.is_valid():
        extra = {"community": form.cleaned_data["community"]} if action == "move" else {}
        perform(request.user, thread, form.cleaned_data["reason"], **extra)
        messages.success(request, _done(title))
        return redirect(_back(request, thread.get_absolute_url()))
    return _confirm(
        request,
        title=title,
        target=thread,
        form=form,
        cancel_url=thread.get_absolute_url(),
        status=400 if form.is_bound else 200,
    )
