import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Set before the first save: the display name's unique key is NOT NULL.
        user.display_name = form.cleaned_data["display_name"]
        user.role = form.cleaned_data["role"]
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        # A mail server that is down must not turn a sign-up or a reset into an error
        # page: the member can ask for the link again. Logged without the address.
        try:
            super().send_mail(template_prefix, email, context)
        except (smtplib.SMTPException, OSError) as error:
            logger.error("could not send %s email: %s", template_prefix, type(error).__name__)
