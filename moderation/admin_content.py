"""Moderators' actions on discussions, posts and members, in the admin.

Every action calls moderation.actions, exactly as the in-page controls do, so each one is
permission-checked, keeps the forum's counters exact, and writes the moderation log.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.admin import UserAdmin
from accounts.models import User
from forum.admin import PostAdmin, ThreadAdmin
from forum.models import Post, Thread
from moderation import actions
from moderation.admin_forum import (
    ModerationActionsMixin,
    ReportQueueAdmin,
    suspend_members,
)
from moderation.forms import ModerationReasonForm, MoveForm


@admin.register(Thread)
class ModeratedThreadAdmin(ModerationActionsMixin, ThreadAdmin):
    actions = ["lock", "unlock", "pin", "unpin", "hide", "restore", "move"]

    @admin.action(description=_("Lock the selected discussions"))
    def lock(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda t: actions.thread_lock(moderator=request.user, thread=t, locked=True),
            done=ngettext_lazy("Locked %(n)d discussion.", "Locked %(n)d discussions.", "n"),
        )

    @admin.action(description=_("Unlock the selected discussions"))
    def unlock(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda t: actions.thread_lock(moderator=request.user, thread=t, locked=False),
            done=ngettext_lazy("Unlocked %(n)d discussion.", "Unlocked %(n)d discussions.", "n"),
        )

    @admin.action(description=_("Pin the selected discussions"))
    def pin(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda t: actions.thread_pin(moderator=request.user, thread=t, pinned=True),
            done=ngettext_lazy("Pinned %(n)d discussion.", "Pinned %(n)d discussions.", "n"),
        )

    @admin.action(description=_("Unpin the selected discussions"))
    def unpin(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda t: actions.thread_pin(moderator=request.user, thread=t, pinned=False),
            done=ngettext_lazy("Unpinned %(n)d discussion.", "Unpinned %(n)d discussions.", "n"),
        )

    @admin.action(description=_("Hide the selected discussions"))
    def hide(self, request, queryset):
        return self._with_form(
            request,
            queryset,
            ModerationReasonForm,
            title=_("Hide discussions"),
            intro=_("Hidden discussions disappear from lists and pages for members."),
            perform=lambda t, data: actions.thread_hide(
                moderator=request.user, thread=t, reason=data["reason"]
            ),
            done=ngettext_lazy("Hid %(n)d discussion.", "Hid %(n)d discussions.", "n"),
        )

    @admin.action(description=_("Restore the selected discussions"))
    def restore(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda t: actions.thread_restore(moderator=request.user, thread=t),
            done=ngettext_lazy("Restored %(n)d discussion.", "Restored %(n)d discussions.", "n"),
        )

    @admin.action(description=_("Move the selected discussions to another community"))
    def move(self, request, queryset):
        return self._with_form(
            request,
            queryset,
            MoveForm,
            title=_("Move discussions"),
            intro="",
            perform=lambda t, data: actions.thread_move(
                moderator=request.user, thread=t, community=data["community"], reason=data["reason"]
            ),
            done=ngettext_lazy("Moved %(n)d discussion.", "Moved %(n)d discussions.", "n"),
        )


@admin.register(Post)
class ModeratedPostAdmin(ModerationActionsMixin, PostAdmin):
    actions = ["hide", "restore", "dismiss"]

    @admin.action(description=_("Hide the selected posts"))
    def hide(self, request, queryset):
        return ReportQueueAdmin.hide_posts(self, request, queryset)

    @admin.action(description=_("Restore the selected posts"))
    def restore(self, request, queryset):
        return ReportQueueAdmin.restore_posts(self, request, queryset)

    @admin.action(description=_("Dismiss the reports on the selected posts"))
    def dismiss(self, request, queryset):
        return ReportQueueAdmin.dismiss_reports(self, request, queryset)


@admin.register(User)
class ModeratedUserAdmin(ModerationActionsMixin, UserAdmin):
    actions = ["suspend", "reinstate", "trust"]
    list_display = (*UserAdmin.list_display, "suspended")
    # Role and clinician status change only through the verification review.
    readonly_fields = (
        *UserAdmin.readonly_fields,
        "role",
        "is_trusted",
        "suspended_at",
        "suspended_until",
        "suspension_reason",
        "clinician_profession",
        "clinician_specialty",
        "clinician_verified_at",
        "clinician_review_due",
    )
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            _("Moderation"),
            {"fields": ("is_trusted", "suspended_at", "suspended_until", "suspension_reason")},
        ),
        (
            _("Clinician verification (set by the verification review)"),
            {
                "fields": (
                    "clinician_profession",
                    "clinician_specialty",
                    "clinician_verified_at",
                    "clinician_review_due",
                )
            },
        ),
    )

    @admin.display(boolean=True, description=_("Suspended"))
    def suspended(self, member):
        return member.is_suspended

    @admin.action(description=_("Suspend the selected members"))
    def suspend(self, request, queryset):
        return suspend_members(self, request, queryset)

    @admin.action(description=_("Lift the suspension of the selected members"))
    def reinstate(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda m: actions.member_reinstate(moderator=request.user, member=m),
            done=ngettext_lazy("Lifted %(n)d suspension.", "Lifted %(n)d suspensions.", "n"),
        )

    @admin.action(description=_("Trust the selected members (skip new-member review)"))
    def trust(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda m: actions.member_trust(moderator=request.user, member=m),
            done=ngettext_lazy("Trusted %(n)d member.", "Trusted %(n)d members.", "n"),
        )
