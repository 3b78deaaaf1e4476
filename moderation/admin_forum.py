"""The moderators' queues in the admin: reported posts, held first posts, reports
(actions on discussions, posts and members: moderation.admin_content).

Every action calls moderation.actions, exactly as the in-page controls do, so each one is
permission-checked, keeps the forum's counters exact, and writes the moderation log.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from forum import permissions as forum_permissions
from forum.models import Post, Thread
from moderation import actions, review, warnings
from moderation.admin_base import RecordAdmin
from moderation.forms import ModerationReasonForm, SuspendForm, WarnForm
from moderation.models import HeldPost, Report, ReportedPost

OPEN = Report.Status.OPEN


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class ModerationActionsMixin:
    """Run an action per selected object, reporting what worked and what was refused."""

    def _run(self, request, objects, perform, *, done: str):
        if not forum_permissions.can_moderate(request.user):
            self.message_user(request, gettext("Only moderators can do this."), messages.ERROR)
            return
        count = 0
        for obj in objects:
            try:
                perform(obj)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{obj}: {_error_text(error)}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"n": count}, messages.SUCCESS)

    def _with_form(self, request, queryset, form_class, *, title, intro, perform, done):
        """An action that asks for a reason (or more) on an intermediate page first."""
        form = form_class(request.POST if "confirm" in request.POST else None)
        summary = ""
        if "confirm" in request.POST and form.is_valid():
            # A form with a summary (a suspension's end) shows it first, to be confirmed
            # as it was shown: a changed form is shown again.
            if not hasattr(form, "summary") or request.POST.get("reviewed") == form.summary():
                self._run(
                    request, list(queryset), lambda obj: perform(obj, form.cleaned_data), done=done
                )
                return None
            summary = form.summary()
        return TemplateResponse(
            request,
            "moderation/admin/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "intro": intro,
                "targets": list(queryset),
                "form": form,
                "summary": summary,
                "action": request.POST.get("action"),
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


class QueueAdmin(ModerationActionsMixin, admin.ModelAdmin):
    """A moderators' queue: read-only rows, decisions made through the actions, and
    visible only to moderators."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # read-only page; decisions are the actions

    def has_view_permission(self, request, obj=None):
        return forum_permissions.can_moderate(request.user)

    def has_module_permission(self, request):
        return forum_permissions.can_moderate(request.user)


def _reasons_of(post) -> str:
    return ", ".join(sorted({report.get_reason_display() for report in post.open_reports}))


@admin.register(ReportedPost)
class ReportQueueAdmin(QueueAdmin):
    """Open reports grouped by post: risk of self-harm first, then automatically hidden
    posts, then the most reported, oldest first."""

    list_display = (
        "excerpt",
        "discussion",
        "community",
        "author_name",
        "report_count",
        "reasons",
        "age",
        "is_hidden",
    )
    list_filter = ("thread__community", "is_hidden", "reports__reason")
    search_fields = ("body", "thread__title", "author__display_name")
    list_select_related = ("thread__community", "author")
    actions = [
        "hide_posts",
        "restore_posts",
        "dismiss_reports",
        "lock_discussions",
        "warn_authors",
        "suspend_authors",
    ]
    fields = ("discussion", "author_name", "body", "is_hidden", "reports_detail")
    readonly_fields = fields
    show_full_result_count = False

    def get_queryset(self, request):
        open_reports = Report.objects.filter(post=OuterRef("pk"), status=OPEN)
        # Not super(): it orders before these annotations exist.
        return (
            self.model._default_manager.filter(Exists(open_reports))
            .annotate(
                open_count=Count("reports", filter=Q(reports__status=OPEN), distinct=True),
                first_reported_at=Min("reports__created_at", filter=Q(reports__status=OPEN)),
                has_self_harm=Exists(open_reports.filter(reason=Report.Reason.SELF_HARM)),
            )
            .prefetch_related(
                Prefetch(
                    "reports",
                    queryset=Report.objects.filter(status=OPEN),
                    to_attr="open_reports",
                )
            )
            .order_by(*self.get_ordering(request))
        )

    def get_ordering(self, request):
        return ["-has_self_harm", "-is_hidden", "-open_count", "first_reported_at", "pk"]

    change_form_template = "moderation/admin/review.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        post = self.get_object(request, object_id)
        extra = review.context(post) if post is not None else {}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    @admin.display(description=_("Post"))
    def excerpt(self, post):
        return post.body[:80] + ("…" if len(post.body) > 80 else "")

    @admin.display(description=_("Discussion"), ordering="thread__title")
    def discussion(self, post):
        return post.thread.title

    @admin.display(description=_("Community"))
    def community(self, post):
        return post.thread.community.name

    @admin.display(description=_("Author"))
    def author_name(self, post):
        return post.author.display_name if post.author else gettext("Former member")

    @admin.display(description=_("Reports"), ordering="open_count")
    def report_count(self, post):
        return post.open_count

    @admin.display(description=_("Reasons"))
    def reasons(self, post):
        return _reasons_of(post)

    @admin.display(description=_("Waiting for"), ordering="first_reported_at")
    def age(self, post):
        return timesince(post.first_reported_at, timezone.now())

    @admin.display(description=_("Reports"))
    def reports_detail(self, post):
        # The reporters' names are not shown: moderators judge the post, not who reported.
        details = []
        for report in post.open_reports:
            detail = report.get_reason_display() + (f": {report.note}" if report.note else "")
            if report.text_as_reported and report.text_as_reported != post.body:
                # Edited since: the moderator judges what the reporter saw.
                detail += " — " + gettext("text when reported: “%(text)s”") % {
                    "text": report.text_as_reported[:300]
                }
            details.append(detail)
        return "; ".join(details)

    @admin.action(description=_("Hide the selected posts"))
    def hide_posts(self, request, queryset):
        return self._with_form(
            request,
            queryset,
            ModerationReasonForm,
            title=_("Hide posts"),
            intro=_("These posts will show as removed by a moderator."),
            perform=lambda post, data: actions.post_hide(
                moderator=request.user, post=post, reason=data["reason"]
            ),
            done=ngettext_lazy("Hid %(n)d post.", "Hid %(n)d posts.", "n"),
        )

    @admin.action(description=_("Restore the selected posts"))
    def restore_posts(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda post: actions.post_restore(moderator=request.user, post=post),
            done=ngettext_lazy("Restored %(n)d post.", "Restored %(n)d posts.", "n"),
        )

    @admin.action(description=_("Dismiss the reports on the selected posts"))
    def dismiss_reports(self, request, queryset):
        return self._with_form(
            request,
            queryset,
            ModerationReasonForm,
            title=_("Dismiss reports"),
            intro=_("The reports will be closed without action."),
            perform=lambda post, data: actions.reports_dismiss(
                moderator=request.user, post=post, reason=data["reason"]
            ),
            done=ngettext_lazy(
                "Dismissed the reports on %(n)d post.", "Dismissed the reports on %(n)d posts.", "n"
            ),
        )

    @admin.action(description=_("Lock the discussions of the selected posts"))
    def lock_discussions(self, request, queryset):
        threads = Thread.objects.filter(pk__in=queryset.order_by().values("thread_id"))
        self._run(
            request,
            threads,
            lambda thread: actions.thread_lock(
                moderator=request.user, thread=thread, locked=True, reason="From the report queue"
            ),
            done=ngettext_lazy("Locked %(n)d discussion.", "Locked %(n)d discussions.", "n"),
        )

    @admin.action(description=_("Warn the authors of the selected posts"))
    def warn_authors(self, request, queryset):
        return self._with_form(
            request,
            queryset.exclude(author=None),
            WarnForm,
            title=_("Warn the authors"),
            intro=_("Each author is told by email and sees a banner until they have read it."),
            perform=lambda post, data: warnings.member_warn(
                moderator=request.user, member=post.author, post=post, reason=data["reason"]
            ),
            done=ngettext_lazy("Warned %(n)d member.", "Warned %(n)d members.", "n"),
        )

    @admin.action(description=_("Suspend the authors of the selected posts"))
    def suspend_authors(self, request, queryset):
        members = User.objects.filter(pk__in=queryset.order_by().values("author_id"))
        return suspend_members(self, request, members)


def suspend_members(model_admin, request, members):
    return model_admin._with_form(
        request,
        members,
        SuspendForm,
        title=_("Suspend members"),
        intro=_(
            "They can still read. They are told by email and on every page, with the end "
            "date, your reason and how to appeal."
        ),
        perform=lambda member, data: actions.member_suspend(
            moderator=request.user, member=member, until=data["end"], reason=data["reason"]
        ),
        done=ngettext_lazy("Suspended %(n)d member.", "Suspended %(n)d members.", "n"),
    )


@admin.register(HeldPost)
class HeldPostAdmin(QueueAdmin):
    list_display = ("excerpt", "discussion", "community", "author_name", "created_at")
    list_select_related = ("thread__community", "author")
    actions = ["approve_posts", "reject_posts"]
    fields = ("thread", "author", "body", "created_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_awaiting_review=True).order_by("created_at")

    excerpt = ReportQueueAdmin.excerpt
    discussion = ReportQueueAdmin.discussion
    community = ReportQueueAdmin.community
    author_name = ReportQueueAdmin.author_name

    @admin.action(description=_("Approve the selected posts"))
    def approve_posts(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda post: actions.held_post_decide(moderator=request.user, post=post, approve=True),
            done=ngettext_lazy("Approved %(n)d post.", "Approved %(n)d posts.", "n"),
        )

    @admin.action(description=_("Reject the selected posts"))
    def reject_posts(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda post: actions.held_post_decide(moderator=request.user, post=post, approve=False),
            done=ngettext_lazy("Rejected %(n)d post.", "Rejected %(n)d posts.", "n"),
        )


@admin.register(Report)
class ReportAdmin(RecordAdmin):
    """Every report, for the record. Read-only: decisions are made in the queue."""

    list_display = ("excerpt", "discussion", "author_name", "reason", "status", "created_at")
    list_filter = ("status", "reason")
    list_select_related = ("post__thread__community", "post__author")
    fields = (
        "post",
        "reason",
        "note",
        "text_as_reported",
        "status",
        "created_at",
        "resolved_by",
        "resolved_at",
    )
    readonly_fields = fields

    @admin.display(description=_("Post"))
    def excerpt(self, report):
        return ReportQueueAdmin.excerpt(self, report.post)

    @admin.display(description=_("Discussion"))
    def discussion(self, report):
        return f"{report.post.thread.title} ({report.post.thread.community.name})"

    @admin.display(description=_("Author"))
    def author_name(self, report):
        return ReportQueueAdmin.author_name(self, report.post)


# The forum's and accounts' own admin pages, with the moderators' actions added. ---------

admin.site.unregister(Thread)
admin.site.unregister(Post)
admin.site.unregister(User)
