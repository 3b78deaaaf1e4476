from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms

from forum.models import Community
from moderation.models import ClinicianVerification, Report


class VerificationRequestForm(forms.ModelForm):
    """Validates and lays out a request; `moderation.services` creates it. Only the
    fields listed here are read: a forged `status` or `applicant` is ignored."""

    class Meta:
        model = ClinicianVerification
        fields = [
            "profession",
            "specialty",
            "full_name",
            "licence_number",
            "country",
            "place_of_practice",
            "note",
        ]
        labels = {
            "full_name": "Your full legal name",
            "licence_number": "Licence or registration number",
            "profession": "Your profession",
            "specialty": "Specialty (optional)",
            "country": "Country of your licence",
            "place_of_practice": "Where you practise",
            "note": "Anything the moderators should know (optional)",
        }
        help_texts = {
            "full_name": "As it appears on your professional register. Private: only "
            "moderators see it; members keep seeing your display name.",
            "licence_number": "The number your professional register lists you under, "
            "so a moderator can look you up. Private: only moderators see it.",
            "profession": "Shown next to your expert answers.",
            "specialty": "For example “Neurology” or “MS specialist nurse”. Shown next "
            "to your expert answers.",
            "country": "The country (or its two-letter code) whose register lists you.",
            "place_of_practice": "A hospital, practice or town, to help the check.",
            "note": "For example a link to your entry in a public register.",
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "full_name": {"required": "Please give your full legal name."},
            "licence_number": {"required": "Please give your licence or registration number."},
            "profession": {"required": "Please choose your profession."},
            "country": {"required": "Please say which country your licence is from."},
            "place_of_practice": {"required": "Please say where you practise."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profession = self.fields["profession"]
        profession.choices = [("", "Choose…"), *list(profession.choices)[1:]]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset("Shown with your expert answers", "profession", "specialty"),
            Fieldset(
                "Private: seen by moderators only",
                "full_name",
                "licence_number",
                "country",
                "place_of_practice",
                "note",
            ),
        )


class _PlainForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ReportForm(_PlainForm):
    reason = forms.ChoiceField(
        label="What is wrong with this post?",
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose a reason."},
    )
    note = forms.CharField(
        label="Anything the moderators should know (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only moderators read this. The member you report never learns who "
        "reported them.",
    )


class ModerationReasonForm(_PlainForm):
    """The reason a moderator gives for an action (kept in the moderation log)."""

    reason = forms.CharField(
        label="Reason (kept in the moderation log)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MoveForm(ModerationReasonForm):
    community = forms.ModelChoiceField(
        label="Move to community", queryset=Community.objects.all(), empty_label=None
    )
    field_order = ["community", "reason"]


class SuspendForm(_PlainForm):
    until = forms.DateTimeField(
        label="Suspended until",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Leave empty to suspend until a moderator lifts it.",
    )
    reason = forms.CharField(
        label="Reason (the member sees it when they try to post)",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give a reason: the member sees it."},
    )
