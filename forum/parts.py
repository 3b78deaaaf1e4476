"""A discussion's reader parts that every member's page fills in: the follow levels and
the reply box (see forum.pagecache; `{% reader_part "follow-levels" %}`).

The follow levels are built in Python (tests/forum/test_parts.py pins them against the
template they replaced). The reply box stays a template, but in its usual state (a
member who may reply, an empty box, no preview, no error) it reads the same for every
member but for their CSRF token: it is rendered once per discussion, language and form,
with a stand-in token that each request replaces with its own.
"""

from functools import cache as memoize

from django.template import loader
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.navigation import csrf_input

REPLY_BOX = "forum/_reply_box.html"
# A stand-in CSRF token: letters a token never holds, so it cannot occur by accident.
TOKEN = "~csrf-token~"
MEMO_SIZE = 1024  # discussions; about 2 KB each


@memoize
def _texts(language: str | None) -> dict[str, str]:
    return {
        name: escape(text)
        for name, text in {
            "label": _("Notifications for this discussion:"),
            2: _("Watching"),
            1: _("Normal"),
            0: _("Muted"),
            "help-2": _("You are notified of every new reply."),
            "help-0": _(
                "You are notified of nothing here, not even mentions, and it never shows as new."
            ),
            "help-1": _(
                "You are notified only when someone mentions you or an expert answers your "
                "question."
            ),
        }.items()
    }


def follow_levels(context) -> str:
    """Watching / Normal / Muted for a signed-in member (thread.follow_level is set by
    forum.reactions.discussion_state)."""
    if not context["user"].is_authenticated:
        return ""
    thread = context["thread"]
    level = thread.follow_level
    text = _texts(get_language())
    url = reverse("forum:thread_follow_level", args=[thread.pk])
    buttons = "".join(
        f'<button type="submit" name="level" value="{value}" class="btn '
        f'{"btn-primary" if level == value else "btn-outline-primary"}" '
        f'aria-pressed="{"true" if level == value else "false"}">{text[value]}</button>'
        for value in (2, 1, 0)
    )
    help_text = text["help-2"] if level == 2 else text["help-0"] if level == 0 else text["help-1"]
    return (
        f'<form method="post" action="{url}" class="follow-form mt-2">{csrf_input(context)}'
        '<div class="d-flex flex-wrap align-items-center gap-2">'
        f'<span class="small fw-semibold" id="follow-level-label">{text["label"]}</span>'
        '<div class="btn-group btn-group-sm" role="group" '
        f'aria-labelledby="follow-level-label">{buttons}</div></div>'
        f'<p class="small text-body-secondary mb-0 mt-1">{help_text}</p></form>'
    )


_reply_boxes: dict[tuple, str] = {}


def reply_box(context) -> str:
    """The reply box (forum/_reply_box.html) for this reader, from the memo when it is
    in its usual state."""
    template = loader.get_template(REPLY_BOX).template
    form = context.get("reply_form")
    usual = (
        form is not None
        and not form.is_bound
        and not form.initial
        and context.get("can_reply")
        and not context.get("needs_confirmation")
        and not context.get("reply_preview")
        and not context.get("personal_data")
        and not context.get("crisis_help")
    )
    if not usual:
        with context.push():
            return template.render(context)
    key = (get_language(), context["thread"].pk, type(form), tuple(form.fields))
    html = _reply_boxes.get(key)
    if html is None:
        with context.push(csrf_token=TOKEN):
            html = template.render(context)
        if len(_reply_boxes) >= MEMO_SIZE:
            _reply_boxes.clear()  # the busy discussions come back at once
        _reply_boxes[key] = html
    return html.replace(TOKEN, escape(str(context.get("csrf_token") or "")))
