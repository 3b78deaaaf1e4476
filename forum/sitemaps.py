"""/sitemap.xml: the public communities and the discussions anyone may read, nothing
else (no profiles, no held or hidden discussions, no members-only communities)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from forum.models import Community, Thread


class _SiteSitemap(Sitemap):
    """Addresses under SITE_URL, whichever host name the request used."""

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class CommunitySitemap(_SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Community.objects.visible_to(None).order_by("pk")


class DiscussionSitemap(_SiteSitemap):
    changefreq = "weekly"
    limit = 10000

    def items(self):
        return (
            Thread.objects.visible_to(None)
            .listed()
            .order_by("pk")
            .only("pk", "slug", "last_activity_at")
        )

    def lastmod(self, thread):
        return thread.last_activity_at


SITEMAPS = {"communities": CommunitySitemap, "discussions": DiscussionSitemap}
