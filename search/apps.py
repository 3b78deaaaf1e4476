from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_migrate, pre_migrate

        from search import sqlite_fts

        # On SQLite, the full-text index's triggers come off while migrations rebuild
        # tables, and go back on after (search.sqlite_fts). Sent once per app with
        # models (this one has none): both are cheap and safe to repeat.
        pre_migrate.connect(sqlite_fts.before_migrate, dispatch_uid="search-fts-off")
        post_migrate.connect(sqlite_fts.after_migrate, dispatch_uid="search-fts-on")
