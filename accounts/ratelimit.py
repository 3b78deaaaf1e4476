"""Rate limits on members' writes (posting, replying, reporting, thanking, verification
requests), per member and per IP address, counted in the shared cache so that every web
process sees the same counts (Redis in production).

Limits come from settings.WRITE_RATE_LIMITS, e.g. {"reply": "6/60/user,30/60/ip"}: at most
6 replies a minute per member and 30 a minute per address. Fixed windows keep it to one
cache increment per rule; the refusal says how long to wait.
"""

import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.translation import ngettext


class RateLimited(PermissionDenied):
    def __init__(self, wait_seconds: int):
        self.wait_seconds = max(1, int(wait_seconds))
        super().__init__(
            ngettext(
                "Please slow down: you can try again in %(seconds)d second.",
                "Please slow down: you can try again in %(seconds)d seconds.",
                self.wait_seconds,
            )
            % {"seconds": self.wait_seconds}
        )


@dataclass(frozen=True)
class Rule:
    count: int
    seconds: int
    scope: str  # "user" or "ip"


def parse(spec: str) -> list[Rule]:
    rules = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        count, seconds, scope = part.split("/")
        rules.append(Rule(int(count), int(seconds), scope))
    return rules


def client_ip(request) -> str:
    """The client's address exactly as allauth's sign-in limits see it: behind our own
    proxies (TRUSTED_PROXY_COUNT) the hop the nearest one added to X-Forwarded-For,
    never one the client wrote itself; otherwise the connection's address."""
    return get_adapter(request).get_client_ip(request) or "unknown"


# The clock the windows are counted on (tests hold it still, so that a run never
# straddles the end of a window).
clock = time.time


def hit(request, action: str) -> None:
    """Count one write; raise RateLimited (a 403 subclass, answered 429) when over."""
    spec = settings.WRITE_RATE_LIMITS.get(action, "")
    now = clock()
    for rule in parse(spec):
        if rule.scope == "user":
            if not request.user.is_authenticated:
                continue
            who = f"user:{request.user.pk}"
        else:
            who = f"ip:{client_ip(request)}"
        window = int(now // rule.seconds)
        key = f"rl:{action}:{who}:{rule.seconds}:{window}"
        cache.add(key, 0, timeout=rule.seconds + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=rule.seconds + 5)
            count = 1
        if count > rule.count:
            raise RateLimited(rule.seconds - (now % rule.seconds))
