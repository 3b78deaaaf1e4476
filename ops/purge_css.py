"""Bootstrap's CSS with only the rules our pages can use: `python ops/purge_css.py`
writes static/vendor/bootstrap/bootstrap.purged.min.css from bootstrap.min.css (the
page loads the purged file; tests/test_assets.py checks it is what this makes today).

A rule stays when one of its selectors names only classes that appear somewhere a class
can come from: our templates, our Python (parts of pages built in Python, form widget
attributes), our scripts, our own CSS, and the templates of the packages that render
forms and account pages (crispy-bootstrap5, allauth). A word that ends in "-" there (a
class put together in a template, `btn-outline-{{ kind }}`) keeps every class it
begins. Generous on purpose: a word anywhere counts, so nothing a page uses is lost;
what goes is Bootstrap's components we never use (modals, carousels, toasts...).
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "static" / "vendor" / "bootstrap" / "bootstrap.min.css"
TARGET = ROOT / "static" / "vendor" / "bootstrap" / "bootstrap.purged.min.css"
APPS = ("accounts", "config", "conversations", "forum", "moderation", "notifications", "search")
WORD = re.compile(r"[A-Za-z0-9_-]+")
CLASS = re.compile(r"\.((?:\\.|[A-Za-z0-9_-])+)")


def _package_templates() -> list[Path]:
    import allauth
    import crispy_bootstrap5

    return [
        *Path(crispy_bootstrap5.__file__).parent.rglob("*.html"),
        *Path(allauth.__file__).parent.rglob("*.html"),
    ]


def sources() -> list[Path]:
    files = [*(ROOT / "templates").rglob("*.html"), *(ROOT / "static" / "js").glob("*.js")]
    files += [*(ROOT / "static" / "css").glob("*.css")]
    for app in APPS:
        files += [path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]
    return files + _package_templates()


def used_words(files) -> tuple[set[str], tuple[str, ...]]:
    words: set[str] = set()
    for path in files:
        words.update(WORD.findall(path.read_text(errors="ignore")))
    prefixes = tuple(sorted(word for word in words if word.endswith("-") and len(word) > 2))
    return words, prefixes


def _blocks(css: str):
    """Top-level (prelude, body) pairs; a statement without a body has body None."""
    index, length = 0, len(css)
    while index < length:
        brace = css.find("{", index)
        semicolon = css.find(";", index)
        if brace == -1 and semicolon == -1:
            return
        if semicolon != -1 and (brace == -1 or semicolon < brace) and css[index] == "@":
            yield css[index : semicolon + 1], None
            index = semicolon + 1
            continue
        depth, end = 0, brace
        while end < length:
            if css[end] == "{":
                depth += 1
            elif css[end] == "}":
                depth -= 1
                if depth == 0:
                    break
            end += 1
        yield css[index:brace], css[brace + 1 : end]
        index = end + 1


def _selectors(prelude: str) -> list[str]:
    """Split a selector list on commas outside parentheses."""
    parts, depth, current = [], 0, ""
    for char in prelude:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _without_not(selector: str) -> str:
    out, index = "", 0
    while (start := selector.find(":not(", index)) != -1:
        out += selector[index:start]
        depth, end = 0, start + 4
        while end < len(selector):
            depth += {"(": 1, ")": -1}.get(selector[end], 0)
            if depth == 0:
                break
            end += 1
        index = end + 1
    return out + selector[index:]


def purge(css: str, words: set[str], prefixes: tuple[str, ...]) -> str:
    def used(selector: str) -> bool:
        # A class inside :not() need not be anywhere for the selector to match.
        selector = _without_not(selector)
        classes = [name.replace("\\", "") for name in CLASS.findall(selector)]
        return all(name in words or name.startswith(prefixes) for name in classes)

    out = []
    for prelude, body in _blocks(css):
        if body is None:
            out.append(prelude)
        elif prelude.startswith(("@media", "@supports", "@container", "@layer")):
            inner = purge(body, words, prefixes)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{body}}}")  # @keyframes, @font-face...
        else:
            kept = [selector for selector in _selectors(prelude) if used(selector)]
            if kept:
                out.append(f"{','.join(kept)}{{{body}}}")
    return "".join(out)


def build() -> str:
    css = SOURCE.read_text()
    header = css[: css.index("*/") + 2] if css.startswith("/*") else ""
    words, prefixes = used_words(sources())
    note = "/* Only the rules this site's pages can use: made by ops/purge_css.py */"
    return f"{header}{purge(css[len(header) :], words, prefixes)}\n{note}\n"


if __name__ == "__main__":
    text = build()
    TARGET.write_text(text)
    print(f"{SOURCE.stat().st_size:,} -> {len(text.encode()):,} bytes: {TARGET}", file=sys.stderr)
