from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from accounts import events as account_events
        from conversations import events as conversation_events
        from forum import events as forum_events
        from forum.pagecache.page import READER_KEYS
        from moderation import events as moderation_events
        from notifications import privacy, receivers, unread

        if unread.request_key not in READER_KEYS:
            READER_KEYS.append(unread.request_key)

        forum_events.post_created.connect(
            receivers.post_created, dispatch_uid="notifications-post-created"
        )
        forum_events.post_edited.connect(
            receivers.post_edited, dispatch_uid="notifications-post-edited"
        )
        forum_events.posts_read.connect(
            receivers.posts_read, dispatch_uid="notifications-posts-read"
        )
        forum_events.post_reacted.connect(
            receivers.post_reacted, dispatch_uid="notifications-post-reacted"
        )
        forum_events.post_withdrawn.connect(
            receivers.post_withdrawn, dispatch_uid="notifications-post-withdrawn"
        )
        forum_events.post_thanked.connect(
            receivers.post_thanked, dispatch_uid="notifications-post-thanked"
        )
        forum_events.clinician_note_saved.connect(
            receivers.clinician_note_saved, dispatch_uid="notifications-clinician-note"
        )
        forum_events.inaccuracy_flags_dismissed.connect(
            receivers.inaccuracy_flags_dismissed, dispatch_uid="notifications-flags-dismissed"
        )
        moderation_events.post_hidden_by_moderator.connect(
            receivers.post_hidden, dispatch_uid="notifications-post-hidden"
        )
        moderation_events.report_resolved.connect(
            receivers.report_resolved, dispatch_uid="notifications-report-resolved"
        )
        moderation_events.report_filed.connect(
            receivers.report_filed, dispatch_uid="notifications-report-filed"
        )
        moderation_events.member_reached.connect(
            receivers.member_reached, dispatch_uid="notifications-member-reached"
        )
        moderation_events.member_warned.connect(
            receivers.member_warned, dispatch_uid="notifications-member-warned"
        )
        moderation_events.member_letter.connect(
            receivers.member_letter, dispatch_uid="notifications-member-letter"
        )
        moderation_events.verification_decided.connect(
            receivers.verification_decided, dispatch_uid="notifications-verification"
        )
        conversation_events.message_sent.connect(
            receivers.message_sent, dispatch_uid="notifications-message-sent"
        )
        conversation_events.conversation_read.connect(
            receivers.conversation_read, dispatch_uid="notifications-conversation-read"
        )
        moderation_events.message_reported.connect(
            receivers.message_reported, dispatch_uid="notifications-message-reported"
        )
        account_events.member_export.connect(
            privacy.export_sections, dispatch_uid="notifications-export"
        )
