"""Suspension appeals and warnings in the moderators' admin: appeals open first, the
oldest first, each answered with a reason the member reads (moderation.suspensions)."""

from django import forms
from django.contrib import admin
from django.db.models import Case, IntegerField, Value, When
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from moderation import suspensions
from moderation.admin_base import RecordAdmin
from moderation.admin_forum import ModerationActionsMixin
from moderation.forms import _PlainForm
from moderation.models import CaringMessage, ModerationReason, SuspensionAppeal, Warning


class AnswerForm(_PlainForm):
    answer = forms.CharField(
        label=_("Your answer (the member reads it by email)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give an answer: the member reads it.")},
    )


@admin.register(SuspensionAppeal)
class SuspensionAppealAdmin(ModerationActionsMixin, admin.ModelAdmin):
    list_display = ["member_name", "excerpt", "suspended_until", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["member"]
    actions = ["keep", "lift"]
    fields = [
        "member",
        "text",
        "suspension_reason",
        "suspended_until",
        "status",
        "created_at",
        "answered_by",
        "answered_at",
        "answer",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        open_first = Case(
            When(status=SuspensionAppeal.Status.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return super().get_queryset(request).order_by(open_first, "created_at")

    @admin.display(description=_("member"))
    def member_name(self, appeal):
        return appeal.member.display_name

    @admin.display(description=_("appeal"))
    def excerpt(self, appeal):
        return Truncator(appeal.text).words(20)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _answer(self, request, queryset, *, lift: bool, title, done):
        return self._with_form(
            request,
            queryset.filter(status=SuspensionAppeal.Status.OPEN),
            AnswerForm,
            title=title,
            intro=_("Each member is emailed your answer."),
            perform=lambda appeal, data: suspensions.appeal_answer(
                moderator=request.user, appeal=appeal, answer=data["answer"], lift=lift
            ),
            done=done,
        )

    @admin.action(description=_("Keep the suspension, with an answer"))
    def keep(self, request, queryset):
        return self._answer(
            request,
            queryset,
            lift=False,
            title=_("Keep the suspension"),
            done=ngettext_lazy("Answered %(n)d appeal.", "Answered %(n)d appeals.", "n"),
        )

    @admin.action(description=_("Lift the suspension, with an answer"))
    def lift(self, request, queryset):
        return self._answer(
            request,
            queryset,
            lift=True,
            title=_("Lift the suspension"),
            done=ngettext_lazy("Lifted %(n)d suspension.", "Lifted %(n)d suspensions.", "n"),
        )


@admin.register(Warning)
class WarningAdmin(RecordAdmin):
    """Warnings, read-only: given from the review screen or the report queue."""

    list_display = ["member_name", "reason_excerpt", "moderator", "created_at", "acknowledged_at"]
    list_select_related = ["member", "moderator"]
    search_fields = ["member__display_name", "reason"]
    readonly_fields = ["member", "post", "moderator", "reason", "created_at", "acknowledged_at"]

    @admin.display(description=_("member"))
    def member_name(self, warning):
        return warning.member.display_name

    @admin.display(description=_("reason"))
    def reason_excerpt(self, warning):
        return Truncator(warning.reason).words(16)


@admin.register(CaringMessage)
class CaringMessageAdmin(admin.ModelAdmin):
    """The words sent to a member who may be at risk: the moderators' own."""

    list_display = ["kind", "excerpt"]
    fields = ["kind", "text"]

    @admin.display(description=_("message"))
    def excerpt(self, message):
        return Truncator(message.text).words(16)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModerationReason)
class ModerationReasonAdmin(admin.ModelAdmin):
    """The common reasons offered beside free text in every form that acts on a member."""

    list_display = ["text", "position"]
    list_editable = ["position"]
