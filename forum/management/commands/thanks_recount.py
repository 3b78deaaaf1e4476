from django.core.management.base import BaseCommand

from forum import reactions


class Command(BaseCommand):
    help = "Recompute every post's stored thanks count from the thanks themselves."

    def handle(self, *args, **options):
        fixed = reactions.thanks_counts_rebuild()
        self.stdout.write(f"Fixed the thanks count of {fixed} post{'s' if fixed != 1 else ''}.")
