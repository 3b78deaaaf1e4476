"""Forms for a member's time, quiet hours, breaks from email, and reading comfort (the
last also for visitors, in the reading panel)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from accounts import zones
from accounts.comfort import Comfort
from accounts.models import User


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


def _site_zone_label(text) -> str:
    return str(text).format(zone=settings.TIME_ZONE)


def time_zone_field(*, empty_label, help_text) -> forms.ChoiceField:
    """Every zone of the tz database; `data-browser-time-zone` lets static/js/timezone.js
    suggest the browser's own when nothing is chosen yet."""
    return forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        choices=lambda: [("", lazy(_site_zone_label, str)(empty_label)), *zones.choices()],
        widget=forms.Select(attrs={"data-browser-time-zone": "", "autocomplete": "off"}),
        help_text=help_text,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a time zone we know. Please choose one from the list."
            )
        },
    )


class PreferencesForm(_Form):
    """A member's time zone and quiet hours."""

    time_zone = time_zone_field(
        empty_label=_("Not chosen: your browser's on pages, {zone} for emails"),
        help_text=_(
            "Dates, your quiet hours and the morning of your daily digest follow it. When "
            "your browser tells us its time zone, it is suggested here: save to keep it."
        ),
    )
    quiet_hours_start = forms.TimeField(
        label=_("Quiet hours start"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("For example 22:00. Emails that would arrive after this wait until…"),
        error_messages={"invalid": _("Enter a time such as 22:00.")},
    )
    quiet_hours_end = forms.TimeField(
        label=_("Quiet hours end"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("…this time, for example 08:00. Leave both empty for no quiet hours."),
        error_messages={"invalid": _("Enter a time such as 08:00.")},
    )

    @classmethod
    def initial_for(cls, user: User) -> dict:
        return {
            "time_zone": user.time_zone,
            "quiet_hours_start": user.quiet_hours_start,
            "quiet_hours_end": user.quiet_hours_end,
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("quiet_hours_start"), data.get("quiet_hours_end")
        if "quiet_hours_start" in self.errors or "quiet_hours_end" in self.errors:
            return data
        if (start is None) != (end is None):
            raise ValidationError(
                _("Quiet hours need both a start and an end, or leave both empty."),
                code="quiet_hours_incomplete",
            )
        if start is not None and start == end:
            raise ValidationError(
                _("Quiet hours cannot start and end at the same time."),
                code="quiet_hours_empty",
            )
        return data


class ComfortForm(_Form):
    """Reading comfort; with `with_time_zone`, the visitors' panel also asks for a zone."""

    theme = forms.ChoiceField(
        label=_("Theme"),
        choices=User.Theme.choices,
        initial=User.Theme.AUTO,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose a theme."),
            "invalid_choice": _("“%(value)s” is not one of the themes. Please choose one."),
        },
    )
    text_size = forms.TypedChoiceField(
        label=_("Text size"),
        choices=User.TextSize.choices,
        coerce=int,
        initial=User.TextSize.NORMAL,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose a text size."),
            "invalid_choice": _("“%(value)s” is not one of the text sizes. Please choose one."),
        },
    )
    high_contrast = forms.BooleanField(
        label=_("High contrast"),
        required=False,
        help_text=_("Stronger colours: black and white text, underlined links."),
    )
    legible_font = forms.BooleanField(
        label=_("Easy-to-read font"),
        required=False,
        help_text=_(
            "Atkinson Hyperlegible, designed so that letters such as I, l and 1 are easy to "
            "tell apart."
        ),
    )
    reduced_motion = forms.BooleanField(
        label=_("Reduce motion"),
        required=False,
        help_text=_("No animations or smooth scrolling, even if your device allows them."),
    )

    def __init__(self, *args, with_time_zone: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_time_zone:
            self.fields["time_zone"] = time_zone_field(
                empty_label=_("Automatic: your browser's, or {zone} without JavaScript"),
                help_text=_("Dates on the pages are shown in it."),
            )

    @classmethod
    def initial_for(cls, comfort: Comfort) -> dict:
        return {
            "theme": comfort.theme,
            "text_size": comfort.size,
            "high_contrast": comfort.high_contrast,
            "legible_font": comfort.legible_font,
            "reduced_motion": comfort.reduced_motion,
        }

    def comfort(self) -> Comfort:
        data = self.cleaned_data
        return Comfort(
            theme=data["theme"],
            size=data["text_size"],
            high_contrast=data["high_contrast"],
            legible_font=data["legible_font"],
            reduced_motion=data["reduced_motion"],
        )


class BreakForm(_Form):
    """Take a break from notification emails."""

    DAY, WEEK, UNTIL_RESUMED = "day", "week", "until_resumed"

    length = forms.ChoiceField(
        label=_("Pause notification emails"),
        choices=[
            (DAY, _("For a day")),
            (WEEK, _("For a week")),
            (UNTIL_RESUMED, _("Until I turn them back on")),
        ],
        initial=DAY,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose how long the break lasts."),
            "invalid_choice": _("“%(value)s” is not one of the choices. Please choose one."),
        },
    )
