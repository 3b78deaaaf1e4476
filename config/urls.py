from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config import health, views
from forum.sitemaps import SITEMAPS

admin.site.site_header = _("Patient Forum moderation")
admin.site.site_title = _("Patient Forum moderation")
admin.site.index_title = _("Moderation and administration")
# Staff sign in through the site's own (rate-limited) sign-in page, not the admin's form.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("moderation.urls")),
    path("search/", include("search.urls")),
    path("", include("accounts.urls")),
    path("", include("notifications.urls")),
    path("", include("conversations.urls")),
    path("", include("forum.urls")),
]

handler403 = "config.views.permission_denied"
handler500 = "config.views.server_error"
