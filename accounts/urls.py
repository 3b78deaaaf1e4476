from django.urls import path

from accounts import preference_views, relation_views, views

app_name = "accounts"

urlpatterns = [
    path("terms/", views.terms, name="terms"),
    path("privacy/", views.privacy, name="privacy"),
    path("account/consent/", views.consent, name="consent"),
    path("account/consent/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("account/confirm-email/resend/", views.resend_confirmation, name="resend_confirmation"),
    path("account/export/", views.export, name="export"),
    path("account/delete/", views.erase, name="erase"),
    path("language/", views.language_set, name="language"),
    path("reading-comfort/", preference_views.reading_comfort, name="comfort"),
    path("account/time/", preference_views.member_time, name="time"),
    path("account/break/", preference_views.notifications_break, name="break"),
    path("account/people/", relation_views.people, name="people"),
    path(
        "members/<int:pk>/<str:kind>/",
        relation_views.relation,
        name="relation",
    ),
    path("account/break/end/", preference_views.notifications_break_end, name="break_end"),
]
