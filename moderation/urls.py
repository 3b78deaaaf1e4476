from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("verify/", views.verification, name="verification"),
    path(
        "verify/<int:pk>/withdraw/",
        views.verification_withdraw,
        name="verification_withdraw",
    ),
]
