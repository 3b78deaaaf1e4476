from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "conversations"
    verbose_name = _("Private conversations")

    def ready(self):
        from accounts import events as account_events
        from conversations import privacy, unread
        from forum.pagecache.page import READER_KEYS

        if unread.request_key not in READER_KEYS:
            READER_KEYS.append(unread.request_key)
        account_events.member_export.connect(
            privacy.export_sections, dispatch_uid="conversations-export"
        )
        account_events.member_erasing.connect(
            privacy.member_erasing, dispatch_uid="conversations-erasing"
        )
