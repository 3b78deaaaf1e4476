"""The personal-data check before posting: what in a title, post or bio would make its
writer (or someone else) identifiable, found so that the writer can think again.

It never blocks: the writer sees what was found, highlighted, with a plain explanation,
and chooses to edit or to post anyway. The rules are data below (patterns and word lists
a moderator can read and change); every pattern runs in linear time (no nested
repetition), so hostile text cannot make a check slow. Numbers that carry a check digit
(an NHS number, a French social-security number) are reported only when the digit
matches, so that an ordinary ten-digit figure is left alone.
"""

import re
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.models import User

# What each kind of finding is called, and why it matters ("…would be public").
KINDS = {
    "email": _("your email address"),
    "phone": _("a phone number"),
    "address": _("a postal address or postcode"),
    "health_number": _("a health or social-security number"),
    "doctor": _("the name of a doctor"),
    "hospital": _("the name of a hospital or clinic"),
}

EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
# Postcodes: the United Kingdom's ("SW1A 1AA") and France's when a town follows
# ("75011 Paris"); street addresses in English and French ("12 Elm Road", "3 rue Oberkampf").
UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b")
FR_POSTCODE = re.compile(r"\b(?:0[1-9]|[1-8]\d|9[0-8])\d{3} [A-ZÉÈ][a-zà-ÿ'-]{2,}")
STREET_WORDS = (
    "road|street|st|avenue|ave|lane|drive|close|way|crescent|grove|place|gardens|terrace|"
    "rue|avenue|boulevard|bd|chemin|impasse|allée|allee|place|quai|route|cours"
)
STREET = re.compile(
    r"\b\d{1,4}(?: ?(?:bis|ter))?,? (?:(?:" + STREET_WORDS + r")\.? [A-ZÉa-zà-ÿ'-]{2,}"
    r"|[A-Z][a-zà-ÿ'-]{1,30} (?:" + STREET_WORDS + r")\b)",
    re.IGNORECASE,
)
# Ten digits as the NHS writes them (3-3-4) or run together.
NHS = re.compile(r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b")
# France's NIR: sex, year, month, department (2A/2B for Corsica), town, order, key.
NIR = re.compile(
    r"\b[12] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2A|2B) ?\d{3} ?\d{3} ?\d{2}\b",
    re.IGNORECASE,
)
# A title, then a capitalised name: "Dr Martin", "Docteur Lefèvre", "Prof. Singh".
TITLES = "Dr|Doctor|Docteur|Docteure|Dre|Prof|Professor|Professeur|Professeure|Pr"
DOCTOR = re.compile(r"\b(?:" + TITLES + r")\.? (?:[A-Z][\w'-]{1,30})(?: [A-Z][\w'-]{1,30})?")
HOSPITAL_WORDS = "Hospital|Infirmary|Clinic|Medical Centre|Health Centre|Surgery"
HOSPITAL = re.compile(
    r"(?:\b[A-Z][\w'.-]{1,30} ){1,3}(?:" + HOSPITAL_WORDS + r")\b"
    r"|\b(?:Hôpital|Hopital|Clinique|CHU|CHRU|Centre hospitalier)(?: (?:de |du |des |d')?"
    r"[A-ZÉ][\w'-]{1,30}){1,3}"
)
# Words a capitalised "name" after a title is not (a television series, a search engine).
# The forum's own members ("Dr. Seignez", a verified clinician) are public names: left alone.
NOT_NAMES = {"Who", "House", "Google"}
# When one stretch of text is found twice, the first kind here names it.
PRIORITY = ["health_number", "email", "phone", "address", "hospital", "doctor"]


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])


def _nhs_valid(digits: str) -> bool:
    """The NHS number's modulus-11 check digit."""
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _nir_valid(text: str) -> bool:
    """The French NIR's key: 97 minus the first thirteen digits modulo 97 (Corsica's
    2A and 2B count as 19 and 18)."""
    compact = text.replace(" ", "").upper()
    body, key = compact[:13], compact[13:]
    body = body.replace("2A", "19", 1) if body[5:7] == "2A" else body
    body = body.replace("2B", "18", 1) if body[5:7] == "2B" else body
    return body.isdigit() and key.isdigit() and 97 - int(body) % 97 == int(key)


# A phone number as people write one, whether or not it is allocated (a number made up
# for an example is worth a second look too): with at least this many digits (a year or a
# dose is not a phone number), starting as people start one (a trunk 0, "+" or "00", a
# bracket), so that a bare run of digits (an order number, a timestamp) is left alone.
PHONE_MIN_DIGITS = 9
PHONE_STARTS = ("0", "+", "(")


def _phones(text: str) -> list[Finding]:
    found = []
    for region in settings.FORUM_PHONE_REGIONS:
        matcher = phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.POSSIBLE, max_tries=50
        )
        found += [
            Finding("phone", match.start, match.end)
            for match in matcher
            if sum(char.isdigit() for char in match.raw_string) >= PHONE_MIN_DIGITS
            and match.raw_string.startswith(PHONE_STARTS)
        ]
    return found


def _doctors(text: str) -> list[Finding]:
    matches = [
        match
        for match in DOCTOR.finditer(text)
        if match.group().split(" ", 1)[1].split(" ")[0] not in NOT_NAMES
    ]
    if not matches:
        return []
    names = {match.group() for match in matches}
    members = {
        name.casefold()
        for name in User.objects.filter(display_name__in=names).values_list(
            "display_name", flat=True
        )
    }
    return [
        Finding("doctor", match.start(), match.end())
        for match in matches
        if match.group().casefold() not in members
    ]


def find(text: str) -> list[Finding]:
    """What in `text` may identify someone, in order, overlapping findings merged."""
    if not text:
        return []
    found = [Finding("email", m.start(), m.end()) for m in EMAIL.finditer(text)]
    found += _phones(text)
    for pattern in (UK_POSTCODE, FR_POSTCODE, STREET):
        found += [Finding("address", m.start(), m.end()) for m in pattern.finditer(text)]
    for match in NHS.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if _nhs_valid(digits):
            found.append(Finding("health_number", match.start(), match.end()))
    found += [
        Finding("health_number", m.start(), m.end())
        for m in NIR.finditer(text)
        if _nir_valid(m.group())
    ]
    found += _doctors(text)
    found += [Finding("hospital", m.start(), m.end()) for m in HOSPITAL.finditer(text)]
    return _merged(sorted(found, key=lambda finding: (finding.start, -finding.end)))


def _merged(found: list[Finding]) -> list[Finding]:
    """One finding per stretch of text: a health number is not also a phone number."""
    merged: list[Finding] = []
    for finding in found:
        if merged and finding.start < merged[-1].end:
            last = merged[-1]
            kind = min(last.kind, finding.kind, key=PRIORITY.index)
            merged[-1] = Finding(kind, last.start, max(last.end, finding.end))
        else:
            merged.append(finding)
    return merged


CONTEXT = 30  # characters shown either side of a finding


def excerpt(text: str, finding: Finding) -> SafeString:
    """The finding in its sentence, highlighted (`<mark>`), everything escaped."""
    start = max(0, finding.start - CONTEXT)
    end = min(len(text), finding.end + CONTEXT)
    before = ("…" if start else "") + text[start : finding.start]
    after = text[finding.end : end] + ("…" if end < len(text) else "")
    found = text[finding.start : finding.end]
    return mark_safe(  # noqa: S308 (every part escaped here)
        f"{escape(before)}<mark>{escape(found)}</mark>{escape(after)}"
    )


# What a form shows -------------------------------------------------------------------

# The name of the "Post anyway" button: sent only when the writer chose it.
CONFIRMED = "personal_data_ok"


@dataclass(frozen=True)
class Shown:
    """One finding as the writer sees it: what it is, and where, highlighted."""

    label: str
    excerpt: SafeString


def review(request, *texts: str) -> list[Shown]:
    """What to show the writer before posting these texts (a title and a body): nothing
    when they already chose "Post anyway"."""
    if request.POST.get(CONFIRMED) == "1":
        return []
    return [
        Shown(label=finding.label, excerpt=excerpt(text, finding))
        for text in texts
        if text
        for finding in find(text)
    ]
