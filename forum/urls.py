from django.urls import path

from forum import member_views, reaction_views, views

app_name = "forum"

urlpatterns = [
    path("", views.home, name="home"),
    path("communities/<slug:slug>/", views.community, name="community"),
    path("communities/<slug:slug>/new/", views.thread_new, name="thread_new"),
    path("discussions/<int:pk>/replies/new/", views.reply, name="reply"),
    path("discussions/<int:pk>/<slug:slug>/", views.thread, name="thread"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("members/<int:pk>/", member_views.profile, name="profile"),
    path("experts/waiting/", member_views.waiting_for_expert, name="waiting_for_expert"),
    path("account/settings/", member_views.account_settings, name="settings"),
    # Three segments: "discussions/<pk>/<slug>/" is a discussion's own address.
    path("discussions/<int:pk>/follow/new/", reaction_views.thread_follow, name="thread_follow"),
    path(
        "discussions/<int:pk>/follow/delete/",
        reaction_views.thread_unfollow,
        name="thread_unfollow",
    ),
    path("posts/<int:pk>/thanks/new/", reaction_views.thanks_create, name="thanks_create"),
    path("posts/<int:pk>/thanks/delete/", reaction_views.thanks_delete, name="thanks_delete"),
]
