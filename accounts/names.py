"""Display names: the pseudonym every page shows. One rule, used by every form and the model."""

import re
import unicodedata
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MIN_LENGTH = 3
MAX_LENGTH = 30

# Letters (any script), digits and . _ - ! ; words separated by single spaces; starts with a
# letter or a digit. Bidi controls, zero-width and other invisible characters are not letters,
# so they are refused by this pattern alone.
ALLOWED = re.compile(r"[^\W_](?:[\w.!\-]| (?=[\w.!\-]))*")


def _rule() -> str:
    return gettext(
        "%(min)d to %(max)d characters: letters, digits, and . _ - ! with single spaces "
        "between words, starting with a letter or a digit."
    ) % {"min": MIN_LENGTH, "max": MAX_LENGTH}


# In the reader's language, whenever it is shown.
RULE = lazy(_rule, str)()

RESERVED_PREFIXES = ("admin", "moderat", "staff", "support", "official", "system")
# Words that claim a role of the site, refused anywhere in a name ("Verified clinician",
# "Anna the moderator"); compared by skeleton, so look-alike letters do not get through.
RESERVED_WORDS = {
    "admin",
    "administrator",
    "moderator",
    "moderators",
    "mod",
    "staff",
    "official",
    "verified",
    "clinician",
    "expert",
    "formermember",
}
RESERVED = {
    "root",
    "help",
    "team",
    "clinician",
    "doctor",
    "expert",
    "patientforum",
    "anonymous",
    "formermember",
    "former",
    "deleted",
    "null",
    "none",
}

# Titles that claim a clinical role: "Dr. X", "Dr_X", "DrX", "Prof X", "X MD", "Nurse X"…
CLINICAL_TITLE = re.compile(
    r"^(?:(?i:dr|doc|doctor|prof|professor|nurse)(?:[\s._!\-]|(?<=[rR])[A-Z0-9]))"
    r"|[\s._!\-](?i:md|do|rn|np|phd|pharmd|dds)$"
)


def normalize(value: str) -> str:
    """The form we store and compare: NFKC (so full-width and ligature look-alikes fold)."""
    return unicodedata.normalize("NFKC", value).strip()


def uniqueness_key(value: str) -> str:
    """Two names with the same key are the same name: case- and compatibility-insensitive."""
    return normalize(value).casefold()


def _letters(value: str) -> str:
    return re.sub(r"[\s._!\-]", "", uniqueness_key(value))


# Look-alikes within ASCII itself (Unicode TS #39 maps these to one prototype).
ASCII_LOOKALIKES = str.maketrans({"I": "l", "1": "l", "|": "l", "0": "o"})
ASCII_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"))
SEPARATORS = re.compile(r"[\s._!\-]")


@lru_cache(maxsize=4096)
def _latin_lookalike(char: str) -> str:
    """The ASCII letter or digit that `char` (of another script) is confusable with, per
    Unicode's confusables data; the character itself when there is none."""
    if char.isascii():
        return char
    # Imported when first needed: its Unicode tables take about 6 MB in every worker that
    # loads them, and most requests never check a name.
    from confusable_homoglyphs import confusables

    found = confusables.is_confusable(char, greedy=True, preferred_aliases=["latin"])
    for entry in found or ():
        for glyph in entry["homoglyphs"]:
            if len(glyph["c"]) == 1 and glyph["c"].isascii() and glyph["c"].isalnum():
                return glyph["c"]
    return char


def skeleton(value: str) -> str:
    """What a name looks like, after Unicode TS #39's idea of a skeleton: two names with
    the same skeleton can be told apart by no reader. Compatibility forms folded, accents
    dropped, every character replaced by its Latin look-alike, ASCII look-alikes (I, l,
    1; rn, m) made one, case and separators ignored."""
    text = unicodedata.normalize("NFKC", value)
    text = "".join(_latin_lookalike(char) for char in unicodedata.normalize("NFD", text))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = SEPARATORS.sub("", text.translate(ASCII_LOOKALIKES)).casefold()
    for pair, single in ASCII_PAIRS:
        text = text.replace(pair, single)
    return text


# Scripts that are written together in one name (Japanese); any other mix is refused.
SCRIPTS_WRITTEN_TOGETHER = ({"HAN", "HIRAGANA", "KATAKANA"}, {"HAN", "HANGUL"})


def scripts(value: str) -> set[str]:
    from confusable_homoglyphs import categories  # as above: only where names are checked

    return categories.unique_aliases(value) - {"COMMON", "INHERITED"}


def is_single_script(value: str) -> bool:
    found = scripts(value)
    return len(found) <= 1 or any(found <= group for group in SCRIPTS_WRITTEN_TOGETHER)


# A name must not say who someone is: no email address, no web address, no phone number.
EMAIL_LIKE = re.compile(
    r"\.(?:com|org|net|fr|de|uk|es|it|be|ch|ca|nl|eu|io|info|co)$"
    r"|gmail|googlemail|hotmail|outlook|yahoo|icloud|protonmail|wanadoo|laposte",
    re.IGNORECASE,
)
PHONE_DIGITS = 7


def validate_display_name(value: str, *, may_use_clinical_title: bool = False) -> str:
    """Return the normalised name or raise ValidationError with a message that says why."""
    name = normalize(value)
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        raise ValidationError(
            _("Your display name has %(length)d characters; use %(rule)s"),
            code="length",
            params={"length": len(name), "rule": RULE},
        )
    if not ALLOWED.fullmatch(name):
        raise ValidationError(
            _("That display name has characters we don't allow. Use %(rule)s"),
            code="charset",
            params={"rule": RULE},
        )
    if not is_single_script(name):
        raise ValidationError(
            _(
                "Please write your display name in one alphabet: letters from different "
                "alphabets (such as Latin and Cyrillic) can make it look like someone "
                "else's."
            ),
            code="mixed_script",
        )
    if EMAIL_LIKE.search(name) or sum(char.isdigit() for char in name) >= PHONE_DIGITS:
        raise ValidationError(
            _(
                "A display name that is an email address, a web address or a phone number "
                "tells everyone who you are. Please choose a pseudonym."
            ),
            code="identifying",
        )
    letters = _letters(name)
    words = {skeleton(word) for word in name.split()} | {skeleton(name)}
    reserved = {skeleton(word) for word in RESERVED_WORDS | RESERVED}
    prefixes = tuple(skeleton(prefix) for prefix in RESERVED_PREFIXES)
    if (
        letters in RESERVED
        or letters.startswith(RESERVED_PREFIXES)
        or words & reserved
        or skeleton(name).startswith(prefixes)
    ):
        raise ValidationError(
            _("That display name is reserved for the forum's own team. Please choose another."),
            code="reserved",
        )
    if not may_use_clinical_title and CLINICAL_TITLE.search(name):
        raise ValidationError(
            _(
                "Titles such as “Dr.”, “Prof.” or “MD” are shown only for verified "
                "clinicians. Please choose a name without one."
            ),
            code="clinical_title",
        )
    return name
