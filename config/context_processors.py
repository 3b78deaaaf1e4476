from django.conf import settings


def site(request):
    """The site's public address (SITE_URL), for canonical links: the same on every page
    whichever host name or proxy a request came through."""
    return {"site_url": settings.SITE_URL.rstrip("/")}
