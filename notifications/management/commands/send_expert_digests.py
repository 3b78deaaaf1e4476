from django.core.management.base import BaseCommand

from notifications import expert_digest


class Command(BaseCommand):
    help = (
        "Email the verified clinicians who chose a weekly digest the questions waiting for "
        "an expert in their communities. Run it daily (or weekly) from cron: a clinician "
        "gets one a week at most, and none when nothing waits."
    )

    def handle(self, *args, **options):
        sent = expert_digest.expert_digests_send()
        self.stdout.write(f"Sent {sent} weekly digest{'s' if sent != 1 else ''} of questions.")
