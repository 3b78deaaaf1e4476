"""What a member typed, read the way PostgreSQL's `websearch_to_tsquery` reads it:
words must all appear, "quoted words" form a phrase, a leading minus leaves a word or a
phrase out, and `or` between words accepts either side.

PostgreSQL is given the text itself; this reading serves the fallback backend, the
highlighting of its snippets, and, on both databases, the check that a search has at
least one word to look for. It never fails: any punctuation is a separator, an
unbalanced quote runs to the end of the text.
"""

import re
from dataclasses import dataclass

WORD = re.compile(r"\w+")
CHUNK = re.compile(r'[^\s"]+')
# Bounds the SQL the fallback builds (each term is a LIKE on title and body).
MAX_TERMS = 16


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    is_phrase: bool = False
    is_excluded: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class ParsedQuery:
    # Alternatives separated by `or`; within one, every term applies.
    groups: tuple[tuple[Term, ...], ...]

    @property
    def has_words(self) -> bool:
        """At least one word to look for: a search made only of exclusions would
        match nearly every post."""
        return bool(self.wanted_terms())

    def wanted_terms(self) -> list[Term]:
        return [term for group in self.groups for term in group if not term.is_excluded]

    def highlight_pattern(self) -> re.Pattern | None:
        """Matches what the fallback matched: phrases whole, other words one by one."""
        pieces = set()
        for term in self.wanted_terms():
            if term.is_phrase:
                pieces.add(r"\s+".join(re.escape(word) for word in term.words))
            else:
                pieces.update(re.escape(word) for word in term.words)
        if not pieces:
            return None
        # Longest first, so "therapy" wins over "the" where both start.
        ordered = sorted(pieces, key=len, reverse=True)
        return re.compile("|".join(ordered), re.IGNORECASE)


def parse(text: str) -> ParsedQuery:
    groups: list[tuple[Term, ...]] = []
    current: list[Term] = []
    count = 0
    i, end = 0, len(text)
    while i < end and count < MAX_TERMS:
        if text[i].isspace():
            i += 1
            continue
        is_excluded = text[i] == "-" and i + 1 < end and not text[i + 1].isspace()
        if is_excluded:
            i += 1
        if text[i] == '"':
            close = text.find('"', i + 1)
            close = end if close == -1 else close
            words = tuple(WORD.findall(text[i + 1 : close]))
            i = close + 1
            if words:
                current.append(Term(words, is_phrase=True, is_excluded=is_excluded))
                count += 1
            continue
        chunk = CHUNK.match(text, i)
        i = chunk.end()
        if chunk.group().lower() == "or" and not is_excluded:
            if current:  # a leading "or" joins nothing; PostgreSQL drops it too
                groups.append(tuple(current))
                current = []
            continue
        words = tuple(WORD.findall(chunk.group()))
        if words:
            current.append(Term(words, is_excluded=is_excluded))
            count += 1
    if current:
        groups.append(tuple(current))
    return ParsedQuery(groups=tuple(groups))
