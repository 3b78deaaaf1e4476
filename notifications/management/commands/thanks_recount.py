from django.core.management.base import BaseCommand

from notifications import services


class Command(BaseCommand):
    help = "Recompute every post's stored thanks count from the thanks themselves."

    def handle(self, *args, **options):
        fixed = services.thanks_counts_rebuild()
        self.stdout.write(f"Fixed the thanks count of {fixed} post{'s' if fixed != 1 else ''}.")
