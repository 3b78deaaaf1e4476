from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from accounts import events as account_events
        from forum import pagecache, privacy

        account_events.member_export.connect(privacy.export_sections, dispatch_uid="forum-export")
        account_events.member_erasing.connect(
            privacy.erase_member_content, dispatch_uid="forum-erase"
        )
        account_events.member_changed.connect(
            pagecache.member_changed, dispatch_uid="forum-member-changed"
        )
