import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from accounts.languages import is_supported, language_of

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Set before the first save: the display name's unique key is NOT NULL.
        user.display_name = form.cleaned_data["display_name"]
        user.role = form.cleaned_data["role"]
        # A new member keeps the language they signed up in (pages and emails).
        current = translation.get_language()
        if is_supported(current):
            user.language = current
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        # In the recipient's language: a member's own setting; for an address with no
        # account (a reset asked for an unknown address), the language of the request.
        user = context.get("user")
        language = language_of(user) if user is not None else translation.get_language()
        # A mail server that is down must not turn a sign-up or a reset into an error
        # page: the member can ask for the link again. Logged without the address.
        try:
            with translation.override(language):
                super().send_mail(template_prefix, email, context)
        except (smtplib.SMTPException, OSError) as error:
            logger.error("could not send %s email: %s", template_prefix, type(error).__name__)
