from django.urls import path

from forum import (
    draft_views,
    expert_views,
    feeds,
    member_views,
    note_views,
    reaction_views,
    views,
)

app_name = "forum"

urlpatterns = [
    path("", views.home, name="home"),
    path("communities/<slug:slug>/", views.community, name="community"),
    path("communities/<slug:slug>/new/", views.thread_new, name="thread_new"),
    path("discussions/<int:pk>/replies/new/", views.reply, name="reply"),
    path("discussions/<int:pk>/replies/preview/", views.reply_preview, name="reply_preview"),
    path("discussions/<int:pk>/<slug:slug>/", views.thread, name="thread"),
    path("posts/<int:pk>/", views.post_permalink, name="post"),
    path("communities/<slug:slug>/feed/", feeds.community_feed, name="community_feed"),
    path("discussions/<int:pk>/replies/feed/", feeds.thread_feed, name="thread_feed"),
    path("experts/answers/feed/", feeds.expert_answers_feed, name="expert_feed"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/print/", views.post_print, name="post_print"),
    path("posts/<int:pk>/quote/", views.post_quote, name="post_quote"),
    path("posts/<int:pk>/history/", views.post_history, name="post_history"),
    path("posts/<int:pk>/withdraw/", views.post_withdraw, name="post_withdraw"),
    path("members/<int:pk>/", member_views.profile, name="profile"),
    path("following/", member_views.following, name="following"),
    path("experts/waiting/", expert_views.waiting_for_expert, name="waiting_for_expert"),
    path("account/settings/", member_views.account_settings, name="settings"),
    # Three segments: "discussions/<pk>/<slug>/" is a discussion's own address.
    path("discussions/<int:pk>/posts/unread/", views.thread_unread, name="thread_unread"),
    path(
        "discussions/<int:pk>/audience/set/",
        reaction_views.thread_audience,
        name="thread_audience",
    ),
    path(
        "discussions/<int:pk>/follow/delete/",
        reaction_views.thread_unfollow,
        name="thread_unfollow",
    ),
    path(
        "discussions/<int:pk>/follow/level/",
        reaction_views.thread_follow_level,
        name="thread_follow_level",
    ),
    path(
        "communities/<slug:slug>/follow/new/",
        reaction_views.community_follow,
        name="community_follow",
    ),
    path(
        "communities/<slug:slug>/follow/delete/",
        reaction_views.community_unfollow,
        name="community_unfollow",
    ),
    path("posts/<int:pk>/saved/new/", reaction_views.bookmark_create, name="bookmark_create"),
    path("posts/<int:pk>/saved/delete/", reaction_views.bookmark_delete, name="bookmark_delete"),
    path("saved/", member_views.saved, name="saved"),
    path("drafts/", draft_views.draft_list, name="drafts"),
    path("members/suggestions/", draft_views.mention_suggestions, name="mention_suggestions"),
    path("drafts/<int:pk>/delete/", draft_views.draft_delete, name="draft_delete"),
    path("discussions/<int:pk>/replies/draft/", draft_views.reply_draft, name="reply_draft"),
    path("communities/<slug:slug>/new/draft/", draft_views.thread_draft, name="thread_draft"),
    path("posts/<int:pk>/reactions/", reaction_views.reaction_list, name="reactions"),
    path(
        "posts/<int:pk>/reactions/<slug:kind>/new/",
        reaction_views.reaction_create,
        name="reaction_create",
    ),
    path(
        "posts/<int:pk>/reactions/<slug:kind>/delete/",
        reaction_views.reaction_delete,
        name="reaction_delete",
    ),
    path("experts/flags/", note_views.flags, name="clinician_flags"),
    path("discussions/<int:pk>/expert/take/", expert_views.question_take, name="question_take"),
    path(
        "discussions/<int:pk>/expert/release/",
        expert_views.question_release,
        name="question_release",
    ),
    path("posts/<int:pk>/clinician-note/", note_views.note_add, name="clinician_note"),
    path("clinician-notes/<int:pk>/edit/", note_views.note_edit, name="clinician_note_edit"),
    path(
        "posts/<int:pk>/inaccuracy-flags/dismiss/",
        note_views.flags_dismiss,
        name="inaccuracy_flags_dismiss",
    ),
    path("posts/<int:pk>/thanks/new/", reaction_views.thanks_create, name="thanks_create"),
    path("posts/<int:pk>/thanks/delete/", reaction_views.thanks_delete, name="thanks_delete"),
]
