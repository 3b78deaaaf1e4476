"""The languages the forum speaks, and which one to use for a member."""

from django.conf import settings


def is_supported(code: str | None) -> bool:
    return code in dict(settings.LANGUAGES)


def language_of(user) -> str:
    """The language of a member's pages and emails: their own setting while the site
    offers it, else the site's default."""
    code = getattr(user, "language", None)
    return code if is_supported(code) else settings.LANGUAGE_CODE
