from django.urls import path

from accounts import views

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
]
