"""Display names: the pseudonym every page shows. One rule, used by every form and the model."""

import re
import unicodedata

from django.core.exceptions import ValidationError

MIN_LENGTH = 3
MAX_LENGTH = 30

# Letters (any script), digits and . _ - ! ; words separated by single spaces; starts with a
# letter or a digit. Bidi controls, zero-width and other invisible characters are not letters,
# so they are refused by this pattern alone.
ALLOWED = re.compile(r"[^\W_](?:[\w.!\-]| (?=[\w.!\-]))*")

RULE = (
    f"{MIN_LENGTH} to {MAX_LENGTH} characters: letters, digits, and . _ - ! "
    "with single spaces between words, starting with a letter or a digit."
)

RESERVED_PREFIXES = ("admin", "moderat", "staff", "support", "official", "system")
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


def validate_display_name(value: str, *, may_use_clinical_title: bool = False) -> str:
    """Return the normalised name or raise ValidationError with a message that says why."""
    name = normalize(value)
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        raise ValidationError(
            f"Your display name has {len(name)} characters; use {RULE}",
            code="length",
        )
    if not ALLOWED.fullmatch(name):
        raise ValidationError(f"That display name has characters we don't allow. Use {RULE}",
                              code="charset")
    letters = _letters(name)
    if letters in RESERVED or letters.startswith(RESERVED_PREFIXES):
        raise ValidationError(
            "That display name is reserved for the forum's own team. Please choose another.",
            code="reserved",
        )
    if not may_use_clinical_title and CLINICAL_TITLE.search(name):
        raise ValidationError(
            "Titles such as “Dr.”, “Prof.” or “MD” are shown only for verified clinicians. "
            "Please choose a name without one.",
            code="clinical_title",
        )
    return name
