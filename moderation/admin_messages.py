"""Reported private messages in the moderators' admin: the list says what and when,
never the words; each opens its review page (moderation.message_views), where reading
the message is logged. No admin screen shows conversations or messages themselves."""

from django.contrib import admin
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from moderation.admin_base import RecordAdmin
from moderation.models import MessageReport, Report

REASONS = dict(Report.Reason.choices)
STATUSES = dict(Report.Status.choices)


@admin.register(MessageReport)
class MessageReportAdmin(RecordAdmin):
    list_display = ["reason_label", "status_label", "created_at", "review"]
    list_display_links = None
    list_filter = ["status", "reason"]
    fields = ["reason", "status", "created_at"]

    def has_view_permission(self, request, obj=None):
        # The list only: a report (and the message's words in it) is read on its review
        # page, where the reading is logged.
        return obj is None and super().has_view_permission(request)

    def get_queryset(self, request):
        open_first = Case(
            When(status="open", then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        self_harm_first = Case(
            When(reason="self_harm", then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return (
            super()
            .get_queryset(request)
            .only("id", "reason", "status", "created_at")
            .order_by(open_first, self_harm_first, "created_at")
        )

    @admin.display(description=_("reason"))
    def reason_label(self, report):
        return REASONS.get(report.reason, report.reason)

    @admin.display(description=_("status"))
    def status_label(self, report):
        return STATUSES.get(report.status, report.status)

    @admin.display(description=_("review"))
    def review(self, report):
        url = reverse("moderation:message_review", args=[report.pk])
        return format_html('<a href="{}">{}</a>', url, _("Read and decide"))
