"""Small helpers shared by the notifications tests."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from notifications.models import EmailChoice, Notification, NotificationPreference


def choose(user, **choices):
    """Set a member's email choices, e.g. choose(member, reply="immediate")."""
    for kind, email in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"email": EmailChoice(email)}
        )


def kinds_for(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user).order_by("id").values_list("kind", flat=True)
    )


def tomorrow_at(hour: int, minute: int = 0, zone=None) -> datetime:
    """Tomorrow at that time in the zone (the site's by default): past every member's
    morning when the digests of today's notifications go out."""
    zone = zone or timezone.get_default_timezone()
    day = timezone.now().astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(day, time(hour, minute), tzinfo=zone)
