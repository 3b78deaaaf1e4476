"""`reverse()` for the links every list repeats, at the cost of a string replacement.

A home page links to its discussions, their authors and communities about a hundred times;
`reverse()` walks the URL resolver each time (about 20 µs). `link()` reverses a URL name
once per name, URLconf and script prefix, with stand-in values, and puts the real values
in between the pieces (about 4 µs). Only plain values are put in that way: digits where
the URL takes a number, letters, digits, "-" and "_" where it takes a slug or any text;
no URL quoting changes them and those converters accept them as they are (a converter
whose `to_url()` rewrites a value would need reverse()). Anything else goes through
`reverse()` as before, with its checks and its errors. Equal to `reverse()`
(tests/test_links.py).
"""

import re
from functools import lru_cache

from django.core.signals import setting_changed
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# A stand-in that the int, slug and str converters all accept, and no URL of ours holds.
_STAND_IN = "7100{}0017"
_DIGITS = re.compile(r"[0-9]+\Z")
_PLAIN = re.compile(r"[A-Za-z0-9_-]+\Z")
_LETTERS = "aZ_-"


def _filled(literals: list[str], order: list[int], values: list[str]) -> str:
    url = literals[0]
    for number, literal in zip(order, literals[1:], strict=True):
        url += values[number] + literal
    return url


@lru_cache(maxsize=256)
def _pattern(name: str, keys: tuple[str, ...], urlconf, script_prefix: str):
    """The URL cut at its stand-ins (literal pieces, and which value goes between them),
    and for each value what it may be; None when this URL must always go through
    reverse(): the stand-ins refused, or not found back exactly once each."""
    stand_ins = [_STAND_IN.format(number) for number in range(len(keys))]
    try:
        url = reverse(name, kwargs=dict(zip(keys, stand_ins, strict=True)), urlconf=urlconf)
    except NoReverseMatch:
        return None
    pieces = re.split(r"7100(\d+)0017", url)
    literals, order = pieces[0::2], [int(number) for number in pieces[1::2]]
    if sorted(order) != list(range(len(keys))) or _filled(literals, order, stand_ins) != url:
        return None  # a stand-in's digits in the prefix or next to a value: ambiguous
    accepted = []
    for number in range(len(keys)):
        lettered = [*stand_ins]
        lettered[number] = _LETTERS + stand_ins[number]
        try:
            probe = reverse(name, kwargs=dict(zip(keys, lettered, strict=True)), urlconf=urlconf)
        except NoReverseMatch:
            probe = None
        # Letters accepted, and by this same pattern (not by another one of this name).
        same = probe == _filled(literals, order, lettered)
        accepted.append(_PLAIN if same else _DIGITS)
    return literals, order, accepted


def link(name: str, /, **kwargs) -> str:
    """The URL `reverse(name, kwargs=kwargs)` gives."""
    values = [str(value) for value in kwargs.values()]
    found = _pattern(name, tuple(kwargs), get_urlconf(), get_script_prefix())
    if found is None:
        return reverse(name, kwargs=kwargs)
    literals, order, accepted = found
    if not all(rule.match(value) for rule, value in zip(accepted, values, strict=True)):
        return reverse(name, kwargs=kwargs)
    return _filled(literals, order, values)


def _forget(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _pattern.cache_clear()


setting_changed.connect(_forget)
