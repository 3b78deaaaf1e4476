"""How far a long management command has gone: counts and an estimate of the time left,
at most every few seconds (seed_bench, rerender_posts, rebuild_counters,
search_reindex)."""

import time
from collections.abc import Callable


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class Progress:
    """`advance(n)` after each batch; a line is written at most every `every` seconds,
    and at the end: "120,000 of 400,000 posts (30 %), 4,100/s, about 1 min 08 s left"."""

    def __init__(
        self,
        total: int,
        what: str,
        write: Callable[[str], object],
        *,
        every: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.total, self.what, self.write, self.every, self.clock = total, what, write, every, clock
        self.done = 0
        self.started = self.last = clock()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = self.clock()
        if now - self.last >= self.every or self.done >= self.total:
            self.last = now
            self.write(self.line(now))

    def line(self, now: float | None = None) -> str:
        now = self.clock() if now is None else now
        elapsed = max(now - self.started, 1e-6)
        rate = self.done / elapsed
        share = self.done / self.total if self.total else 1.0
        text = f"{self.done:,} of {self.total:,} {self.what} ({share:.0%}), {rate:,.0f}/s"
        if self.done >= self.total:
            return f"{text}, done in {_duration(elapsed)}"
        if not self.done:
            return f"{text}, time left unknown yet"
        return f"{text}, about {_duration((self.total - self.done) / rate)} left"


def reporter(what: str, write: Callable[[str], object], **options) -> Callable[[int, int], None]:
    """A `progress(done, total)` callback for code that says how far it is (services,
    loops in commands); the clock starts when it is made."""
    bar = Progress(0, what, write, **options)

    def report(done: int, total: int) -> None:
        bar.total = total
        bar.advance(done - bar.done)

    return report
