"""Snippets of search results: a short window of a post's text as (text, is_match)
parts, so that templates escape every part and mark the matches without ever trusting
the markdown source."""

import re
from typing import NamedTuple

SNIPPET_LENGTH = 280


class Part(NamedTuple):
    text: str
    is_match: bool


def snippet_from_text(text: str, pattern: re.Pattern | None) -> list[Part]:
    """A window of `text` around the first match, split into matched and other parts."""
    text = _plain(text)
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.start() > SNIPPET_LENGTH // 3:
        start = match.start() - SNIPPET_LENGTH // 3
        space = text.find(" ", start, match.start())
        start = space + 1 if space != -1 else start
    stop = start + SNIPPET_LENGTH
    if stop < len(text):
        space = text.rfind(" ", match.end() if match else start, stop)
        stop = space if space != -1 else stop
    window = text[start:stop]
    parts, position = [], 0
    for found in pattern.finditer(window) if pattern else ():
        parts.append(Part(window[position : found.start()], False))
        parts.append(Part(found.group(), True))
        position = found.end()
    parts.append(Part(window[position:], False))
    if start > 0:
        parts.insert(0, Part("… ", False))
    if stop < len(text):
        parts.append(Part(" …", False))
    return _tidy(parts, already_plain=True)


def _plain(text: str) -> str:
    # Snippets read as text: markdown's bold markers and line breaks get in the way.
    return " ".join(text.replace("**", "").split())


def _tidy(parts: list[Part], *, already_plain: bool = False) -> list[Part]:
    """Drop empty parts; bound the length whatever the backend returned (a single
    20,000-character "word" is one word to ts_headline)."""
    tidy, length = [], 0
    for text, is_match in parts:
        if not already_plain:
            text = re.sub(r"\s+", " ", text.replace("**", ""))
        if not text:
            continue
        room = SNIPPET_LENGTH * 2 - length
        if room <= 0:
            break
        if len(text) > room:
            text = text[:room] + "…"
        tidy.append(Part(text, is_match))
        length += len(text)
    return tidy


# Private-use characters mark matches in the databases' highlighted output; removed from
# the text first, so a post cannot forge a highlight.
START, STOP = "\ue000", "\ue001"
HIGHLIGHT = re.compile(f"{START}(.*?){STOP}", re.DOTALL)


def snippet_from_highlighted(headline: str) -> list[Part]:
    """The parts of a database's highlighted fragment (matches between START and STOP)."""
    parts, position = [], 0
    for match in HIGHLIGHT.finditer(headline):
        parts.append(Part(headline[position : match.start()], False))
        parts.append(Part(match.group(1), True))
        position = match.end()
    parts.append(Part(headline[position:], False))
    return _tidy(parts)
