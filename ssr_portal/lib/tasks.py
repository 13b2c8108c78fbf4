"""Background work through Django's tasks API: the django-tasks backport with its
database backend django-tasks-db, run by `manage.py db_worker` (ssr_portal/worker.py
adds the heartbeat, the recovery of a killed worker's tasks and the daily jobs).

How the portal's tasks are written:

- Declare a task with `portal_task`: Django's `task` plus a retry policy. A task
  that raises is run again after a backoff (30 s, 1 min, 2 min, … with jitter,
  at most an hour) until it has been tried `max_attempts` times; then it stays
  failed, with its traceback, under "Bakgrundsjobb" in the admin.
- Enqueue inside the transaction of the change the task belongs to. The database
  backend writes the task's row in that transaction, so a change that rolls back
  leaves no task behind, and the worker sees the task only once the change is
  committed (no `on_commit` needed; a crash after the commit loses nothing).
- A task must be safe to run twice: a worker killed mid-task leaves its task
  running, and another worker sets it ready again once the killed one's
  heartbeat has stopped (`tasks_recover_stale`). Each task says in its docstring
  how it stays idempotent (for e-mail: the row is claimed under a lock held
  while the message is handed to the SMTP server).
- Arguments are JSON: ids and plain values, never model instances.
"""

import datetime
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus, task
from django_tasks.base import Task

logger = logging.getLogger(__name__)

__all__ = ["RetryPolicy", "portal_task", "retry_policy_of", "task_reschedule_failed"]


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    # Seconds before the second attempt; doubled for each one after.
    first_delay: float = 30.0
    longest_delay: float = 3600.0

    def delay(self, attempts: int) -> datetime.timedelta:
        """The wait after the `attempts`-th failed attempt, with ±20 % jitter so
        that tasks that failed together (an SMTP server down) do not all come back
        in the same second."""
        seconds = min(self.first_delay * 2 ** max(attempts - 1, 0), self.longest_delay)
        return datetime.timedelta(seconds=seconds * random.uniform(0.8, 1.2))  # noqa: S311


DEFAULT_POLICY = RetryPolicy()


def portal_task(
    *,
    max_attempts: int = DEFAULT_POLICY.max_attempts,
    first_delay: float = DEFAULT_POLICY.first_delay,
    priority: int = 0,
    queue_name: str = "default",
) -> Callable[[Callable], Task]:
    """Declare a background task (a module-level function) with its retry policy."""

    def decorate(function: Callable) -> Task:
        function.retry_policy = RetryPolicy(  # type: ignore[attr-defined]
            max_attempts=max_attempts, first_delay=first_delay
        )
        return task(priority=priority, queue_name=queue_name)(function)

    return decorate


def retry_policy_of(task_path: str) -> RetryPolicy:
    """The retry policy of the task at `task_path` (its module path); the default
    for a task that is not the portal's or no longer exists."""
    try:
        declared = import_string(task_path)
    except ImportError:
        return DEFAULT_POLICY
    return getattr(getattr(declared, "func", None), "retry_policy", DEFAULT_POLICY)


def task_reschedule_failed(sender, task_result, **kwargs) -> None:
    """On `task_finished`: a failed task with attempts left is made ready again,
    to run after its backoff. Its row keeps the traceback of the last failure, so
    the admin shows why it is waiting. One row per task, however many attempts
    (their workers are its `worker_ids`)."""
    from django_tasks_db.models import DBTaskResult

    if task_result.status != TaskResultStatus.FAILED:
        return
    policy = retry_policy_of(task_result.task.module_path)
    attempts = task_result.attempts
    if attempts >= policy.max_attempts:
        logger.error(
            "Task %s (%s) failed %s times; it is not tried again",
            task_result.task.module_path,
            task_result.id,
            attempts,
        )
        return
    run_after = timezone.now() + policy.delay(attempts)
    with transaction.atomic():
        DBTaskResult.objects.filter(
            id=task_result.id, status=TaskResultStatus.FAILED
        ).update(status=TaskResultStatus.READY, run_after=run_after, finished_at=None)
    logger.warning(
        "Task %s (%s) failed (attempt %s of %s); again after %s",
        task_result.task.module_path,
        task_result.id,
        attempts,
        policy.max_attempts,
        run_after.isoformat(timespec="seconds"),
    )
