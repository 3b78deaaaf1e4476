"""Each member's time: their time zone, their quiet hours and their mornings.

A time zone is stored as an IANA name ("America/Toronto") from `names()`, never a path
or an offset. Pages use the member's zone, else the visitor's `tz` cookie (which a small
script fills from the browser), else settings.TIME_ZONE; emails, sent with no browser
around, use the member's zone or the site's. Quiet hours are wall-clock times in the
member's zone, so they follow daylight saving time; a span that crosses midnight
(22:00 to 08:00) is the usual case.
"""

from datetime import datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from django.utils import timezone

COOKIE = "tz"
# In the tz database but not names a person would choose, or not zones at all.
_NOT_ZONES = {"Factory", "localtime", "posixrules"}


@cache
def names() -> frozenset[str]:
    """The zone names we accept (read from the system's tz database once per process)."""
    return frozenset(
        name
        for name in available_timezones()
        if name not in _NOT_ZONES and not name.startswith(("posix/", "right/"))
    )


def choices() -> list[tuple[str, str]]:
    """For a select: "America/Argentina/Buenos_Aires" reads "America/Argentina/Buenos Aires"."""
    return [(name, name.replace("_", " ")) for name in sorted(names())]


def zone_named(name: str | None) -> ZoneInfo | None:
    if not name or name not in names():
        return None
    return ZoneInfo(name)


def zone_of(user) -> ZoneInfo:
    """The zone of a member's emails and mornings: theirs, else the site's."""
    return zone_named(getattr(user, "time_zone", "")) or timezone.get_default_timezone()


def zone_for_request(request) -> ZoneInfo | None:
    """The zone a page is shown in, None for the site's: a member's chosen zone, else
    the `tz` cookie (their browser's zone, or the one chosen in the reading panel)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.time_zone:
        zone = zone_named(user.time_zone)
        if zone is not None:
            return zone
    return zone_named(request.COOKIES.get(COOKIE))


def at_local(day, wall_clock: time, zone: ZoneInfo) -> datetime:
    """That wall-clock time on that day in the zone, as an aware datetime. In the hour a
    clock skips in spring, the earlier reading is used (fold 0), which lands after it."""
    return datetime.combine(day, wall_clock, tzinfo=zone)


def has_quiet_hours(user) -> bool:
    start, end = user.quiet_hours_start, user.quiet_hours_end
    return start is not None and end is not None and start != end


def quiet_hours_end(user, now: datetime) -> datetime | None:
    """When the quiet hours the member is in at `now` end, or None if they are not in
    them."""
    if not has_quiet_hours(user):
        return None
    zone = zone_of(user)
    local = now.astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    start, end = user.quiet_hours_start, user.quiet_hours_end
    if start < end:
        inside = start <= clock < end
    else:  # across midnight: 22:00 to 08:00
        inside = clock >= start or clock < end
    if not inside:
        return None
    day = local.date() if clock < end else local.date() + timedelta(days=1)
    return at_local(day, end, zone)


def morning_of(user, now: datetime, wall_clock: time) -> datetime | None:
    """Today's `wall_clock` in the member's zone if it has passed at `now`, else None."""
    zone = zone_of(user)
    local = now.astimezone(zone)
    morning = at_local(local.date(), wall_clock, zone)
    return morning if local >= morning else None
