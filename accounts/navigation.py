"""The navigation bar's parts that are the reader's own: their account links and, at phone
width, the unread count beside the menu button.

Every page shows them, and a member's cached page fills them in on each request
(forum.pagecache), so they are built here in Python: a few microseconds where their
templates took about half a millisecond. tests/accounts/test_navigation.py pins the
markup against the templates they replaced, in each language and for each kind of reader.
Each value put in is escaped here or is one of our own URL paths.
"""

from functools import cache as memoize
from urllib.parse import quote

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _


class LazyCount:
    """A number counted the first time a template uses it (and then kept), that filters
    such as `pluralize` can read as a number: the navigation's badges."""

    def __init__(self, count):
        self._count = count
        self._value = None

    @property
    def value(self) -> int:
        if self._value is None:
            self._value = self._count()
        return self._value

    def __int__(self):
        return self.value

    def __float__(self):
        return float(self.value)

    def __bool__(self):
        return bool(self.value)

    def __str__(self):
        return str(self.value)


@memoize
def _url(name: str) -> str:
    return reverse(name)


@memoize
def _texts(language: str | None) -> dict[str, str]:
    """The labels in one language, escaped: translated once per language and process."""
    return {
        name: escape(text)
        for name, text in {
            "profile": _("Your profile:"),
            "following": _("Following"),
            "saved": _("Saved"),
            "notifications": _("Notifications"),
            "messages": _("Messages"),
            "with_unread": _("with unread messages"),
            "unread_conversations": _("conversations with unread messages"),
            "unread": _("unread"),
            "settings": _("Settings"),
            "moderation": _("Moderation"),
            "experts": _("For clinicians"),
            "waiting": _("waiting for a clinician"),
            "open_reports": _("waiting for a moderator"),
            "sign_out": _("Sign out"),
            "sign_in": _("Sign in"),
            "join": _("Join the community"),
            "unread_notifications": _("unread notifications"),
        }.items()
    }


def csrf_input(context) -> str:
    """What `{% csrf_token %}` writes, for parts built in Python: the hidden field, or
    nothing when the context has no token."""
    token = str(context.get("csrf_token") or "")
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'


def _item(href: str, label: str) -> str:
    return f'<li class="nav-item"><a class="nav-link" href="{href}">{label}</a></li>'


def account_links(context) -> str:
    """Signed in: profile, Following, Saved, Messages (conversations with unread
    messages), Notifications (with the unread count),
    Settings, For clinicians (with what waits for them), Moderation for staff (with what
    waits for them: the moderation home), Sign out. Otherwise: Sign in
    (back to this page) and Join."""
    user = context["user"]
    text = _texts(get_language())
    if not user.is_authenticated:
        request = context.get("request")
        here = quote(request.get_full_path(), safe="/") if request is not None else ""
        return (
            '<ul class="navbar-nav align-items-lg-center">'
            + _item(f"{_url('account_login')}?next={escape(here)}", text["sign_in"])
            + '<li class="nav-item"><a class="btn btn-primary btn-sm ms-lg-2" '
            f'href="{_url("account_signup")}">{text["join"]}</a></li></ul>'
        )
    unread = str(context.get("unread_notifications") or "")
    notifications = text["notifications"]
    if unread:
        notifications += (
            f' <span class="badge rounded-pill text-bg-primary">{escape(unread)}'
            f'<span class="visually-hidden"> {text["unread"]}</span></span>'
        )
    messages = text["messages"]
    if waiting := str(context.get("unread_conversations") or ""):
        messages += (
            f' <span class="badge rounded-pill text-bg-primary">{escape(waiting)}'
            f'<span class="visually-hidden"> {text["with_unread"]}</span></span>'
        )
    parts = [
        '<ul class="navbar-nav align-items-lg-center">',
        _item(
            escape(user.get_absolute_url()),
            f'<span class="visually-hidden">{text["profile"]} </span>'
            f"<bdi>{escape(user.display_name)}</bdi>",
        ),
        _item(_url("forum:following"), text["following"]),
        _item(_url("forum:saved"), text["saved"]),
        _item(_url("conversations:inbox"), messages),
        _item(_url("notifications:list"), notifications),
        _item(_url("forum:settings"), text["settings"]),
    ]
    if user.is_clinician:
        waiting = context.get("expert_desk")
        experts = text["experts"]
        if waiting:
            experts += (
                f' <span class="badge rounded-pill text-bg-info">{int(waiting)}'
                f'<span class="visually-hidden"> {text["waiting"]}</span></span>'
            )
        parts.append(_item(_url("forum:waiting_for_expert"), experts))
    if user.is_staff:
        waiting = context.get("open_reports")
        moderation = text["moderation"]
        if waiting:
            moderation += (
                f' <span class="badge rounded-pill text-bg-warning">{int(waiting)}'
                f'<span class="visually-hidden"> {text["open_reports"]}</span></span>'
            )
        parts.append(_item(_url("admin:index"), moderation))
    csrf = csrf_input(context)
    parts.append(
        '<li class="nav-item">'
        f'<form method="post" action="{_url("account_logout")}" class="d-inline">{csrf}'
        f'<button type="submit" class="btn btn-link nav-link">{text["sign_out"]}</button>'
        "</form></li></ul>"
    )
    return "".join(parts)


def unread_badge(context) -> str:
    """At phone width the menu is folded away: the unread counts (conversations, then
    notifications) show beside its button."""
    user = context["user"]
    if not user.is_authenticated:
        return ""
    text = _texts(get_language())
    out = ""
    if waiting := str(context.get("unread_conversations") or ""):
        out += (
            f'<a class="nav-unread d-md-none ms-auto me-2" href="{_url("conversations:inbox")}">'
            f'<span class="badge rounded-pill text-bg-primary">✉ {escape(waiting)}</span>'
            f'<span class="visually-hidden"> {text["unread_conversations"]}</span></a>'
        )
    if unread := str(context.get("unread_notifications") or ""):
        out += (
            f'<a class="nav-unread d-md-none ms-auto me-2" href="{_url("notifications:list")}">'
            f'<span class="badge rounded-pill text-bg-primary">{escape(unread)}</span>'
            f'<span class="visually-hidden"> {text["unread_notifications"]}</span></a>'
        )
    return out
