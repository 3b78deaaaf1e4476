"""Crisis support while writing: phrases that may signal a risk of suicide or self-harm,
found in what a member is about to post, so that support comes first (help lines, a kind
word, the choice to post or to write to a moderator only).

The phrases are data below, in English and French, reviewed like any text a moderator
reads. Matching is careful: whole words only, apostrophes of either kind, a phrase
preceded closely by a negation ("I don't want to die", "je n'ai pas envie d'en finir")
does not count, and quoted lines (markdown "> …": someone else's words) are skipped. It
never blocks and never guesses about a person: it only offers support, once per post.
"""

import re

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Phrases that may signal a risk, as people write them. A phrase that holds its own
# negation ("don't want to live") is listed whole.
PHRASES = {
    "en": [
        "want to die",
        "wanna die",
        "wish i was dead",
        "wish i were dead",
        "want to end it",
        "end it all",
        "end my life",
        "ending my life",
        "kill myself",
        "killing myself",
        "take my own life",
        "taking my own life",
        "no reason to live",
        "nothing to live for",
        "better off without me",
        "better off dead",
        "don't want to live",
        "do not want to live",
        "don't want to be here anymore",
        "don't want to be here any more",
        "can't go on",
        "cannot go on",
        "hurt myself",
        "harm myself",
        "harming myself",
        "self-harm",
        "self harm",
        "cut myself",
        "cutting myself",
        "suicidal",
        "thinking about suicide",
        "commit suicide",
    ],
    "fr": [
        "envie de mourir",
        "veux mourir",
        "voudrais mourir",
        "en finir",
        "me tuer",
        "me suicider",
        "suicidaire",
        "idées suicidaires",
        "me faire du mal",
        "me faire mal exprès",
        "plus de raison de vivre",
        "aucune raison de vivre",
        "mettre fin à mes jours",
        "mettre fin à ma vie",
        "je n'en peux plus",
        "plus envie de vivre",
        "me scarifier",
        "me mutiler",
        "disparaître pour de bon",
    ],
}
# Words that, just before a phrase, turn it around ("I'm not suicidal", "je n'ai pas envie
# de mourir"). Kept short on purpose: a phrase wrongly taken as negated would hide a
# risk, where one wrongly found only offers support.
NEGATIONS = {
    "en": ["not", "don't", "never", "wouldn't", "won't", "didn't", "doesn't", "isn't"],
    "fr": ["ne", "pas", "jamais"],
}
NEGATION_WINDOW = 3  # words looked at before a phrase

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
WORDS = re.compile(r"[\w'-]+")


def _pattern(phrases: list[str]) -> re.Pattern:
    alternatives = sorted(
        (r"\s+".join(re.escape(word) for word in phrase.split()) for phrase in phrases),
        key=len,
        reverse=True,
    )
    # Whole words; an apostrophe may come before ("d'en finir").
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


PATTERN = _pattern([phrase for phrases in PHRASES.values() for phrase in phrases])
NEGATORS = {word for words in NEGATIONS.values() for word in words}
# Phrases that hold their own negation ("don't want to live", "je n'en peux plus"):
# whatever comes before them, they count.
SELF_NEGATED = {
    phrase
    for phrases in PHRASES.values()
    for phrase in phrases
    if any(word in NEGATORS or word.startswith("n'") for word in phrase.split())
}


def _negated(text: str, start: int) -> bool:
    before = WORDS.findall(text[max(0, start - 80) : start].lower())[-NEGATION_WINDOW:]
    return any(word in NEGATORS or word.startswith("n'") for word in before) or (
        "do not" in " ".join(before)
    )


def _own_lines(text: str) -> str:
    """The writer's own words: quoted lines ("> …", another member's) left out."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))


def find(text: str) -> list[str]:
    """The risk phrases in the writer's own words, as written (none when negated)."""
    own = _own_lines((text or "").translate(APOSTROPHES))
    return [
        match.group()
        for match in PATTERN.finditer(own)
        if match.group().lower() in SELF_NEGATED or not _negated(own, match.start())
    ]


# Help lines -------------------------------------------------------------------------

# Where a member is, from the time zone they chose (their browser's otherwise): the
# countries whose help lines we know. Others get the general text.
COUNTRY_OF_ZONE = {
    "Europe/London": "GB",
    "Europe/Belfast": "GB",
    "Europe/Dublin": "IE",
    "Europe/Paris": "FR",
    "Europe/Brussels": "BE",
    "Europe/Zurich": "CH",
    "Europe/Luxembourg": "LU",
    "America/Toronto": "CA",
    "America/Montreal": "CA",
    "America/Vancouver": "CA",
    "America/New_York": "US",
    "America/Chicago": "US",
    "America/Denver": "US",
    "America/Los_Angeles": "US",
}
HELP_LINES = {
    "GB": _(
        "In the UK, Samaritans answer day and night on 116 123 (free). If you are in "
        "danger now, call 999."
    ),
    "IE": _(
        "In Ireland, Samaritans answer day and night on 116 123 (free). If you are in "
        "danger now, call 112 or 999."
    ),
    "FR": _(
        "In France, 3114 answers day and night, free of charge. If you are in danger now, "
        "call 15 or 112."
    ),
    "BE": _(
        "In Belgium, the Centre de Prévention du Suicide answers on 0800 32 123 and Zelfmoordlijn "
        "on 1813. If you are in danger now, call 112."
    ),
    "CH": _("In Switzerland, La Main Tendue answers on 143. If you are in danger now, call 144."),
    "LU": _("In Luxembourg, SOS Détresse answers on 454545. If you are in danger now, call 112."),
    "CA": _("In Canada, call or text 988, day and night. If you are in danger now, call 911."),
    "US": _(
        "In the United States, call or text 988, day and night. If you are in danger now, call 911."
    ),
}
GENERAL_HELP = _(
    "If someone is in immediate danger, call your local emergency number now (112 in "
    "Europe, 911 in North America, 999 in the UK). In the UK and Ireland, Samaritans "
    "answer day and night on 116 123. Elsewhere, your doctor or local emergency "
    "department can tell you where to find urgent support."
)


def country_of(user) -> str:
    zone = getattr(user, "time_zone", "") or ""
    if zone in COUNTRY_OF_ZONE:
        return COUNTRY_OF_ZONE[zone]
    return "FR" if (get_language() or "").startswith("fr") and not zone else ""


def help_lines(user=None) -> str:
    """The help lines for where this member is (MODERATION_HELP_LINES sets or replaces
    a country's; MODERATION_URGENT_HELP_TEXT, when set, replaces the general text)."""
    country = country_of(user) if user is not None else ""
    configured = settings.MODERATION_HELP_LINES.get(country)
    if configured:
        return configured
    if country in HELP_LINES:
        return str(HELP_LINES[country])
    return settings.MODERATION_URGENT_HELP_TEXT or str(GENERAL_HELP)


# What a form shows -------------------------------------------------------------------

# The two choices the support panel offers (buttons of the writer's own form).
POST_IT = "crisis_ok"
TO_MODERATORS = "crisis_to_moderators"


def review(request, *texts: str) -> str:
    """The help lines to show before these texts are posted, or "" when nothing in them
    asks for it, or when the writer has already made their choice."""
    if request.POST.get(POST_IT) == "1" or request.POST.get(TO_MODERATORS) == "1":
        return ""
    if any(find(text) for text in texts if text):
        return help_lines(request.user)
    return ""


def choice(request, *texts: str) -> tuple[bool, bool]:
    """What the writer chose after seeing support: (held for the moderators only,
    flagged to the moderators). Nothing is flagged unless the text still asks for it."""
    found = any(find(text) for text in texts if text)
    held = found and request.POST.get(TO_MODERATORS) == "1"
    flagged = found and (held or request.POST.get(POST_IT) == "1")
    return held, flagged
