"""A member reports a private message; a moderator reviews it (the message and a few
around it, the reading logged) and removes it or dismisses the reports."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import ratelimit
from accounts.models import is_moderator
from accounts.views import posted
from conversations import permissions as conversation_permissions
from conversations.models import Message
from moderation import message_reports
from moderation.forms import MessageReportForm, ModerationReasonForm
from moderation.models import MessageReport, Report
from moderation.views import urgent_help


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk, number):
    """Report a message of the conversation `pk` (404 for anyone not in it)."""
    participant = conversation_permissions.participation_or_404(request.user, pk)
    message = get_object_or_404(
        Message.objects.select_related("author"),
        conversation=participant.conversation,
        number=number,
        removed_at__isnull=True,
    )
    if message.author_id in (None, request.user.pk):
        raise Http404
    form = MessageReportForm(posted(request))
    status = 200
    if request.method == "POST":
        ratelimit.hit(request, "report")
        status = 400
        if form.is_valid():
            try:
                filed = message_reports.message_report_create(
                    reporter=request.user, message=message, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 409
            else:
                self_harm = filed.reason == Report.Reason.SELF_HARM
                return render(
                    request,
                    "moderation/message_report_done.html",
                    {
                        "conversation": participant.conversation,
                        "urgent_help": urgent_help(request.user) if self_harm else "",
                    },
                )
    return render(
        request,
        "moderation/message_report.html",
        {
            "conversation": participant.conversation,
            "message": message,
            "form": form,
            "urgent_help": urgent_help(request.user),
        },
        status=status,
    )


def _report_for_moderator(request, pk) -> MessageReport:
    if not is_moderator(request.user):
        raise Http404  # nobody else learns that the report or the message exists
    return get_object_or_404(
        MessageReport.objects.select_related("message__author", "message__conversation"),
        pk=pk,
    )


@never_cache
@login_required
def review(request, pk):
    """The reported message and CONVERSATIONS_REPORT_CONTEXT messages on each side, as
    the conversation stood when the first report came."""
    report = _report_for_moderator(request, pk)
    message = report.message
    first = MessageReport.objects.filter(message=message).order_by("created_at").first()
    report_at = first.created_at if first else report.created_at
    around = settings.CONVERSATIONS_REPORT_CONTEXT
    shown = list(
        Message.objects.filter(
            conversation_id=message.conversation_id,
            number__gte=message.number - around,
            number__lte=message.number + around,
            # What the conversation held when it was reported, nothing written since.
            created_at__lte=max(report_at, message.created_at),
        ).select_related("author")
    )
    reports = list(
        MessageReport.objects.filter(message=message).select_related("reporter").order_by("pk")
    )
    reasons, statuses = dict(Report.Reason.choices), dict(Report.Status.choices)
    for item in reports:
        item.reason_label = reasons.get(item.reason, item.reason)
        item.status_label = statuses.get(item.status, item.status)
    message_reports.message_report_read(moderator=request.user, report=report)
    return render(
        request,
        "moderation/message_review.html",
        {
            **admin.site.each_context(request),
            "report": report,
            "message": message,
            "shown": shown,
            "reports": reports,
            "is_open": any(item.status == Report.Status.OPEN for item in reports),
            "form": ModerationReasonForm(),
        },
    )


@login_required
@require_POST
def decide(request, pk, decision):
    if decision not in ("remove", "dismiss"):
        raise Http404
    report = _report_for_moderator(request, pk)
    form = ModerationReasonForm(request.POST, reason_required=decision == "remove")
    if not form.is_valid():
        messages.error(request, _("Please give a reason for removing the message."))
        return redirect("moderation:message_review", pk=report.pk)
    message_reports.message_reports_close(
        moderator=request.user,
        message=report.message,
        remove=decision == "remove",
        reason=form.cleaned_data["reason"],
    )
    if decision == "remove":
        messages.success(request, _("The message has been removed."))
    else:
        messages.success(request, _("The reports on this message have been dismissed."))
    return redirect("admin:moderation_messagereport_changelist")
