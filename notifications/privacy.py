"""The notifications app's part of a member's data export and erasure (connected in
NotificationsConfig.ready).

On erasure the member's notifications, follows, thanks, email choices and digest records
go with the account (foreign keys cascade); the thanks they gave are taken off the
posts' counts first. Others' notifications that name them as the actor lose the link
(shown as "a former member")."""

from django.db.models import F

from notifications.emails import absolute
from notifications.models import (
    DigestEmail,
    Notification,
    NotificationPreference,
    PostThanks,
    PostThanksCount,
    ThreadFollow,
)


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
        "discussions_followed": [
            {
                "discussion": follow.thread.title,
                "url": absolute(follow.thread.get_absolute_url()),
                "since": _iso(follow.created_at),
            }
            for follow in ThreadFollow.objects.filter(user=user).select_related("thread")
        ],
        "thanks_given": [
            {
                "discussion": thanks.post.thread.title,
                "post_url": absolute(thanks.post.get_absolute_url()),
                "given_at": _iso(thanks.created_at),
            }
            for thanks in PostThanks.objects.filter(user=user).select_related("post__thread")
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


def erase_member_data(sender, user, delete_posts, **kwargs) -> None:
    """Runs inside the erasure transaction (accounts.services.member_erase)."""
    thanked = PostThanks.objects.filter(user=user).values("post_id")
    PostThanksCount.objects.filter(post_id__in=thanked, thanks_count__gt=0).update(
        thanks_count=F("thanks_count") - 1
    )
    PostThanks.objects.filter(user=user).delete()
