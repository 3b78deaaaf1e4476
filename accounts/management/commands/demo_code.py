"""The current two-factor code of a demo account, for trying the moderation tools on
`make run` without an authenticator app. Development only: it refuses to run unless
DEBUG is on, and only for the demo's example.org addresses."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DEMO_DOMAIN = "@example.org"


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (DEBUG=1 only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code is for local development only (DEBUG=1).")
        if not email.endswith(DEMO_DOMAIN):
            raise CommandError(f"demo_code shows codes of demo accounts ({DEMO_DOMAIN}) only.")
        totp = Authenticator.objects.filter(user__email=email, type=Authenticator.Type.TOTP).first()
        if totp is None:
            raise CommandError(f"{email} has no two-factor sign-in.")
        secret = decrypt(totp.data["secret"])
        code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
        self.stdout.write(code)
