from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="read"),
    path("notifications/read/", views.notifications_read_all, name="read_all"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("account/notifications/", views.preferences, name="preferences"),
    # Three segments: "discussions/<pk>/<slug>/" is a discussion's own address.
    path("discussions/<int:pk>/follow/new/", views.thread_follow, name="thread_follow"),
    path(
        "discussions/<int:pk>/follow/delete/",
        views.thread_unfollow,
        name="thread_unfollow",
    ),
    path("posts/<int:pk>/thanks/new/", views.thanks_create, name="thanks_create"),
    path("posts/<int:pk>/thanks/delete/", views.thanks_delete, name="thanks_delete"),
]
