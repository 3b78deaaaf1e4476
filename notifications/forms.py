from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import EMAIL_KINDS, EmailChoice, Notification

EXPERT_QUESTION = Notification.Kind.EXPERT_QUESTION


class EmailPreferencesForm(forms.Form):
    """For each kind of notification: email right away, in a daily digest, or never
    (clinicians' questions for an expert: also in a weekly digest)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in EMAIL_KINDS:
            if kind == EXPERT_QUESTION and not (user and user.is_clinician):
                continue  # only verified clinicians are asked
            choices = [
                choice
                for choice in EmailChoice.choices
                if choice[0] != EmailChoice.WEEKLY or kind == EXPERT_QUESTION
            ]
            self.fields[kind] = forms.ChoiceField(
                label=Notification.Kind(kind).label,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how you want to hear about this.")},
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
