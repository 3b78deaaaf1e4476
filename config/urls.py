from django.contrib import admin
from django.urls import include, path

from config import health

admin.site.site_header = "Patient Forum moderation"
admin.site.site_title = "Patient Forum moderation"
admin.site.index_title = "Moderation and administration"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("moderation.urls")),
    path("search/", include("search.urls")),
    path("", include("accounts.urls")),
    path("", include("forum.urls")),
]

handler403 = "config.views.permission_denied"
