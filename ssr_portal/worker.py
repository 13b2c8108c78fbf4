"""What the portal adds to django-tasks-db's worker (`manage.py db_worker`, which
ssr_portal/management/commands/db_worker.py extends):

1. A heartbeat: a thread beside the worker's loop writes the worker's
   WorkerHeartbeat row every SSR_WORKER_HEARTBEAT_SECONDS and removes it when the
   worker stops. /readyz reports the freshest one.
2. Recovery: a task left running by a worker whose heartbeat is older than
   SSR_WORKER_STALE_SECONDS (the worker was killed, or its machine went away) is
   made ready again, or failed when it has had all its attempts. django-tasks-db
   alone would leave it running for ever. Every worker's heartbeat thread does
   this, so a restarted worker, or any other, picks the task up.
3. The periodic jobs (PERIODIC_JOBS): each is enqueued once per period however
   many workers run, claimed by a unique PeriodicRun row. No cron is needed.
"""

import datetime
import logging
import os
import socket
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus

from .lib.tasks import retry_policy_of
from .models import PeriodicRun, WorkerHeartbeat

logger = logging.getLogger(__name__)

__all__ = [
    "PERIODIC_JOBS",
    "Heartbeat",
    "default_worker_id",
    "periodic_jobs_enqueue",
    "tasks_recover_stale",
    "worker_heartbeat",
    "worker_last_seen",
]


@dataclass(frozen=True)
class PeriodicJob:
    # The module path of a task that takes no arguments.
    task_path: str
    # "daily" (once per local date, from `after` o'clock) or "hourly".
    every: str = "daily"
    after: datetime.time = datetime.time(0, 0)

    def slot(self, now: datetime.datetime) -> str | None:
        """The period `now` falls in, or None before the day's starting time."""
        local = timezone.localtime(now)
        if self.every == "hourly":
            return local.strftime("%Y-%m-%dT%H")
        if local.time() < self.after:
            return None
        return local.date().isoformat()


PERIODIC_JOBS = [
    # Officials read their reminders in the morning, not at midnight.
    PeriodicJob("cases.tasks.follow_up_reminders_send", after=datetime.time(6, 0)),
    # The day's notifications in one e-mail, for those who chose the digest.
    PeriodicJob("members.tasks.notification_digest_send", after=datetime.time(6, 30)),
    PeriodicJob("ssr_portal.tasks.task_results_prune", after=datetime.time(3, 0)),
    PeriodicJob("ssr_portal.tasks.orphan_files_cleanup", after=datetime.time(4, 0)),
]


def default_worker_id() -> str:
    """Host and process, readable in the admin and the logs (at most 64 letters)."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}"


def worker_heartbeat(worker_id: str) -> None:
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "seen_at": now,
            },
        )


def worker_last_seen() -> datetime.datetime | None:
    """When a worker last said it is alive, or None when none ever did (or all
    stopped)."""
    return WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]


def tasks_recover_stale(*, now: datetime.datetime | None = None) -> int:
    """Make the tasks of dead workers ready again; returns how many.

    A running task is stale when it started more than SSR_WORKER_STALE_SECONDS
    ago and the worker that claimed it last has no heartbeat that fresh. It is
    set ready to run now, or failed when it has had all the attempts of its
    retry policy (each claim is an attempt)."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stale_before = now - datetime.timedelta(seconds=settings.SSR_WORKER_STALE_SECONDS)
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=stale_before).values_list(
            "worker_id", flat=True
        )
    )
    recovered = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=stale_before
        )
        for row in running:
            if row.worker_ids and row.worker_ids[-1] in alive:
                continue  # a long task of a live worker
            attempts = len(row.worker_ids)
            if attempts >= retry_policy_of(row.task_path).max_attempts:
                row.status = TaskResultStatus.FAILED
                row.finished_at = now
                row.exception_class_path = "ssr_portal.worker.WorkerLost"
                row.traceback = (
                    f"The worker {row.worker_ids[-1] if row.worker_ids else '?'} "
                    f"stopped during attempt {attempts}; no attempts are left."
                )
                row.save(
                    update_fields=[
                        "status",
                        "finished_at",
                        "exception_class_path",
                        "traceback",
                    ]
                )
                logger.error("Task %s (%s) lost its worker", row.task_path, row.id)
            else:
                row.status = TaskResultStatus.READY
                row.run_after = now
                row.save(update_fields=["status", "run_after"])
                logger.warning(
                    "Task %s (%s) lost its worker %s; ready again",
                    row.task_path,
                    row.id,
                    row.worker_ids[-1] if row.worker_ids else "?",
                )
            recovered += 1
    return recovered


def periodic_jobs_enqueue(*, now: datetime.datetime | None = None) -> list[str]:
    """Enqueue each periodic job whose period has begun and has no run yet;
    returns the task paths enqueued. The PeriodicRun row and the task are written
    in one transaction, so two workers cannot both enqueue the day's run."""
    now = now or timezone.now()
    enqueued = []
    for job in PERIODIC_JOBS:
        slot = job.slot(now)
        if slot is None:
            continue
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(job=job.task_path, slot=slot)
                import_string(job.task_path).enqueue()
        except IntegrityError:
            continue  # another worker has it
        enqueued.append(job.task_path)
    return enqueued


class Heartbeat(threading.Thread):
    """The worker's second thread: heartbeat, recovery and periodic jobs, every
    SSR_WORKER_HEARTBEAT_SECONDS until `stop`."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self._stopped = threading.Event()

    def run(self) -> None:
        interval = settings.SSR_WORKER_HEARTBEAT_SECONDS
        try:
            while True:
                self.beat()
                if self._stopped.wait(interval):
                    break
        finally:
            connection.close()

    def beat(self) -> None:
        try:
            worker_heartbeat(self.worker_id)
            tasks_recover_stale()
            periodic_jobs_enqueue()
        except DatabaseError:
            # The database is away (a restart, a failover): try again next beat.
            logger.warning("Worker heartbeat failed", exc_info=True)
            connection.close()

    def stop(self) -> None:
        self._stopped.set()
        if self.ident is not None:  # started
            self.join(timeout=10)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("Could not remove the worker's heartbeat", exc_info=True)
