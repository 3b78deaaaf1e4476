"""Quoting a post in a reply: its markdown, each line behind "> ", under a line naming
its author and linking the post's own address."""

from html import unescape

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from forum.models import Post

SELECTION_MAX_LENGTH = 5000


def quote_markdown(post: Post, selection: str = "") -> str:
    """The reply box's starting text for a quote of this post: all of it, or only the
    part the reader selected if that part is really the post's text (a selection that is
    not, forged or changed, quotes the whole post: nobody can be made to say what they
    did not write)."""
    name = post.author.display_name if post.author else _("A former member")
    link = reverse("forum:post", args=[post.pk])
    heading = _("%(name)s wrote in [post #%(number)s](%(link)s):") % {
        "name": f"@{name}" if post.author else name,
        "number": post.number,
        "link": link,
    }
    text = post.body.strip()
    selection = selection.strip()[:SELECTION_MAX_LENGTH]
    if selection and _words(selection) and _words(selection) in _words(post_text(post)):
        text = selection
    lines = [heading, "", *text.splitlines()]
    return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n"


def post_text(post: Post) -> str:
    """The post's text as a reader sees and selects it (its rendered HTML, untagged)."""
    return unescape(strip_tags(post.body_html))


def _words(text: str) -> str:
    return " ".join(text.split())
