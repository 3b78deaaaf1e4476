from django.conf import settings
from django.core.management.base import BaseCommand

from moderation import withdrawals


class Command(BaseCommand):
    help = (
        "Erase the text of posts their authors withdrew more than FORUM_WITHDRAWN_KEEP_DAYS "
        "days ago, unless a report on them is still open (run daily from cron)."
    )

    def handle(self, *args, **options):
        erased = withdrawals.erase_due()
        self.stdout.write(
            f"Erased the text of {erased} withdrawn post{'s' if erased != 1 else ''} "
            f"(kept {settings.FORUM_WITHDRAWN_KEEP_DAYS} days)."
        )
