from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from accounts import events as account_events
        from forum import events as forum_events
        from moderation import actions, clinician_log, crisis, privacy, withdrawals

        account_events.member_export.connect(
            privacy.export_sections, dispatch_uid="moderation-export"
        )
        forum_events.post_edited.connect(
            actions.log_moderator_edit, dispatch_uid="moderation-log-edits"
        )
        forum_events.crisis_flagged.connect(
            crisis.flag_crisis_post, dispatch_uid="moderation-crisis-posts"
        )
        forum_events.post_withdrawn.connect(
            withdrawals.log_withdrawal, dispatch_uid="moderation-log-withdrawals"
        )
        forum_events.clinician_note_saved.connect(
            clinician_log.log_note, dispatch_uid="moderation-log-clinician-notes"
        )
        forum_events.inaccuracy_flags_dismissed.connect(
            clinician_log.log_dismissal, dispatch_uid="moderation-log-flag-dismissals"
        )
