from django.urls import path

from moderation import appeal_views, views

app_name = "moderation"

urlpatterns = [
    path("clinicians/verify/", views.verification, name="verification"),
    path(
        "clinicians/verify/<int:pk>/withdraw/",
        views.verification_withdraw,
        name="verification_withdraw",
    ),
    path("posts/<int:pk>/report/", views.report, name="report"),
    path("account/suspension/", appeal_views.suspension, name="suspension"),
    path("account/warnings/", appeal_views.warnings, name="warnings"),
    path("account/moderators/", appeal_views.messages_from_moderators, name="messages"),
    path("moderation/posts/<int:pk>/reach-out/", appeal_views.reach_out, name="reach_out"),
    path("moderation/duty/", appeal_views.duty, name="duty"),
    path("moderation/posts/<int:pk>/<slug:action>/", views.post_action, name="post_action"),
    path(
        "moderation/discussions/<int:pk>/<slug:action>/",
        views.thread_action,
        name="thread_action",
    ),
]
