from django.core.management.base import BaseCommand

from notifications import emails


class Command(BaseCommand):
    help = (
        "Email each member who chose daily digests the notifications they have not "
        "read yet. Run it once a day from cron; running it again sends nothing twice."
    )

    def handle(self, *args, **options):
        sent = emails.digests_send()
        self.stdout.write(f"Sent {sent} digest email{'s' if sent != 1 else ''}.")
