from django.urls import path

from moderation import appeal_views, message_views, views

app_name = "moderation"

urlpatterns = [
    path("clinicians/verify/", views.verification, name="verification"),
    path(
        "clinicians/verify/<int:pk>/withdraw/",
        views.verification_withdraw,
        name="verification_withdraw",
    ),
    path("posts/<int:pk>/report/", views.report, name="report"),
    path(
        "messages/<int:pk>/report/<int:number>/",
        message_views.report,
        name="message_report",
    ),
    path(
        "moderation/message-reports/<int:pk>/",
        message_views.review,
        name="message_review",
    ),
    path(
        "moderation/message-reports/<int:pk>/<slug:decision>/",
        message_views.decide,
        name="message_decide",
    ),
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
