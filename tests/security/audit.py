"""Parser-based checks that a piece of HTML (or a whole page) is safe."""

import re
from html.parser import HTMLParser

DANGEROUS_TAGS = {
    "script", "style", "iframe", "object", "embed", "form", "input", "button", "meta",
    "base", "link", "svg", "math", "img", "video", "audio", "source", "textarea",
    "select", "frame", "frameset", "applet",
}  # fmt: skip
SAFE_URL_PREFIXES = ("http://", "https://", "mailto:", "/", "#", "?")


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html: str):
    parser = _Collect()
    parser.feed(html)
    parser.close()
    return parser.elements


# A URL's scheme as browsers read it (WHATWG URL: a letter, then letters, digits, "+",
# "-" or "."), once tabs, newlines and spaces are dropped: anything else is a relative
# address ('"&#http://x' included), which cannot run script.
SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:")


def _url_is_safe(value: str) -> bool:
    compact = "".join(ch for ch in value if ch > " ").lower()
    return compact.startswith(SAFE_URL_PREFIXES) or not SCHEME.match(compact)


def assert_fragment_safe(html: str) -> None:
    """For member content (post bodies, bios): no dangerous element at all."""
    for tag, attrs in elements(html):
        assert tag not in DANGEROUS_TAGS, (tag, html[:200])
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in {"style", "srcdoc", "formaction", "target", "id"}, (tag, name)
            if name in {"href", "src", "action", "xlink:href"}:
                assert _url_is_safe(value or ""), (tag, name, value)


def assert_page_safe(html: str) -> None:
    """For whole pages: only our own scripts and styles, and no event handlers or
    dangerous URLs anywhere (our templates use none, so any would be injected); a
    button's formaction only to a path of ours."""
    for tag, attrs in elements(html):
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), attrs
        if tag in {"iframe", "object", "embed", "svg", "math", "base", "frame"}:
            raise AssertionError(f"unexpected <{tag}> in page")
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            assert name != "srcdoc", (tag, name)
            if name == "formaction":
                # Our own buttons send their form elsewhere (Preview, Save draft): only
                # to a path of ours.
                assert (value or "").startswith("/") and not value.startswith("//"), value
            if name in {"href", "src", "action", "formaction"}:
                assert _url_is_safe(value or ""), (tag, name, value)
