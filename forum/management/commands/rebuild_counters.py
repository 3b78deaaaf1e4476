from django.core.management.base import BaseCommand

from config.progress import reporter
from forum import services


class Command(BaseCommand):
    help = "Recompute every denormalised counter (replies, last activity, discussions) from rows."

    def handle(self, *args, **options):
        self.stdout.write("Looking for counters that drifted (one query over every discussion)…")
        progress = reporter("drifted discussions fixed", self.stdout.write)
        fixed = services.counters_rebuild(progress=progress)
        self.stdout.write(
            f"Counters rebuilt: {fixed['threads']} discussion(s) and "
            f"{fixed['communities']} communit(y/ies) corrected."
        )
