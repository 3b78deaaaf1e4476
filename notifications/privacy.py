"""The notifications app's part of a member's data export and erasure (connected in
NotificationsConfig.ready).

On erasure the member's notifications, email choices and digest records go with the
account (foreign keys cascade). Others' notifications that name them as the actor lose
the link (shown as "a former member"). Follows and thanks are the forum's
(forum.privacy)."""

from notifications.emails import absolute
from notifications.models import DigestEmail, Notification, NotificationPreference


def _iso(value):
    return value.isoformat() if value else None


def export_sections(sender, user, **kwargs) -> dict:
    notifications = (
        Notification.objects.filter(recipient=user)
        .select_related("actor", "post__thread__community")
        .order_by("created_at", "id")
    )
    return {
        "notifications": [
            {
                "kind": notification.get_kind_display(),
                "text": notification.summary(),
                "url": absolute(notification.get_absolute_url()),
                "created_at": _iso(notification.created_at),
                "read_at": _iso(notification.read_at),
                "email": notification.get_email_display(),
                "emailed_at": _iso(notification.emailed_at),
            }
            for notification in notifications.iterator(chunk_size=500)
        ],
        "notification_email_choices": {
            preference.get_kind_display(): preference.get_email_display()
            for preference in NotificationPreference.objects.filter(user=user)
        },
        "digest_emails_sent": [
            {
                "sent_at": _iso(digest.sent_at),
                "notifications": digest.notification_count,
            }
            for digest in DigestEmail.objects.filter(recipient=user).order_by("sent_at")
        ],
    }
