"""allauth's forms for signing in, joining, email and passwords, with the forum's own
labels (our words, sentence case) in every language. ACCOUNT_FORMS points here; the
rules and errors stay allauth's and Django's."""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

EMAIL = _("Email address")
PASSWORD = _("Password")
PASSWORD_AGAIN = _("Password again")
NEW_PASSWORD = _("New password")
NEW_PASSWORD_AGAIN = _("New password again")


class _Relabelled:
    """Gives each listed field our label; placeholders go (the label says it all, and a
    placeholder that repeats it is one more text to translate)."""

    labels: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            if name in self.fields:
                self.fields[name].label = label
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class LoginForm(_Relabelled, allauth_forms.LoginForm):
    labels = {
        "login": EMAIL,
        "password": PASSWORD,
        "remember": _("Keep me signed in on this device"),
    }


class SignupForm(_Relabelled, allauth_forms.SignupForm):
    labels = {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD_AGAIN}


class ResetPasswordForm(_Relabelled, allauth_forms.ResetPasswordForm):
    labels = {"email": EMAIL}


class ResetPasswordKeyForm(_Relabelled, allauth_forms.ResetPasswordKeyForm):
    labels = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD_AGAIN}


class ChangePasswordForm(_Relabelled, allauth_forms.ChangePasswordForm):
    labels = {
        "oldpassword": _("Current password"),
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD_AGAIN,
    }


class SetPasswordForm(_Relabelled, allauth_forms.SetPasswordForm):
    labels = {"password1": PASSWORD, "password2": PASSWORD_AGAIN}


class AddEmailForm(_Relabelled, allauth_forms.AddEmailForm):
    labels = {"email": _("New email address")}


class ChangeEmailForm(_Relabelled, allauth_forms.ChangeEmailForm):
    labels = {"email": _("New email address")}


class ReauthenticateForm(_Relabelled, allauth_forms.ReauthenticateForm):
    labels = {"password": _("Your password")}
