"""`db_worker`: django-tasks-db's worker with the portal's heartbeat, recovery of
a killed worker's tasks and periodic jobs (ssr_portal/worker.py).

The same command and options as django-tasks-db's (`--queue-name`, `--batch`,
`--max-tasks`, `--reload`, …); ssr_portal comes before django_tasks_db in
INSTALLED_APPS, so this one is the one `manage.py db_worker` runs. Stop it with
Ctrl-C or SIGTERM: the task it is running finishes first."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from ssr_portal.worker import Heartbeat, default_worker_id


class Command(DatabaseWorker):
    help = (
        "Run the background tasks (django-tasks-db's worker, with a heartbeat, "
        "the recovery of a killed worker's tasks and the daily jobs)."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=default_worker_id())

    def handle(self, *args, **options) -> None:
        reloads = options["reload"] and not options["batch"]
        # With --reload the parent process only watches files; the child runs.
        runs_tasks = not reloads or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        heartbeat = Heartbeat(options["worker_id"]) if runs_tasks else None
        if heartbeat is not None:
            heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            if heartbeat is not None:
                heartbeat.stop()
