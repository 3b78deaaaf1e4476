"""Quoting a post in a reply: its markdown, each line behind "> ", under a line naming
its author and linking the post's own address."""

from django.urls import reverse
from django.utils.translation import gettext as _

from forum.models import Post


def quote_markdown(post: Post) -> str:
    """The reply box's starting text for a quote of this post."""
    name = post.author.display_name if post.author else _("A former member")
    link = reverse("forum:post", args=[post.pk])
    heading = _("%(name)s wrote in [post #%(number)s](%(link)s):") % {
        "name": f"@{name}" if post.author else name,
        "number": post.number,
        "link": link,
    }
    lines = [heading, "", *post.body.strip().splitlines()]
    return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n"
