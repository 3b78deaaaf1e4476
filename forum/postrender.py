"""A discussion's posts as HTML: each post's article, shared, and its footer, the reader's.

Each post's article (author, role badge, dates, text) reads the same for everyone who
may read it. It is rendered from forum/_post.html once, without a request (so it cannot
pick up anything personal), cached under a key made of everything that changes it, and
fetched for a whole page in one round trip; a new shared copy of a discussion
(forum.pagecache) mostly reuses them:

- the post's `version` (every edit, and every clinician note added or changed under it)
  and `render_version` (markup pipeline upgrades);
- its hidden, held and expert-answer flags, and whether the reader sees hidden text
  (moderators do);
- the site-wide version (pagecache.EVERYTHING), bumped when a name or badge changes;
- the release (settings.RELEASE), so a deploy that changes templates never serves old
  markup, and the language and time zone the dates are shown in.

The per-reader footer is built here in Python, about 20 µs a post where a template
include costs about a millisecond. Its markup is this module's alone.
"""

from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum import clinician_notes, pagecache, permissions
from forum.models import Post

TEMPLATE = "forum/_post.html"
# The footer goes where the template leaves this comment (nh3 strips comments from post
# text, and the last occurrence is taken, so a post cannot move it).
ACTIONS = "<!--post-actions-->"
TIMEOUT = 24 * 3600


def _key(post: Post, *, site_version: int, shows_hidden: bool) -> str:
    flags = (
        f"{post.is_hidden:d}{post.is_awaiting_review:d}{post.is_expert_answer:d}"
        f"{shows_hidden and post.is_hidden:d}{post.withdrawn_at is not None:d}"
    )
    variant = f"{translation.get_language()}:{timezone.get_current_timezone_name()}"
    return (
        f"pf:post:{settings.RELEASE}:{variant}:{site_version}:{post.pk}:{post.version}:"
        f"{post.render_version}:{flags}"
    )


def articles(posts: list[Post], *, shows_hidden: bool) -> dict[int, str]:
    """Each post's shared article, by post id: cached ones in one round trip, the rest
    rendered (their text fetched in one query if the caller deferred it) and stored."""
    if not posts:
        return {}
    site_version = pagecache.version(pagecache.EVERYTHING)
    keys = {
        post.pk: _key(post, site_version=site_version, shows_hidden=shows_hidden) for post in posts
    }
    found = cache.get_many(keys.values())
    html = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [post for post in posts if post.pk not in html]
    if missing:
        deferred = [post for post in missing if "body_html" in post.get_deferred_fields()]
        if deferred:
            texts = dict(
                Post.objects.filter(pk__in=[post.pk for post in deferred]).values_list(
                    "pk", "body_html"
                )
            )
            for post in deferred:
                post.body_html = texts[post.pk]
        notes = clinician_notes.notes_by_post(missing)
        template = loader.get_template(TEMPLATE)
        rendered = {}
        for post in missing:
            html[post.pk] = rendered[keys[post.pk]] = template.render(
                {"post": post, "shows_hidden": shows_hidden, "notes": notes.get(post.pk, ())}
            )
        cache.set_many(rendered, TIMEOUT)
    return html


def posts_skeleton(posts: list[Post], *, shows_hidden: bool) -> list[SafeString]:
    """The posts' articles, each footer left as a marker that forum.pagecache fills from
    `footers` for each reader, and markers before and after each for the reader's "new
    since your last visit" divider (forum.readstate) and the fold around a post by a
    member they blocked (`folds`)."""
    shared = articles(posts, shows_hidden=shows_hidden)
    out = []
    for post in posts:
        head, _, tail = shared[post.pk].rpartition(ACTIONS)
        out.append(
            mark_safe(  # noqa: S308 (post ids)
                f"<!--before-post:{post.pk}-->{head}<!--post-actions:{post.pk}-->{tail}"
                f"<!--after-post:{post.pk}-->"
            )
        )
    return out


def folds(posts: list[Post], blocked: set[int]) -> tuple[dict[int, str], dict[int, str]]:
    """What goes before and after each post by a member the reader blocked: the post
    folded in a `<details>` element (no script needed), by post id."""
    if not blocked:
        return {}, {}
    summary = escape(_("You blocked this member. Show the post"))
    opening = f'<details class="blocked-post"><summary>{summary}</summary>'
    folded = [post.pk for post in posts if post.author_id in blocked]
    return dict.fromkeys(folded, opening), dict.fromkeys(folded, "</details>")


def footers(request, posts: list[Post]) -> dict[int, str]:
    """Each post's footer for this reader, by post id (thanks state set by
    forum.reactions.discussion_state)."""
    footer = _Footer(request, is_moderator=permissions.is_moderator(request.user))
    return {post.pk: footer.render(post) for post in posts}


@memoize
def _url_pattern(name: str, *args: str) -> str:
    # reverse() once per URL name; the post id is put in with str.replace. The idea of
    # config.links.link(), kept narrower here: a footer builds a dozen links per post, and
    # the post id alone changes, so a replace (under 1 µs) beats link()'s checks (4–7 µs).
    return reverse(name, args=[987654321, *args])


def _url(name: str, pk: int, *args: str) -> str:
    return _url_pattern(name, *args).replace("987654321", str(pk))


@memoize
def _message_url() -> str:
    return reverse("conversations:new")


def _link(url: str, label: str, hidden: str, extra: str = "") -> str:
    """A footer link, its visible label completed for screen readers."""
    return f'<a href="{url}"{extra}>{label}<span class="visually-hidden"> {hidden}</span></a>'


@memoize
def _texts(language: str | None) -> dict[str, str]:
    """The footer's words in one language, escaped: translated once per language and
    process."""
    return {
        name: escape(text)
        for name, text in {
            "edit": _("Edit"),
            "report": _("Report"),
            "message": _("Message"),
            "to_author": _("to the author of post %(number)s"),
            "thank": _("Thank"),
            "thanked": _("Thanked"),
            "post": _("post %(number)s"),
            "take_back": _("post %(number)s; take the thanks back"),
            "thank_author": _("the author of post %(number)s"),
            "me_too": _("Me too"),
            "support": _("Sending support"),
            "react": _("on post %(number)s"),
            "unreact": _("on post %(number)s; take it back"),
            "save": _("Save"),
            "quote": _("Quote"),
            "history": _("Earlier versions"),
            "withdraw": _("Withdraw"),
            "saved": _("Saved"),
            "unsave": _("post %(number)s; remove it from your saved posts"),
        }.items()
    }


class _Footer:
    """What one reader may do with each post: thank, save, quote, edit, report, moderate."""

    def __init__(self, request, *, is_moderator: bool):
        self.user = permissions.concrete(request.user)
        self.signed_in = self.user.is_authenticated
        self.is_moderator = is_moderator
        self.can_reply = None
        self.csrf = (
            format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
                get_token(request),
            )
            if self.signed_in
            else ""
        )
        self.text = _texts(translation.get_language())

    # Every value put in below is a number, one of our own URL paths or the CSRF field
    # built above: plain formatting is safe, and several times faster than format_html
    # for the twenty posts of a page.
    def render(self, post: Post) -> str:
        parts = []
        if not post.is_hidden and not post.is_awaiting_review:
            parts.append(self._thanks(post))
            parts.append(self._reactions(post))
        text = self.text
        on_post = text["post"] % {"number": f"{post.number:d}"}
        if self.signed_in and not post.is_hidden and not post.is_awaiting_review:
            parts.append(self._save(post))
            if self._can_reply(post):
                parts.append(
                    _link(_url("forum:post_quote", post.pk), text["quote"], on_post, " data-quote")
                )
        if post.version > 1 and self.signed_in and permissions.can_see_history(self.user, post):
            parts.append(_link(_url("forum:post_history", post.pk), text["history"], on_post))
        if self.signed_in and permissions.can_edit_post(self.user, post):
            parts.append(_link(_url("forum:post_edit", post.pk), text["edit"], on_post))
        if self.signed_in and post.author_id == self.user.pk and not post.is_hidden:
            parts.append(_link(_url("forum:post_withdraw", post.pk), text["withdraw"], on_post))
        if self._can_message(post):
            url = f"{_message_url()}?to={post.author_id:d}"
            to_author = text["to_author"] % {"number": f"{post.number:d}"}
            parts.append(_link(url, text["message"], to_author))
        if self.signed_in and post.author_id != self.user.pk and not post.is_hidden:
            parts.append(_link(_url("moderation:report", post.pk), text["report"], on_post))
        if self.is_moderator:
            parts.append(self._moderation(post))
        return "".join(parts)

    def _can_message(self, post: Post) -> bool:
        """Write to the author privately (conversations: whether they accept it is said
        on the next page)."""
        return bool(
            self.signed_in
            and post.author_id
            and post.author_id != self.user.pk
            and not post.is_hidden
            and post.withdrawn_at is None
        )

    def _thanks(self, post: Post) -> str:
        out = ""
        text, number = self.text, {"number": f"{post.number:d}"}
        if getattr(post, "is_thanked", False):
            out = self._toggle(
                _url("forum:thanks_delete", post.pk),
                text["thanked"],
                text["take_back"] % number,
                pressed=True,
            )
        elif getattr(post, "can_thank", False):
            out = self._toggle(
                _url("forum:thanks_create", post.pk),
                text["thank"],
                text["thank_author"] % number,
                pressed=False,
            )
        count = getattr(post, "thanks_count", 0)
        if count:
            label = ngettext("%(count)s thank", "%(count)s thanks", count) % {"count": count}
            out += f'<span class="thanks-count small text-body-secondary">{escape(label)}</span>'
        return out

    def _reactions(self, post: Post) -> str:
        """ "Me too" and "Sending support": buttons for a member who may react, and each
        count (for members, a link to who reacted)."""
        text, number = self.text, {"number": f"{post.number:d}"}
        out = ""
        own = getattr(post, "is_me_too", False) or getattr(post, "is_supporting", False)
        if getattr(post, "can_react", False) or own:
            for kind, label, mine in (
                ("me_too", text["me_too"], getattr(post, "is_me_too", False)),
                ("support", text["support"], getattr(post, "is_supporting", False)),
            ):
                action = "forum:reaction_delete" if mine else "forum:reaction_create"
                hidden = (text["unreact"] if mine else text["react"]) % number
                out += self._toggle(_url(action, post.pk, kind), label, hidden, pressed=mine)
        counts = []
        me_too, support = getattr(post, "me_too_count", 0), getattr(post, "support_count", 0)
        if me_too:
            counts.append(
                ngettext("%(count)s member has this too", "%(count)s members have this too", me_too)
                % {"count": me_too}
            )
        if support:
            counts.append(
                ngettext(
                    "%(count)s member sends support", "%(count)s members send support", support
                )
                % {"count": support}
            )
        if counts:
            label = escape(" · ".join(counts))
            if self.signed_in:  # who reacted: for members, not visitors
                label = f'<a href="{_url("forum:reactions", post.pk)}">{label}</a>'
            out += f'<span class="reaction-counts small text-body-secondary">{label}</span>'
        return out

    def _can_reply(self, post: Post) -> bool:
        # The same for every post of the page: asked once.
        if self.can_reply is None:
            self.can_reply = permissions.can_reply(self.user, post.thread)
        return self.can_reply

    def _save(self, post: Post) -> str:
        text, number = self.text, {"number": f"{post.number:d}"}
        if getattr(post, "is_saved", False):
            return self._toggle(
                _url("forum:bookmark_delete", post.pk),
                text["saved"],
                text["unsave"] % number,
                pressed=True,
            )
        return self._toggle(
            _url("forum:bookmark_create", post.pk),
            text["save"],
            text["post"] % number,
            pressed=False,
        )

    def _toggle(self, url: str, label: str, hidden: str, *, pressed: bool) -> str:
        """A small POST form with one toggle button (thank, react, save)."""
        return (
            f'<form method="post" action="{url}" class="d-inline">{self.csrf}'
            '<button type="submit" class="btn btn-link btn-sm p-0 align-baseline" '
            f'aria-pressed="{"true" if pressed else "false"}">{label}'
            f'<span class="visually-hidden"> {hidden}</span></button></form>'
        )

    def _moderation(self, post: Post) -> str:
        def link(action: str, label: str, hidden_label: bool = True) -> str:
            return format_html(
                '<a href="{}">{}{}</a> ',
                _url("moderation:post_action", post.pk, action),
                label,
                format_html(
                    '<span class="visually-hidden"> {}</span>',
                    _("post %(number)s") % {"number": post.number},
                )
                if hidden_label
                else "",
            )

        if post.is_awaiting_review:
            links = link("approve", _("Approve"), False) + link("reject", _("Reject"), False)
        elif post.is_opening or post.withdrawn_at is not None:
            links = ""  # an author's withdrawal is theirs: not for a moderator to undo
        elif post.is_hidden:
            links = link("restore", _("Restore"))
        else:
            links = link("hide", _("Hide"))
        return format_html('<span class="mod-controls">{}</span>', mark_safe(links))  # noqa: S308
