from datetime import date

from django.core.management.base import BaseCommand, CommandError

from moderation import services


class Command(BaseCommand):
    help = (
        "Daily clinician review check: remind clinicians whose review date is near "
        "(once per review date) and end the verification of those past it. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Run as if today were this date (YYYY-MM-DD), e.g. to catch up a missed day.",
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must look like 2026-11-25.") from None
        done = services.clinician_rechecks_run(today=today)
        for member in done["lapsed"]:
            self.stdout.write(f"Lapsed: {member.display_name} (member #{member.pk})")
        for member in done["reminded"]:
            self.stdout.write(
                f"Reminded: {member.display_name} (member #{member.pk}), "
                f"review due {member.clinician_review_due:%Y-%m-%d}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(done['lapsed'])} clinician(s) lapsed, "
                f"{len(done['reminded'])} reminder(s) sent."
            )
        )
