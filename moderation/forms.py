import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Community
from moderation import suspensions
from moderation.models import ClinicianVerification, ModerationReason, Report


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


class MessageReportForm(_PlainForm):
    reason = forms.ChoiceField(
        label=_("What is wrong with this message?"),
        choices=Report.Reason.choices,  # a risk of self-harm first
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a reason.")},
    )
    note = forms.CharField(
        label=_("Anything the moderators should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only moderators read this. They will see the message and the few around it, "
            "nothing else of your conversation. The member you report never learns who "
            "reported them."
        ),
    )


class _CommonReasonForm(_PlainForm):
    """A reason from the moderators' list (ModerationReason, extended in the admin), or
    in their own words, or both: `reason` comes out as one text. With
    `reason_required`, one or the other must be given."""

    reason_required = False
    common = forms.ModelChoiceField(
        label=_("A common reason"),
        queryset=ModerationReason.objects.all(),
        required=False,
        empty_label=_("Choose one, or write your own below"),
    )

    def __init__(self, *args, reason_required: bool | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if reason_required is not None:
            self.reason_required = reason_required
        self.fields["reason"].required = False
        self.order_fields(["common", "reason"])

    def clean(self):
        data = super().clean()
        common, own = data.get("common"), (data.get("reason") or "").strip()
        data["reason"] = (
            f"{common.text}: {own}" if common and own else (own or (common and common.text) or "")
        )
        if self.reason_required and not data["reason"] and "reason" not in self.errors:
            self.add_error("reason", self.fields["reason"].error_messages["required"])
        return data


class ModerationReasonForm(_CommonReasonForm):
    """The reason a moderator gives for an action (kept in the moderation log)."""

    reason = forms.CharField(
        label=_("Reason (kept in the moderation log)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason: this affects a member.")},
    )


class WarnForm(_CommonReasonForm):
    reason_required = True
    reason = forms.CharField(
        label=_("Reason (the member reads it)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason: the member reads it.")},
    )


class MoveForm(ModerationReasonForm):
    community = forms.ModelChoiceField(
        label=_("Move to community"), queryset=Community.objects.all(), empty_label=None
    )
    field_order = ["community", "reason"]


FULL_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2})?")


class SuspendForm(_CommonReasonForm):
    """How long, from presets or a full date and time; `end` is when it ends (None:
    until lifted), shown to the moderator before they confirm."""

    length = forms.ChoiceField(
        label=_("How long"),
        choices=[
            *[(key, label) for key, (label, _length) in suspensions.PRESETS.items()][:3],
            (suspensions.UNTIL_A_DATE, _("Until a date and time")),
            ("indefinite", suspensions.PRESETS["indefinite"][0]),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how long the suspension lasts.")},
    )
    until = forms.DateTimeField(
        label=_("Ends on (with “Until a date and time”)"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={
            "invalid": _("Give a full date and time, for example 2026-12-24 18:00."),
        },
    )
    reason = forms.CharField(
        label=_("Reason (the member reads it by email and on every page)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason: the member sees it.")},
    )

    def clean_until(self):
        # A date without its time is half a date: refused, never read as midnight.
        raw = str(self.data.get(self.add_prefix("until"), "")).strip()
        if raw and not FULL_DATE_TIME.fullmatch(raw):
            raise forms.ValidationError(self.fields["until"].error_messages["invalid"])
        return self.cleaned_data["until"]

    reason_required = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["length", "until", "common", "reason"])

    def clean(self):
        data = super().clean()
        length, until = data.get("length"), data.get("until")
        if length == suspensions.UNTIL_A_DATE and until is None and "until" not in self.errors:
            # An empty or half-filled date is never "until lifted" by accident.
            self.add_error("until", _("Give the date and time the suspension ends."))
        elif length:
            end = suspensions.suspension_end(length, until, now=timezone.now())
            if end is not None and end <= timezone.now():
                self.add_error("until", _("The end of the suspension must be in the future."))
            data["end"] = end
        return data

    def summary(self) -> str:
        """What the moderator confirms: when it ends."""
        end = self.cleaned_data["end"]
        if end is None:
            return str(_("Suspended until a moderator lifts it."))
        return _("Suspended until %(date)s.") % {
            "date": formats.date_format(timezone.localtime(end), "DATETIME_FORMAT")
        }
