"""The moderators' screens. Every decision goes through `moderation.services`, as the
member pages and commands do; the admin only collects the choice and the reason."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import formats
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from moderation import log_sentences, permissions, services
from moderation.admin_base import RecordAdmin
from moderation.models import ClinicianVerification, ModerationAction

Status = ClinicianVerification.Status


# Logged with no moderator: done by the daily `clinician_rechecks` job.
def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_(
            "The member reads this in an email (and, for a rejection, on their "
            "verification page). Do not include their licence number or full name."
        ),
        error_messages={"required": _("A reason is required: the member will read it.")},
    )


@admin.register(ClinicianVerification)
class ClinicianVerificationAdmin(admin.ModelAdmin):
    list_display = (
        "applicant_name",
        "profession",
        "specialty",
        "country",
        "status",
        "created_at",
    )
    list_filter = ("status", "profession", "country")
    search_fields = ("applicant__display_name", "full_name", "licence_number")
    list_select_related = ("applicant",)
    date_hierarchy = "created_at"
    actions = ["approve_selected", "reject_selected", "revoke_selected"]
    change_form_template = "moderation/admin/clinicianverification_change_form.html"
    fieldsets = (
        (_("Member"), {"fields": ("applicant_name", "applicant_clinician_status")}),
        (
            _("Request (private: moderators only)"),
            {
                "fields": (
                    "full_name",
                    "licence_number",
                    "profession",
                    "specialty",
                    "country",
                    "place_of_practice",
                    "note",
                    "created_at",
                )
            },
        ),
        (
            _("Decision"),
            {"fields": ("status", "decided_by", "decided_at", "decision_reason")},
        ),
    )
    # A request is what the member sent: moderators decide on it, they never rewrite it.
    readonly_fields = (
        "applicant_name",
        "applicant_clinician_status",
        "full_name",
        "licence_number",
        "profession",
        "specialty",
        "country",
        "place_of_practice",
        "note",
        "created_at",
        "status",
        "decided_by",
        "decided_at",
        "decision_reason",
    )

    @admin.display(description=_("applicant"), ordering="applicant__display_name")
    def applicant_name(self, obj):
        return obj.applicant.display_name

    @admin.display(description=_("clinician status now"))
    def applicant_clinician_status(self, obj):
        member = obj.applicant
        if not member.is_clinician:
            return gettext("Not a verified clinician")
        values = {
            "title": member.clinician_title,
            "since": formats.date_format(member.clinician_verified_at, "SHORT_DATE_FORMAT"),
        }
        due = member.clinician_review_due
        if due:
            values["due"] = formats.date_format(due, "SHORT_DATE_FORMAT")
            return (
                gettext("Verified clinician (%(title)s) since %(since)s, review due %(due)s")
                % values
            )
        return gettext("Verified clinician (%(title)s) since %(since)s") % values

    def has_add_permission(self, request):
        # Requests come from members, through their verification page.
        return False

    def has_delete_permission(self, request, obj=None):
        # Decided requests are the evidence behind a badge; keep them.
        return False

    # --- the decision form on the change page ---

    DECISIONS = ("_approve", "_reject", "_revoke")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and any(key in request.POST for key in self.DECISIONS):
            return self._decide(request, object_id)
        obj = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            # Nothing on the page is edited directly: no Save buttons, only decisions.
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "decision": self._decision_options(request, obj) if obj else {},
            "reason_form": ReasonForm(),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _decision_options(self, request, obj) -> dict:
        if not self.has_change_permission(request, obj):
            return {}
        can_decide = obj.is_pending and permissions.can_decide_verification(request.user, obj)
        can_revoke = (
            obj.status == Status.APPROVED
            and obj.applicant.is_clinician
            and permissions.can_review_verifications(request.user)
        )
        return {"can_decide": can_decide, "can_revoke": can_revoke}

    def _decide(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such verification request.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        reason = request.POST.get("reason", "")
        try:
            if "_approve" in request.POST:
                services.verification_approve(moderator=request.user, verification=obj)
                done = gettext("Approved: %(name)s is now a verified clinician.") % {
                    "name": obj.applicant.display_name
                }
            elif "_reject" in request.POST:
                services.verification_reject(
                    moderator=request.user, verification=obj, reason=reason
                )
                done = gettext("Rejected the request from %(name)s.") % {
                    "name": obj.applicant.display_name
                }
            else:
                services.clinician_revoke(moderator=request.user, user=obj.applicant, reason=reason)
                done = gettext("Revoked the clinician status of %(name)s.") % {
                    "name": obj.applicant.display_name
                }
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, _message(error), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(request.path)

    # --- list actions ---

    @admin.action(description=_("Approve selected requests"), permissions=["change"])
    def approve_selected(self, request, queryset):
        self._apply(
            request,
            queryset.filter(status=Status.PENDING).select_related("applicant"),
            lambda v: services.verification_approve(moderator=request.user, verification=v),
            done=ngettext_lazy("Approved %(n)d request.", "Approved %(n)d requests.", "n"),
            skipped=queryset.exclude(status=Status.PENDING).count(),
        )

    @admin.action(description=_("Reject selected requests"), permissions=["change"])
    def reject_selected(self, request, queryset):
        pending = list(queryset.filter(status=Status.PENDING).select_related("applicant"))
        return self._with_reason(
            request,
            pending,
            title=_("Reject clinician verification requests"),
            intro=_(
                "These requests will be rejected. Each applicant gets an email with your reason."
            ),
            button=_("Reject the requests"),
            apply=lambda v, reason: services.verification_reject(
                moderator=request.user, verification=v, reason=reason
            ),
            done=ngettext_lazy("Rejected %(n)d request.", "Rejected %(n)d requests.", "n"),
            skipped=len(queryset) - len(pending),
        )

    @admin.action(
        description=_("Revoke clinician status of the selected applicants"),
        permissions=["change"],
    )
    def revoke_selected(self, request, queryset):
        approved = queryset.filter(
            status=Status.APPROVED, applicant__role=User.Role.CLINICIAN
        ).select_related("applicant")
        # One revocation per member, even if several of their requests were selected.
        by_member = {v.applicant_id: v for v in approved}
        return self._with_reason(
            request,
            list(by_member.values()),
            title=_("Revoke clinician status"),
            intro=_(
                "These members lose the verified clinician badge, their title and "
                "their expert answers' marking. Each gets an email with your reason."
            ),
            button=_("Revoke their clinician status"),
            apply=lambda v, reason: services.clinician_revoke(
                moderator=request.user, user=v.applicant, reason=reason
            ),
            done=ngettext_lazy(
                "Revoked the clinician status of %(n)d member.",
                "Revoked the clinician status of %(n)d members.",
                "n",
            ),
            skipped=0,
        )

    def _with_reason(self, request, targets, *, title, intro, button, apply, done, skipped):
        """Ask for a reason on an intermediate page, then apply the decision to each."""
        if not targets:
            self.message_user(
                request, gettext("None of the selected requests qualify."), messages.WARNING
            )
            return None
        form = ReasonForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            self._apply(request, targets, lambda v: apply(v, reason), done=done, skipped=skipped)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "button": button,
            "opts": self.model._meta,
            "targets": targets,
            "form": form,
            "action": request.POST.get("action"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "moderation/admin/reason_confirmation.html", context)

    def _apply(self, request, targets, apply, *, done, skipped):
        succeeded, failures = 0, []
        for verification in targets:
            try:
                apply(verification)
                succeeded += 1
            except (PermissionDenied, ValidationError) as error:
                failures.append(f"{verification.applicant.display_name}: {_message(error)}")
        if succeeded:
            self.message_user(request, done % {"n": succeeded}, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "Skipped %(n)d request already decided.",
                    "Skipped %(n)d requests already decided.",
                    skipped,
                )
                % {"n": skipped},
                messages.WARNING,
            )
        for failure in failures:
            self.message_user(request, failure, messages.ERROR)


@admin.register(ModerationAction)
class ModerationActionAdmin(RecordAdmin):
    """The moderation log: readable by moderators, changeable by nobody (not even a
    superuser), so it stays a faithful record."""

    list_display = ("created_at", "in_words")
    list_filter = (
        "action",
        ("moderator", admin.RelatedOnlyFieldListFilter),
        ("target_user", admin.RelatedOnlyFieldListFilter),
        "is_automatic",
        "created_at",
    )
    search_fields = (
        "target_label",
        "reason",
        "moderator__display_name",
        "target_user__display_name",
    )
    list_select_related = ("moderator", "target_user")
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "action",
        "moderator",
        "target_user",
        "target_label",
        "target_thread_id",
        "target_post_id",
        "reason",
    )
    readonly_fields = fields

    @admin.display(description=_("what happened"))
    def in_words(self, entry):
        return log_sentences.sentence(entry)


# The report queue and the actions on discussions, posts and members.
from moderation import (  # noqa: E402,F401
    admin_appeals,
    admin_content,
    admin_forum,
    admin_messages,
    admin_notes,
)
