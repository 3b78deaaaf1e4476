from functools import partial

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext, ngettext

from forum import expert_desk, pagecache
from forum.models import Community, Post, Thread

MEDIAN_DAYS = 90


def _invalidate_on_commit(**versions) -> None:
    transaction.on_commit(partial(pagecache.bump, **versions))


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position", "is_public", "experts_answer", "thread_count")
    list_editable = ("position", "is_public", "experts_answer")
    list_filter = ("is_public", "experts_answer")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("thread_count",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A community's name and visibility show on every page that lists it.
        _invalidate_on_commit(community_slugs=[obj.slug], everything=True)


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "community",
        "author",
        "created_at",
        "last_activity_at",
        "reply_count",
        "is_pinned",
        "is_locked",
        "is_hidden",
        "has_expert_answer",
    )
    list_filter = ("community", "is_pinned", "is_locked", "is_hidden", "has_expert_answer")
    search_fields = ("title", "author__display_name")
    list_select_related = ("community", "author")
    raw_id_fields = ("author",)
    # Moving or hiding changes counters: those go through forum.services, not a raw edit.
    readonly_fields = (
        "community",
        "is_hidden",
        "created_at",
        "last_activity_at",
        "reply_count",
        "view_count",
        "last_post_number",
        "has_expert_answer",
    )
    date_hierarchy = "created_at"
    show_full_result_count = False

    def changelist_view(self, request, extra_context=None):
        # How long members wait for a clinician: the figure to watch for expert questions.
        wait, count = expert_desk.median_wait_for_expert(days=MEDIAN_DAYS)
        if wait is not None:
            subtitle = ngettext(
                "Median time to a first expert answer over the last %(days)d days: "
                "%(wait)s (%(count)d question answered)",
                "Median time to a first expert answer over the last %(days)d days: "
                "%(wait)s (%(count)d questions answered)",
                count,
            ) % {"days": MEDIAN_DAYS, "wait": expert_desk.wait_label(wait), "count": count}
        else:
            subtitle = gettext(
                "No question for an expert was answered in the last %(days)d days."
            ) % {"days": MEDIAN_DAYS}
        return super().changelist_view(request, {"subtitle": subtitle, **(extra_context or {})})

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Title, lock and pin show on the discussion's pages and in lists; the reply
        # box follows the lock.
        _invalidate_on_commit(thread_ids=[obj.pk], community_slugs=[obj.community.slug])


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("__str__", "thread", "author", "created_at", "edited_at", "is_hidden")
    list_filter = (
        "is_hidden",
        ("withdrawn_at", admin.EmptyFieldListFilter),
        "is_expert_answer",
        "thread__community",
    )
    search_fields = ("thread__title", "author__display_name")
    list_select_related = ("thread", "author")
    # The markdown source is shown as text (escaped by the admin); the HTML is never
    # shown unescaped here.
    fields = (
        "thread",
        "author",
        "number",
        "body",
        "created_at",
        "edited_at",
        "is_hidden",
        "withdrawn_at",
    )
    readonly_fields = fields
    show_full_result_count = False
