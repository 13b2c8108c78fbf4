from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "targets"
    verbose_name = _("Vision")

    def ready(self) -> None:
        """A linked case's approval and board decision reach the member's row for
        the vision in the same transaction as the step in the cases app (its
        explicit hooks; cases never imports targets). A new member's rows come
        from the one signal receiver, signals.py says why."""
        from cases import hooks

        from . import services, signals  # noqa: F401 - signals connects its receiver

        hooks.on_approval_step.register(services.approval_from_case_approval)
        hooks.on_decision_recorded.register(services.approval_from_decision)
