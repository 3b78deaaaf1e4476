"""The translations stay complete: a new string without its translation (in every
language of settings.LANGUAGES but the default one: French today), an entry left empty
or fuzzy, a compiled catalogue older than its source, or a template text that was never
marked for translation, fails the suite (and so CI).

`makemessages` needs GNU gettext (Debian package `gettext`; `.ci/run` installs it). The
compiled catalogues are committed, so running the site needs none of it.
"""

import ast
import gettext
import re
import shutil
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
# The languages we translate into: every one the site offers but the one we write in.
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# What makemessages reads: our apps, the settings and urls, and the templates.
SOURCES = [
    "accounts",
    "forum",
    "conversations",
    "moderation",
    "notifications",
    "search",
    "config",
    "templates",
]


# A .po file, read just enough to compare it -----------------------------------------


def read_po(path: Path) -> dict[tuple[str | None, str], dict]:
    """Entries by (context, msgid): their plural msgid, translations and flags."""
    entries, entry, key = {}, None, None

    def close():
        if entry and entry["msgid"]:
            entries[(entry["msgctxt"], entry["msgid"])] = entry

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            close()
            entry = None
            continue
        if entry is None:
            entry = {"msgctxt": None, "msgid": None, "plural": None, "msgstr": [], "flags": ""}
        if line.startswith("#,"):
            entry["flags"] += line[2:]
            continue
        if line.startswith("#"):
            continue
        found = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line)
        if found:
            key, text = found.group(1), ast.literal_eval(found.group(2))
            if key.startswith("msgstr"):
                entry["msgstr"].append(text)
            else:
                entry["plural" if key == "msgid_plural" else key] = text
        else:  # a continued string
            text = ast.literal_eval(line)
            if key.startswith("msgstr"):
                entry["msgstr"][-1] += text
            else:
                entry["plural" if key == "msgid_plural" else key] += text
    return entries


def label(key) -> str:
    context, msgid = key
    return f"{context}|{msgid}" if context else msgid


# The scanner: template text that is not marked for translation ----------------------

# Words that are the same in every language.
NOT_TRANSLATED = ["Patient Forum"]
TRANSLATED_BLOCK = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.DOTALL
)
COMMENTS = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)
# Blocks that fill an address or a class attribute, not text.
NOT_TEXT_BLOCKS = re.compile(
    r"{%\s*block (canonical|bodyclass)\s*%}.*?{%\s*endblock(?: \1)?\s*%}", re.DOTALL
)
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)
# Attributes people read (or hear): their values need translating too.
READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label"}


def has_words(text: str) -> bool:
    for word in NOT_TRANSLATED:
        text = text.replace(word, "")
    return re.search(r"[^\W\d_]", text) is not None


class _TextFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        attributes = dict(attrs)
        for name, value in attrs:
            shown = name in READ_ATTRIBUTES or (
                name == "value" and attributes.get("type") in ("submit", "button")
            )
            if shown and value and has_words(value):
                self.found.append(f'{name}="{value.strip()}"')

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and has_words(data):
            self.found.append(" ".join(data.split()))


def untranslated_text(source: str, *, is_html: bool = True) -> list[str]:
    """The visible words of a template that no translation tag covers."""
    source = COMMENTS.sub("", source)
    source = NOT_TEXT_BLOCKS.sub("", source)
    source = TRANSLATED_BLOCK.sub("", source)
    source = TEMPLATE_CODE.sub("", source)  # {% translate %} and every other tag and value
    if not is_html:
        return [line.strip() for line in unescape(source).splitlines() if has_words(line)]
    finder = _TextFinder()
    finder.feed(source)
    finder.close()
    return finder.found


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("<p>Hello there</p>", ["Hello there"]),
        ('<p>{% translate "Hello" %} {{ name }}</p>', []),
        ("<p>{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}</p>", []),
        ('<img alt="A cat" src="{% static "x.png" %}">', ['alt="A cat"']),
        ('<a aria-label="{% translate "Main" %}" title="{{ title }}">·</a>', []),
        ('<input type="submit" value="Send it">', ['value="Send it"']),
        ('<input type="hidden" name="confirm" value="yes">', []),
        ("<span>Patient Forum</span> · {# a note #}", []),
        ("<script>var label = 'not for people';</script>", []),
        ("{% comment %}Only for us{% endcomment %}<b>3 · 4</b>", []),
        ("{% block canonical %}{{ url }}?page=2{% endblock canonical %}", []),
        ("{% block title %}Welcome{% endblock title %}", ["Welcome"]),
    ],
)
def test_the_scanner_finds_words_outside_translation_tags(source, found):
    assert untranslated_text(source) == found


def test_every_template_text_is_marked_for_translation():
    untranslated = {}
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix not in (".html", ".txt"):
                continue
            found = untranslated_text(path.read_text(), is_html=path.suffix == ".html")
            if found:
                untranslated[str(path.relative_to(ROOT))] = found
    assert untranslated == {}


# The catalogue against the code -------------------------------------------------------


def catalogue(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module", params=TRANSLATED)
def extracted(request, tmp_path_factory) -> tuple[str, dict]:
    """A language's catalogue as `makemessages` makes it from the code today, merged with
    the committed one, in a scratch copy of the project (the real one is untouched)."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.fail(
            "The translation check needs GNU gettext (Debian package 'gettext'): "
            "apt-get install gettext"
        )
    language = request.param
    scratch = tmp_path_factory.mktemp("project")
    for name in [*SOURCES, "locale"]:
        shutil.copytree(ROOT / name, scratch / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", scratch)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", f"--locale={language}", "--no-obsolete"],
        cwd=scratch,
        env={
            "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
            "LC_ALL": "C.UTF-8",
            "DJANGO_SETTINGS_MODULE": "config.test_settings",
        },
        check=True,
        capture_output=True,
    )
    return language, read_po(scratch / "locale" / language / "LC_MESSAGES" / "django.po")


def test_every_string_in_the_code_has_its_translation(extracted):
    language, entries = extracted
    problems = {
        label(key): "fuzzy" if "fuzzy" in entry["flags"] else "no translation"
        for key, entry in entries.items()
        if "fuzzy" in entry["flags"] or not all(entry["msgstr"])
    }
    assert problems == {}, f"translate these in {catalogue(language)} (see README)"


def test_the_committed_catalogue_is_the_one_makemessages_makes(extracted):
    language, extracted = extracted
    committed = read_po(catalogue(language))
    assert sorted(map(label, extracted.keys() - committed.keys())) == [], "run makemessages"
    assert sorted(map(label, committed.keys() - extracted.keys())) == [], "stale entries"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_matches_its_source(language):
    """The .mo is committed (the site runs without gettext): it must say what the .po
    says, entry by entry. Read with Python's own gettext, no system tools."""
    with catalogue(language).with_suffix(".mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    # A count that selects each plural form of the language (French: 1, then 2).
    counts = {}
    for n in range(1000):
        counts.setdefault(compiled.plural(n), n)
    stale = []
    for (context, msgid), entry in read_po(catalogue(language)).items():
        if entry["plural"] is None:
            found = [compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)]
        else:
            found = [
                compiled.npgettext(context, msgid, entry["plural"], counts[form])
                if context
                else compiled.ngettext(msgid, entry["plural"], counts[form])
                for form in range(len(entry["msgstr"]))
            ]
        if found != entry["msgstr"]:
            stale.append(label((context, msgid)))
    assert stale == [], "compile it: python manage.py compilemessages (see README)"
