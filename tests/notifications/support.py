"""Small helpers shared by the notifications tests."""

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
