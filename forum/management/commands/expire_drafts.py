from django.conf import settings
from django.core.management.base import BaseCommand

from forum import drafts


class Command(BaseCommand):
    help = "Delete drafts not saved for FORUM_DRAFT_DAYS days (run daily from cron)."

    def handle(self, *args, **options):
        deleted = drafts.drafts_expire()
        self.stdout.write(
            f"Deleted {deleted} draft{'s' if deleted != 1 else ''} older than "
            f"{settings.FORUM_DRAFT_DAYS} days."
        )
