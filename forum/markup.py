"""The one place where member-typed markdown becomes HTML.

markdown source -> Python-Markdown (a small, safe set of extensions; bare URLs linked)
-> @mentions of existing members become profile links -> nh3 with an explicit allowlist
-> stored on the post with RENDER_VERSION. Templates print only what this returns.

Python-Markdown does not sanitise (it happily emits `javascript:` links and raw HTML), so
the sanitiser runs on its *output*. It is also quadratic on runs of "[", so `validate`
must pass before `render` is called on anything a member typed.
"""

import re
import secrets
import threading
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import markdown
import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from accounts import names, relations
from accounts.models import User
from config.links import link

# Bump when the pipeline's output changes; `manage.py rerender_posts` brings old rows up.
# 2: bidi controls removed; `class="mention"` only from the mention renderer.
# 3: no mention inside a link, nor in an address (https://example.org/@name).
RENDER_VERSION = 3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "del", "s", "sup", "sub", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
MENTION_CLASS = "mention"
# Bidi embeddings, overrides and isolates: in a post they can reverse the text of a link
# ("moc.elgoog" shown for a link elsewhere) or of a dose. Marks (U+200E, U+200F), which
# only help neighbouring text read in its own direction, are kept.
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"

# "@" not preceded by a word character (so emails are not mentions) or a "/" (an address
# such as https://example.org/@name stays one link), then up to three words
# of a display name; the handler picks the longest run that names a real member.
MENTION_RE = r"(?<![\w@/])@([^\W_][\w.!\-]*(?: [^\W_][\w.!\-]*){0,2})"
_MENTION = re.compile(MENTION_RE)


# Python-Markdown recurses once per nested list level ("1. 1. 1. …", "- - - …"); before
# 3.11.4 a few thousand levels exhausted the stack (it now stops nesting near the limit,
# after hundreds of levels). Deep list nesting is refused before rendering either way.
MAX_NESTING = 20
_TOO_DEEP = re.compile(
    r"^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+){" + str(MAX_NESTING + 1) + ",}", re.MULTILINE
)


@dataclass
class Rendered:
    html: str
    mentioned_user_ids: list[int] = field(default_factory=list)


class _Mentions:
    """What one render knows of mentions: members by uniqueness key (pk, display name),
    the ids it linked, and the one-off class it marks its links with."""

    def __init__(self):
        self.begin({}, [], "")

    def begin(self, members: dict, found: list[int], mention_class: str) -> None:
        self.members, self.found, self.mention_class = members, found, mention_class


class _MentionProcessor(InlineProcessor):
    def __init__(self, pattern, md, mentions: _Mentions):
        super().__init__(pattern, md)
        self.mentions = mentions

    def handleMatch(self, m, data):
        words = m.group(1).split(" ")
        for count in range(len(words), 0, -1):
            candidate = " ".join(words[:count])
            while candidate:
                member = self.mentions.members.get(names.uniqueness_key(candidate))
                if member:
                    pk, display_name = member
                    el = etree.Element("a")
                    el.set("href", link("forum:profile", pk=pk))
                    el.set("class", self.mentions.mention_class)
                    el.set(MEMBER_ATTRIBUTE, str(pk))  # read, then dropped, by _SettleMentions
                    el.text = f"@{display_name}"
                    return el, m.start(0), m.start(1) + len(candidate)
                if candidate[-1] not in ".!-":
                    break
                candidate = candidate[:-1]  # "@karm!nR." at the end of a sentence
        return None, None, None


MEMBER_ATTRIBUTE = "data-member"


class _SettleMentions(Treeprocessor):
    """After the inline patterns: a mention inside a link (`[thanks @Ondine](…)`) stays
    the link's text, as a link cannot hold another; the others are the post's mentions,
    in order."""

    def __init__(self, md, mentions: _Mentions):
        super().__init__(md)
        self.mentions = mentions

    def run(self, root):
        self._settle(root, inside_link=False)

    def _settle(self, parent, inside_link: bool) -> None:
        index = 0
        while index < len(parent):
            child = parent[index]
            member = child.attrib.pop(MEMBER_ATTRIBUTE, None) if child.tag == "a" else None
            if member is not None and inside_link:
                _unwrap(parent, index)  # its content takes its place, and is looked at next
                continue
            if member is not None and int(member) not in self.mentions.found:
                self.mentions.found.append(int(member))
            self._settle(child, inside_link or child.tag == "a")
            index += 1


def _unwrap(parent, index: int) -> None:
    """Replace parent[index] by its text and children, in place."""
    child = parent[index]
    _add_text(parent, index, child.text)
    children = list(child)
    for offset, grandchild in enumerate(children, start=1):
        parent.insert(index + offset, grandchild)
    if children:
        children[-1].tail = (children[-1].tail or "") + (child.tail or "")
    else:
        _add_text(parent, index, child.tail)
    parent.remove(child)


def _add_text(parent, index: int, text: str | None) -> None:
    """Text placed just before parent[index]."""
    if not text:
        return
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        before = parent[index - 1]
        before.tail = (before.tail or "") + text


class _ShiftHeadings(Treeprocessor):
    """Post headings start at h3: the page owns h1 (its title) and h2 (its sections)."""

    def run(self, root):
        for el in root.iter():
            if el.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                el.tag = f"h{min(int(el.tag[1]) + 2, 6)}"


class _ForumExtension(Extension):
    def __init__(self, mentions: _Mentions):
        super().__init__()
        self.mentions = mentions

    def extendMarkdown(self, md):
        # After links and bare addresses (magiclink, 85): an address stays whole, and a
        # mention inside a link's text is left to _SettleMentions.
        mentions = _MentionProcessor(MENTION_RE, md, self.mentions)
        md.inlinePatterns.register(mentions, "mention", 84)
        md.treeprocessors.register(_SettleMentions(md, self.mentions), "mentions", 6)
        md.treeprocessors.register(_ShiftHeadings(md), "shift_headings", 5)


def mention_candidates(source: str) -> set[str]:
    """Every uniqueness key an @mention in the source could refer to."""
    keys = set()
    for match in _MENTION.finditer(source):
        words = match.group(1).split(" ")
        for count in range(1, len(words) + 1):
            candidate = " ".join(words[:count])
            keys.add(names.uniqueness_key(candidate))
            keys.add(names.uniqueness_key(candidate.rstrip(".!-")))
    keys.discard("")
    return keys


# Where an "@name" is never a mention, left out when mentions are counted (a quoted post
# full of addresses and code is not refused for them): fenced code, inline code, a link's
# text and address, a bare address (each within one line, or one fenced block).
_NEVER_MENTIONS = re.compile(
    r"^[ \t]*(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^[ \t]*(?P=fence)[`~]*[ \t]*$"
    r"|`[^`\n]+`"
    r"|\[[^\]\n]*\]\([^)\s]*\)"
    r"|(?:https?://|www\.)[^\s<>]+",
    re.MULTILINE | re.DOTALL,
)


def _number(value: int) -> str:
    """20,000 in English, 20 000 in French."""
    return formats.number_format(value, force_grouping=True)


def validate(source: str) -> None:
    """Refuse what would be too long or too slow to render, with the numbers."""
    errors = []
    limit = settings.FORUM_POST_MAX_LENGTH
    if len(source) > limit:
        errors.append(
            ValidationError(
                _(
                    "Your text is %(length)s characters; the limit is %(limit)s. Shorten it "
                    "by %(excess)s characters or split it into two posts."
                )
                % {
                    "length": _number(len(source)),
                    "limit": _number(limit),
                    "excess": _number(len(source) - limit),
                },
                code="too_long",
            )
        )
    brackets = source.count("[")
    if brackets > settings.FORUM_POST_MAX_BRACKETS:
        errors.append(
            ValidationError(
                _(
                    "Your text has %(count)s square brackets “[”; the limit is %(limit)s. "
                    "Please remove some."
                )
                % {
                    "count": _number(brackets),
                    "limit": _number(settings.FORUM_POST_MAX_BRACKETS),
                },
                code="too_many_brackets",
            )
        )
    if _TOO_DEEP.search(source):
        errors.append(
            ValidationError(
                _(
                    "Your text nests lists more than %(levels)d levels deep on one line. "
                    "Please simplify it."
                )
                % {"levels": MAX_NESTING},
                code="too_deep",
            )
        )
    counted = _NEVER_MENTIONS.sub(" ", source)
    mentions = {m.group(1).split(" ")[0].casefold() for m in _MENTION.finditer(counted)}
    if len(mentions) > settings.FORUM_POST_MAX_MENTIONS:
        errors.append(
            ValidationError(
                _(
                    "Your text mentions %(count)d names; you can mention at most %(limit)d "
                    "people in one post."
                )
                % {"count": len(mentions), "limit": settings.FORUM_POST_MAX_MENTIONS},
                code="too_many_mentions",
            )
        )
    if errors:
        raise ValidationError(errors)


_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    """Keep only URLs that are relative or use an allowed scheme. Browsers remove tabs and
    newlines inside a URL, so `jav<TAB>ascript:` runs as `javascript:` although a URL
    parser sees no scheme; and anything with a colon before the first / ? or # is
    treated as a scheme, allowed or dropped, never left to a browser's interpretation."""
    if attribute not in {"href", "src"}:
        return value
    compact = _URL_NOISE.sub("", value)
    first_segment = re.split(r"[/?#]", compact, maxsplit=1)[0]
    if ":" in first_segment:
        scheme = first_segment.split(":", 1)[0].lower()
        if scheme not in URL_SCHEMES:
            return None
    return value


def sanitize(html: str, *, mention_class: str | None = None) -> str:
    """nh3 with our allowlist. While rendering, the only class that survives is the
    one-off class the mention renderer used for this render, made `mention` afterwards:
    raw HTML that writes `class="mention"` itself loses it, and cannot pass for a real
    mention. Without `mention_class`, HTML this module already made passes unchanged."""
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes={"a": {mention_class or MENTION_CLASS}},
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )
    if mention_class:
        html = html.replace(f'class="{mention_class}"', f'class="{MENTION_CLASS}"')
    return html


def render(source: str, *, author_id: int | None = None) -> Rendered:
    """Markdown to safe HTML, resolving @mentions with one query. A member who blocked
    the author is not mentioned: their name stays plain text, and they are not told."""
    candidates = mention_candidates(source)
    members = {}
    if candidates:
        named = User.objects.filter(display_name_key__in=candidates, is_active=True)
        if author_id is not None:
            named = named.exclude(relations.blocking(author_id))
        members = {
            key: (pk, name)
            for pk, name, key in named.values_list("pk", "display_name", "display_name_key")
        }
    found: list[int] = []
    source = source.translate(BIDI_CONTROLS)
    mention_class = f"m{secrets.token_hex(8)}"
    try:
        html = _markdown(source, members, found, mention_class)
    except RecursionError:
        # validate() refuses what we know to be this deep; anything else still renders,
        # as plain escaped text rather than an error, and mentions no one.
        html = "<p>" + nh3.clean_text(source) + "</p>"
        found.clear()
    return Rendered(html=sanitize(html, mention_class=mention_class), mentioned_user_ids=found)


class _PerThread(threading.local):
    """One Markdown converter per thread, reused: building one (its extensions, their
    patterns) costs more than converting a short reply (0.4 ms against 0.1)."""

    converter: markdown.Markdown | None = None
    mentions: _Mentions


_per_thread = _PerThread()


def _markdown(source: str, members: dict, found: list[int], mention_class: str) -> str:
    if _per_thread.converter is None:
        _per_thread.mentions = _Mentions()
        _per_thread.converter = markdown.Markdown(
            extensions=[
                "fenced_code",
                "tables",
                "sane_lists",
                "pymdownx.magiclink",
                _ForumExtension(_per_thread.mentions),
            ],
            extension_configs={
                "tables": {"use_align_attribute": True},
                "pymdownx.magiclink": {"hide_protocol": False, "repo_url_shortener": False},
            },
            output_format="html",
        )
    converter = _per_thread.converter
    _per_thread.mentions.begin(members, found, mention_class)
    try:
        return converter.convert(source)
    except BaseException:
        _per_thread.converter = None  # whatever state a failed conversion left is not reused
        raise
    finally:
        converter.reset()
        _per_thread.mentions.begin({}, [], "")
