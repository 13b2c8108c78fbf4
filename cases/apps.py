from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .services.search_index import search_index_fill, search_signals_connect

        search_signals_connect()
        # A database that has cases but no index yet (the upgrade that brings
        # the index) is indexed once, by the migrate that made the table.
        post_migrate.connect(
            search_index_fill, sender=self, dispatch_uid="cases.search"
        )
