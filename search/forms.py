from datetime import date, datetime, time, timedelta

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Community
from search.backends import Criteria, searchable_discussion

MAX_QUERY_LENGTH = 200
# Dates outside this range are typing mistakes, and the far ends of the calendar would
# overflow when turned into times in the site's time zone.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2999, 12, 31)
NO_DISCUSSION = _("That discussion cannot be searched: it was removed or you cannot read it.")


class SearchInput(forms.TextInput):
    input_type = "search"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class SearchDateField(forms.DateField):
    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            widget=DateInput(),
            validators=[
                MinValueValidator(EARLIEST_DATE, _("Enter a date after 1900.")),
                MaxValueValidator(LATEST_DATE, _("Enter a date before the year 3000.")),
            ],
            error_messages={"invalid": _("Enter a real date, for example 2026-01-31.")},
            **kwargs,
        )


class SearchForm(forms.Form):
    """What to look for and where. It never saves anything; `criteria()` hands the
    cleaned values to search.backends."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        widget=SearchInput(attrs={"maxlength": MAX_QUERY_LENGTH}),
        help_text=_(
            'Tips: "quotes" find an exact phrase; fatigue or tiredness finds either '
            "word; a minus sign leaves a word out, as in fatigue -sleep."
        ),
    )
    community = forms.ChoiceField(
        label=_("Community"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "There is no community “%(value)s” to search in. Choose one from the list."
            )
        },
    )
    date_from = SearchDateField(label=_("Posted from"))
    date_to = SearchDateField(label=_("Posted until"))
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("Best match")), ("newest", _("Newest first"))],
        error_messages={"invalid_choice": _("Sort by best match or by newest first.")},
    )
    # Set by a result's "other posts in this discussion" link.
    discussion = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"invalid": NO_DISCUSSION, "min_value": NO_DISCUSSION},
    )
    expert = forms.BooleanField(
        label=_("Expert answers only"),
        required=False,
        help_text=_("Answers from verified clinicians."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # One query for both the choices and the lookup of the chosen one; communities a
        # visitor may not read are simply not choices.
        self.communities = {c.slug: c for c in Community.objects.visible_to(user)}
        self.fields["community"].choices = [
            ("", _("All communities")),
            *((c.slug, c.name) for c in self.communities.values()),
        ]
        self.is_shortened = False
        self.user = user

    def clean_q(self):
        # A longer search is not refused: its beginning is searched and the page says
        # so. The cap bounds the parsing and matching work.
        text = self.cleaned_data["q"]
        if len(text) > MAX_QUERY_LENGTH:
            self.is_shortened = True
            text = text[:MAX_QUERY_LENGTH].strip()
        return text

    def clean_discussion(self):
        pk = self.cleaned_data["discussion"]
        if pk is None:
            return None
        discussion = searchable_discussion(self.user, pk)
        if discussion is None:
            raise forms.ValidationError(NO_DISCUSSION)
        return discussion

    def clean(self):
        cleaned = super().clean()
        if self.has_error("discussion"):
            # A hidden field: its message is shown above the form, not beside a field.
            self.add_error(None, self.errors.pop("discussion"))
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("This date is before the “Posted from” date."))
        return cleaned

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        date_to = data["date_to"]
        return Criteria(
            text=data["q"],
            community=self.communities.get(data["community"]),
            discussion=data["discussion"],
            expert_only=data["expert"],
            created_from=_start_of(data["date_from"]),
            created_before=_start_of(date_to + timedelta(days=1)) if date_to else None,
            newest_first=data["sort"] == "newest",
        )


def _start_of(day: date | None) -> datetime | None:
    """Midnight at the start of `day` in the site's time zone."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))
