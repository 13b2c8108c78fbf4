from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tasks_db.apps import TasksAppConfig


class PortalConfig(AppConfig):
    name = "ssr_portal"
    # This module holds another AppConfig (below, and the one it extends).
    default = True
    verbose_name = _("SSR portal")

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created
        from django_tasks.signals import task_finished

        from . import checks  # noqa: F401 - registers the system checks
        from .lib.collation import register_sqlite_collation
        from .lib.log import request_unbind
        from .lib.search_text import postgres_search_settings
        from .lib.tasks import task_reschedule_failed

        # A request's log lines end when Django has finished it (its 4xx/5xx line
        # is written after the middleware returned).
        request_finished.connect(request_unbind, dispatch_uid="ssr_portal.log")

        # SQLite has no ICU: each connection gets the Swedish collation.
        connection_created.connect(
            register_sqlite_collation, dispatch_uid="ssr_portal.swedish_collation"
        )
        connection_created.connect(
            postgres_search_settings, dispatch_uid="ssr_portal.search_settings"
        )
        task_finished.connect(
            task_reschedule_failed, dispatch_uid="ssr_portal.task_reschedule_failed"
        )


class TasksDatabaseConfig(TasksAppConfig):
    """django-tasks-db under a name the admin shows in Swedish."""

    verbose_name = _("Background work")
    default = False


# django-tasks-db ships no Swedish catalogue; these are its labels in the admin,
# marked here so that the portal's catalogue translates them.
THIRD_PARTY_LABELS = [
    _("Task Result"),
    _("Task Results"),
    _("status"),
    _("enqueued at"),
    _("started at"),
    _("finished at"),
    _("args kwargs"),
    _("priority"),
    _("task path"),
    _("worker id"),
    _("queue name"),
    _("backend name"),
    _("run after"),
    _("return value"),
    _("exception class path"),
    _("traceback"),
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
]
