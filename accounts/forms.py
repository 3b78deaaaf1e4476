from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts import names, services
from accounts.models import Consent, User


def _terms_label() -> str:
    link = format_html(
        '<a href="{}">{}</a>', reverse_lazy("accounts:terms"), gettext("terms of use")
    )
    return format_html(gettext("I accept the {}."), link)


def _health_data_label() -> str:
    link = format_html(
        '<a href="{}">{}</a>',
        reverse_lazy("accounts:privacy"),
        gettext("how we handle health information"),
    )
    return format_html(
        gettext(
            "I explicitly consent to Patient Forum processing the health information I "
            "choose to share here ({}). I can withdraw this consent at any time."
        ),
        link,
    )


def _age_label() -> str:
    age = settings.MINIMUM_AGE
    return ngettext("I am %(age)d year old or older.", "I am %(age)d years old or older.", age) % {
        "age": age
    }


def _age_required() -> str:
    age = settings.MINIMUM_AGE
    return ngettext(
        "Members must be at least %(age)d year old.",
        "Members must be at least %(age)d years old.",
        age,
    ) % {"age": age}


def _consent_fields() -> dict[str, forms.Field]:
    # Labels are built when shown (lazily), in the reader's language; format_html keeps
    # the links' markup and escapes the translated words.
    return {
        Consent.Kind.TERMS: forms.BooleanField(
            label=lazy(_terms_label, SafeString)(),
            error_messages={"required": _("Please accept the terms of use to continue.")},
        ),
        Consent.Kind.HEALTH_DATA: forms.BooleanField(
            label=lazy(_health_data_label, SafeString)(),
            error_messages={
                "required": _(
                    "We can only host your posts about health with your explicit "
                    "consent. Without it you can still read the forum without an account."
                )
            },
        ),
        Consent.Kind.MINIMUM_AGE: forms.BooleanField(
            label=lazy(_age_label, str)(),
            error_messages={"required": lazy(_age_required, str)()},
        ),
    }


def clean_display_name_for(value: str, *, user: User | None = None) -> str:
    """Validate a display name and check it is free, ignoring the member's own current name."""
    name = names.validate_display_name(
        value, may_use_clinical_title=bool(user and user.is_clinician)
    )
    taken = User.objects.filter(
        Q(display_name_key=names.uniqueness_key(name))
        | Q(display_name_skeleton=names.skeleton(name))
    )
    if user is not None and user.pk:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        raise ValidationError(
            _(
                "That display name is already taken, or looks the same as one that is "
                "(names are compared without regard to case, accents or look-alike "
                "letters). Please choose another."
            ),
            code="taken",
        )
    return name


class SignupForm(forms.Form):
    """Extra fields for allauth's sign-up form (allauth adds email and passwords)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=names.MAX_LENGTH + 10,
        help_text=format_lazy(
            "{} {}", _("Shown on everything you post, instead of your real name."), names.RULE
        ),
    )
    role = forms.ChoiceField(
        label=_("I am here as"),
        choices=[
            (User.Role.PATIENT, _("A patient")),
            (User.Role.CAREGIVER, _("A caregiver or relative")),
        ],
        initial=User.Role.PATIENT,
        help_text=_("Clinicians sign up as patients or caregivers, then ask to be verified."),
    )

    field_order = ["email", "display_name", "role", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_consent_fields())

    def clean_display_name(self):
        return clean_display_name_for(self.cleaned_data["display_name"])

    def signup(self, request, user):
        # The adapter has already copied name and role onto the user before its first save.
        services.consent_record(user=user, kinds=list(services.current_versions()))


class ConsentForm(forms.Form):
    """Asked again when the text of a consent changed since the member agreed."""

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        fields = _consent_fields()
        for kind in kinds:
            self.fields[kind] = fields[kind]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class EraseAccountForm(forms.Form):
    KEEP, DELETE = "keep", "delete"

    posts = forms.ChoiceField(
        label=_("What should happen to your posts?"),
        widget=forms.RadioSelect,
        choices=[
            (KEEP, _("Keep them, signed “Former member”, so the discussions stay readable")),
            (
                DELETE,
                _(
                    "Delete them (discussions you started are removed, or emptied if "
                    "others have replied)"
                ),
            ),
        ],
        error_messages={"required": _("Please choose what happens to your posts.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
        help_text=_("To be sure it is really you."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("That password is not correct."), code="wrong_password")
        return password
