from django import forms
from django.core.exceptions import ValidationError

from accounts import names
from accounts.models import User


def clean_display_name_for(value: str, *, user: User | None = None) -> str:
    """Validate a display name and check it is free, ignoring the member's own current name."""
    name = names.validate_display_name(
        value, may_use_clinical_title=bool(user and user.is_clinician)
    )
    taken = User.objects.filter(display_name_key=names.uniqueness_key(name))
    if user is not None and user.pk:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        raise ValidationError(
            "That display name is already taken (names are compared without regard to case). "
            "Please choose another.",
            code="taken",
        )
    return name


class SignupForm(forms.Form):
    """Extra fields for allauth's sign-up form (allauth adds email and passwords)."""

    display_name = forms.CharField(
        max_length=names.MAX_LENGTH + 10,
        help_text=f"Shown on everything you post, instead of your real name. {names.RULE}",
    )
    role = forms.ChoiceField(
        label="I am here as",
        choices=[
            (User.Role.PATIENT, "A patient"),
            (User.Role.CAREGIVER, "A caregiver or relative"),
        ],
        initial=User.Role.PATIENT,
        help_text="Clinicians sign up as patients or caregivers, then ask to be verified.",
    )

    field_order = ["email", "display_name", "role", "password1", "password2"]

    def clean_display_name(self):
        return clean_display_name_for(self.cleaned_data["display_name"])

    def signup(self, request, user):
        # The adapter has already copied the fields onto the user before its first save.
        pass
