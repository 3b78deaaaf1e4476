"""`reverse()` for the links every list repeats, at the cost of a string replacement.

A home page links to its discussions, their authors and communities about a hundred times;
`reverse()` walks the URL resolver each time (about 20 µs). `link()` reverses a URL name
once per name and script prefix, with stand-in values, and puts the real values in with
`str.replace`. Only plain values are put in that way: digits where the URL takes a
number, letters, digits, "-" and "_" where it takes a slug or any text; no URL quoting
changes them and those converters accept them all. Anything else goes through `reverse()`
as before, with its checks and its errors. Equal to `reverse()` (tests/test_links.py).
"""

import re
from functools import cache

from django.urls import NoReverseMatch, get_script_prefix, reverse

# A stand-in that the int, slug and str converters all accept, and no URL of ours holds.
_STAND_IN = "7100{}0017"
_DIGITS = re.compile(r"[0-9]+\Z")
_PLAIN = re.compile(r"[A-Za-z0-9_-]+\Z")


@cache
def _pattern(name: str, keys: tuple[str, ...], script_prefix: str):
    """The URL with stand-ins, and for each value what it may be; None when the stand-ins
    themselves are refused (that URL always goes through reverse())."""
    stand_ins = {key: _STAND_IN.format(number) for number, key in enumerate(keys)}
    try:
        url = reverse(name, kwargs=stand_ins)
    except NoReverseMatch:
        return None
    # The URL cut at its stand-ins: literal parts, and which value goes between them.
    pieces = re.split(r"7100(\d+)0017", url)
    literals, order = pieces[0::2], [int(number) for number in pieces[1::2]]
    accepted = []
    for key in keys:
        try:
            reverse(name, kwargs={**stand_ins, key: "aZ_-" + stand_ins[key]})
            accepted.append(_PLAIN)
        except NoReverseMatch:
            accepted.append(_DIGITS)
    return literals, order, accepted


def link(name: str, **kwargs) -> str:
    """The URL `reverse(name, kwargs=kwargs)` gives."""
    values = [str(value) for value in kwargs.values()]
    found = _pattern(name, tuple(kwargs), get_script_prefix())
    if found is None:
        return reverse(name, kwargs=kwargs)
    literals, order, accepted = found
    if not all(rule.match(value) for rule, value in zip(accepted, values, strict=True)):
        return reverse(name, kwargs=kwargs)
    url = literals[0]
    for number, literal in zip(order, literals[1:], strict=True):
        url += values[number] + literal
    return url
