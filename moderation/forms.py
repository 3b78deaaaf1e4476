from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

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
            "full_name": _("Your full legal name"),
            "licence_number": _("Licence or registration number"),
            "profession": _("Your profession"),
            "specialty": _("Specialty (optional)"),
            "country": _("Country of your licence"),
            "place_of_practice": _("Where you practise"),
            "note": _("Anything the moderators should know (optional)"),
        }
        help_texts = {
            "full_name": _(
                "As it appears on your professional register. Private: only "
                "moderators see it; members keep seeing your display name."
            ),
            "licence_number": _(
                "The number your professional register lists you under, "
                "so a moderator can look you up. Private: only moderators see it."
            ),
            "profession": _("Shown next to your expert answers."),
            "specialty": _(
                "For example “Neurology” or “MS specialist nurse”. Shown next "
                "to your expert answers."
            ),
            "country": _("The country (or its two-letter code) whose register lists you."),
            "place_of_practice": _("A hospital, practice or town, to help the check."),
            "note": _("For example a link to your entry in a public register."),
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "full_name": {"required": _("Please give your full legal name.")},
            "licence_number": {"required": _("Please give your licence or registration number.")},
            "profession": {"required": _("Please choose your profession.")},
            "country": {"required": _("Please say which country your licence is from.")},
            "place_of_practice": {"required": _("Please say where you practise.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profession = self.fields["profession"]
        profession.choices = [("", _("Choose…")), *list(profession.choices)[1:]]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("Shown with your expert answers"), "profession", "specialty"),
            Fieldset(
                _("Private: seen by moderators only"),
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


# Not a report: a flag for the verified clinicians (forum.clinician_notes), who add a
# note under the post or dismiss it. The post stays up either way.
INACCURATE = "inaccurate"
REPORT_CHOICES = [
    *Report.Reason.choices[:2],  # a risk of self-harm first, then abuse
    (
        INACCURATE,
        _("Possibly inaccurate medical information: a verified clinician checks it"),
    ),
    *Report.Reason.choices[2:],
]


class ReportForm(_PlainForm):
    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"),
        choices=REPORT_CHOICES,
        help_text=_(
            "Possibly inaccurate information stays up: a clinician adds a note under it, "
            "which every reader sees. Advice that could harm someone goes to the moderators."
        ),
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a reason.")},
    )
    note = forms.CharField(
        label=_("Anything the moderators should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only moderators read this. The member you report never learns who reported them."
        ),
    )


class ModerationReasonForm(_PlainForm):
    """The reason a moderator gives for an action (kept in the moderation log)."""

    reason = forms.CharField(
        label=_("Reason (kept in the moderation log)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MoveForm(ModerationReasonForm):
    community = forms.ModelChoiceField(
        label=_("Move to community"), queryset=Community.objects.all(), empty_label=None
    )
    field_order = ["community", "reason"]


class SuspendForm(_PlainForm):
    until = forms.DateTimeField(
        label=_("Suspended until"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty to suspend until a moderator lifts it."),
    )
    reason = forms.CharField(
        label=_("Reason (the member sees it when they try to post)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason: the member sees it.")},
    )
