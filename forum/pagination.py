"""Pagination from counts we already store: no COUNT(*) per request."""

import math
import re
from dataclasses import dataclass

from django.http import Http404


def page_number(query) -> int:
    """The ?page= number of a query (request.GET); a missing one is 1, anything that is
    not a positive number is a 404."""
    raw = query.get("page", "1")
    # ASCII digits only: str.isdigit() also takes "²" and "٣", which int() refuses.
    if not PAGE_NUMBER.fullmatch(raw) or int(raw) < 1:
        raise Http404("No such page.")
    return int(raw)


PAGE_NUMBER = re.compile(r"[0-9]{1,7}")


@dataclass(frozen=True)
class Page:
    number: int
    num_pages: int

    @classmethod
    def of(cls, number: int, *, total: int, per_page: int) -> "Page":
        num_pages = max(1, math.ceil(total / per_page))
        if number > num_pages:
            raise Http404("No such page.")
        return cls(number=number, num_pages=num_pages)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    def window(self, size: int = 2) -> list[int | None]:
        """Page numbers to show: first, last, and `size` around the current one; None is a gap."""
        shown = {1, self.num_pages, *range(self.number - size, self.number + size + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.num_pages)
        result: list[int | None] = []
        for n in numbers:
            if result and n - (result[-1] or 0) > 1:
                result.append(None)
            result.append(n)
        return result
