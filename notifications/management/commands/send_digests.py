from django.core.management.base import BaseCommand

from notifications import emails


class Command(BaseCommand):
    help = (
        "Send the emails held by members' quiet hours that have ended, and the daily "
        "digest of each member whose morning (08:00 in their time zone) has come. Run it "
        "every few minutes from cron; running it again sends nothing twice."
    )

    def handle(self, *args, **options):
        held = emails.held_emails_send()
        sent = emails.digests_send()
        self.stdout.write(f"Sent {held} email{'s' if held != 1 else ''} held for quiet hours.")
        self.stdout.write(f"Sent {sent} digest email{'s' if sent != 1 else ''}.")
