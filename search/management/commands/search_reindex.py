from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from config.progress import reporter
from search import sqlite_fts, triggers


class Command(BaseCommand):
    help = (
        "Recompute every post's search vector on PostgreSQL, after re-creating the "
        "trigger functions with the current SEARCH_CONFIG. The configuration (the "
        "language used to split and stem words) is written into the SQL function the "
        "triggers call, so a change of SEARCH_CONFIG would otherwise apply to searches "
        "at once but to stored vectors never, and stemmed words would stop matching. "
        "Also repairs vectors written while the triggers were missing (a restore "
        "without them, a manual change). Posts are updated in batches, one transaction "
        "each; the site stays usable meanwhile. On SQLite, (re)creates the FTS5 index "
        "and its triggers and rebuilds the index from the posts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Posts per transaction (5000)."
        )

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if connection.vendor == "sqlite":
            sqlite_fts.install(connection)
            indexed = sqlite_fts.refresh(connection)
            self.stdout.write(
                self.style.SUCCESS(f"Reindexed {indexed} post(s) in SQLite's FTS5 index.")
            )
            return
        if connection.vendor != "postgresql":
            self.stdout.write("Nothing to do: without PostgreSQL or SQLite, search reads the text.")
            return
        try:
            config = triggers.search_config()
            triggers.install(connection, config=config)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        progress = reporter("post ids", self.stdout.write)
        updated = triggers.vectors_refresh(connection, batch_size=batch_size, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(f"Reindexed {updated} post(s) with configuration '{config}'.")
        )
