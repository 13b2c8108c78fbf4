from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "targets"
    verbose_name = _("Vision")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers
