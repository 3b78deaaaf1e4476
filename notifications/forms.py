from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import EMAIL_KINDS, EmailChoice, Notification


class EmailPreferencesForm(forms.Form):
    """For each kind of notification: email right away, in a daily digest, or never."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in EMAIL_KINDS:
            self.fields[kind] = forms.ChoiceField(
                label=Notification.Kind(kind).label,
                choices=EmailChoice.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how you want to hear about this.")},
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
