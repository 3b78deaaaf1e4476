from django.urls import path

from conversations import views

app_name = "conversations"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/new/", views.start, name="new"),
    path("messages/<int:pk>/", views.conversation, name="conversation"),
    path("messages/<int:pk>/send/", views.send, name="send"),
    path("messages/<int:pk>/leave/", views.leave, name="leave"),
]
