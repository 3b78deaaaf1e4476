from django.core.management.base import BaseCommand

from forum import services


class Command(BaseCommand):
    help = "Recompute every denormalised counter (replies, last activity, discussions) from rows."

    def handle(self, *args, **options):
        fixed = services.counters_rebuild()
        self.stdout.write(
            f"Counters rebuilt: {fixed['threads']} discussion(s) and "
            f"{fixed['communities']} communit(y/ies) corrected."
        )
