from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self):
        from accounts import events as account_events
        from moderation import privacy

        account_events.member_export.connect(
            privacy.export_sections, dispatch_uid="moderation-export"
        )
