"""Reading comfort: text size, theme, contrast, font and motion, applied on `<html>`.

Members choose in their settings (saved on their account); visitors in the reading
panel (kept in the `comfort` cookie). Everything is applied on the server, as classes
and stylesheets named in `<head>`: no script runs and nothing flashes. The default theme
follows the device in CSS alone: the dark stylesheet is linked with
`media="(prefers-color-scheme: dark)"`; an explicit light or dark choice links it
unconditionally or not at all.

A cached page is rendered once per `page_variant(request)`, a short string naming every
choice that changes the page; the defaults give the same string for everyone. Whatever
this module puts in a page must derive from that string alone.
"""

from dataclasses import dataclass, replace
from typing import NamedTuple

from accounts.models import User

COOKIE = "comfort"
# A year: a preference, not a session.
COOKIE_MAX_AGE = 365 * 24 * 3600
THEMES = tuple(User.Theme.values)
SIZES = tuple(User.TextSize.values)
# Dark mode when the device asks for it; light high contrast otherwise.
DEVICE_DARK = "(prefers-color-scheme: dark)"
DEVICE_LIGHT = "not all and (prefers-color-scheme: dark)"


class Stylesheet(NamedTuple):
    path: str  # under static/
    media: str = ""


@dataclass(frozen=True)
class Comfort:
    theme: str = User.Theme.AUTO.value
    size: int = User.TextSize.NORMAL.value
    high_contrast: bool = False
    legible_font: bool = False
    reduced_motion: bool = False

    @classmethod
    def of_member(cls, user: User) -> "Comfort":
        return cls(
            theme=user.theme,
            size=user.text_size,
            high_contrast=user.prefers_high_contrast,
            legible_font=user.prefers_legible_font,
            reduced_motion=user.prefers_reduced_motion,
        )

    @classmethod
    def from_cookie(cls, value: str | None) -> "Comfort":
        """Forgiving: what cannot be read (an old or altered cookie) keeps its default."""
        comfort = cls()
        for item in (value or "").split("|"):
            key, _, text = item.partition(":")
            if key == "t" and text in THEMES:
                comfort = replace(comfort, theme=text)
            elif key == "s" and text.isdigit() and int(text) in SIZES:
                comfort = replace(comfort, size=int(text))
            elif key in ("c", "f", "m") and text in ("0", "1"):
                field = {"c": "high_contrast", "f": "legible_font", "m": "reduced_motion"}[key]
                comfort = replace(comfort, **{field: text == "1"})
        return comfort

    def cookie(self) -> str:
        # "|" and ":" are cookie-safe: the value is stored as is, never quoted.
        return (
            f"t:{self.theme}|s:{self.size}|c:{self.high_contrast:d}"
            f"|f:{self.legible_font:d}|m:{self.reduced_motion:d}"
        )

    @property
    def variant(self) -> str:
        return (
            f"t={self.theme};s={self.size};c={self.high_contrast:d};"
            f"f={self.legible_font:d};m={self.reduced_motion:d}"
        )

    @property
    def html_class(self) -> str:
        classes = [f"comfort-theme-{self.theme}", f"comfort-size-{self.size}"]
        if self.high_contrast:
            classes.append("comfort-contrast-high")
        if self.legible_font:
            classes.append("comfort-font-legible")
        if self.reduced_motion:
            classes.append("comfort-motion-reduce")
        return " ".join(classes)

    @property
    def bs_theme(self) -> str:
        """Bootstrap's `data-bs-theme` for an explicit choice; none for the device's."""
        return "" if self.theme == User.Theme.AUTO else self.theme

    @property
    def stylesheets(self) -> list[Stylesheet]:
        """Linked after site.css, in this order (each overrides the one before)."""
        dark = Stylesheet("css/dark.css")
        contrast = Stylesheet("css/contrast.css")
        contrast_dark = Stylesheet("css/contrast-dark.css")
        if self.theme == User.Theme.DARK:
            return [dark, contrast_dark] if self.high_contrast else [dark]
        if self.theme == User.Theme.LIGHT:
            return [contrast] if self.high_contrast else []
        sheets = [dark._replace(media=DEVICE_DARK)]
        if self.high_contrast:
            sheets += [
                contrast._replace(media=DEVICE_LIGHT),
                contrast_dark._replace(media=DEVICE_DARK),
            ]
        return sheets


DEFAULT = Comfort()
_ATTRIBUTE = "_reading_comfort"


def for_request(request) -> Comfort:
    """The choices that apply: a member's saved ones, else the visitor's cookie. The
    member is already loaded by the authentication middleware: no query."""
    found = getattr(request, _ATTRIBUTE, None)
    if found is None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            found = Comfort.of_member(user)
        else:
            found = Comfort.from_cookie(request.COOKIES.get(COOKIE))
        setattr(request, _ATTRIBUTE, found)
    return found


def page_variant(request) -> str:
    """For cache keys: e.g. "t=dark;s=2;c=1;f=0;m=0"; the same for all who chose nothing."""
    return for_request(request).variant


def context_processor(request) -> dict:
    """`comfort`: what base.html puts on `<html>` and in `<head>`."""
    return {"comfort": for_request(request)}
