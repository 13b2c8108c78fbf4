"""The task worker's additions (ssr_portal/worker.py): heartbeat, the recovery of
a killed worker's tasks, the periodic jobs, and the retry of a failing task."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ssr_portal.models import PeriodicRun, WorkerHeartbeat
from ssr_portal.tasks import email_send
from ssr_portal.worker import (
    Heartbeat,
    periodic_jobs_enqueue,
    tasks_recover_stale,
    worker_heartbeat,
    worker_last_seen,
)
from tests.helpers import run_tasks

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _running(worker_id: str, *, started: datetime.datetime, attempts: int = 1):
    queued = email_send.enqueue(subject="Hej", body="Text", to=["a@example.se"])
    DBTaskResult.objects.filter(id=queued.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=started,
        worker_ids=[f"earlier-{n}" for n in range(attempts - 1)] + [worker_id],
    )
    return DBTaskResult.objects.get(id=queued.id)


def test_a_heartbeat_says_when_a_worker_was_last_seen():
    assert worker_last_seen() is None
    worker_heartbeat("host-1")
    first = worker_last_seen()
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=10)):
        worker_heartbeat("host-1")
        assert worker_last_seen() > first
    assert WorkerHeartbeat.objects.count() == 1


def test_the_heartbeat_thread_beats_until_stopped_and_then_says_goodbye(settings):
    settings.SSR_WORKER_HEARTBEAT_SECONDS = 0.05
    heartbeat = Heartbeat("thread-1")
    heartbeat.beat()  # what the thread does every interval
    assert WorkerHeartbeat.objects.filter(worker_id="thread-1").exists()
    heartbeat.stop()  # never started: stopping still removes the row
    assert not WorkerHeartbeat.objects.filter(worker_id="thread-1").exists()


def test_a_task_of_a_worker_that_stopped_beating_runs_again(settings):
    settings.SSR_WORKER_STALE_SECONDS = 60
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(minutes=5)):
        worker_heartbeat("killed")
    task = _running("killed", started=now - datetime.timedelta(minutes=5))
    assert tasks_recover_stale(now=now) == 1
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    assert run_tasks() == 1
    assert [m.subject for m in mail.outbox] == ["Hej"]


def test_a_long_task_of_a_live_worker_is_left_alone(settings):
    settings.SSR_WORKER_STALE_SECONDS = 60
    now = timezone.now()
    worker_heartbeat("busy")
    task = _running("busy", started=now - datetime.timedelta(minutes=30))
    assert tasks_recover_stale(now=now) == 0
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_a_task_that_lost_its_worker_on_its_last_attempt_fails_visibly(settings):
    settings.SSR_WORKER_STALE_SECONDS = 60
    now = timezone.now()
    task = _running(
        "gone", started=now - datetime.timedelta(minutes=5), attempts=6
    )  # email_send has six attempts
    assert tasks_recover_stale(now=now) == 1
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert "gone" in task.traceback
    assert run_tasks() == 0


def test_the_daily_jobs_are_queued_once_a_day_from_their_hour():
    early = datetime.datetime(2026, 12, 1, 5, 30, tzinfo=STOCKHOLM)
    assert periodic_jobs_enqueue(now=early) == [
        "ssr_portal.tasks.task_results_prune",
        "ssr_portal.tasks.orphan_files_cleanup",
    ]
    morning = early.replace(hour=6, minute=5)
    assert periodic_jobs_enqueue(now=morning) == [
        "cases.tasks.follow_up_reminders_send"
    ]
    assert periodic_jobs_enqueue(now=morning.replace(minute=35)) == [
        "members.tasks.notification_digest_send"
    ]
    assert periodic_jobs_enqueue(now=morning.replace(hour=14)) == []
    assert DBTaskResult.objects.count() == 4
    next_day = morning.replace(minute=35) + datetime.timedelta(days=1)
    assert len(periodic_jobs_enqueue(now=next_day)) == 4
    assert set(PeriodicRun.objects.values_list("slot", flat=True)) == {
        "2026-12-01",
        "2026-12-02",
    }


def test_a_failing_notification_is_tried_again_with_a_growing_wait():
    email_send.enqueue(subject="Hej", body="Text", to=["a@example.se"])
    waits = []
    clock = timezone.now()
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("no")):
        for _attempt in range(3):
            with time_machine.travel(clock):
                assert run_tasks() == 1
            task = DBTaskResult.objects.get()
            waits.append((task.run_after - clock).total_seconds())
            clock = task.run_after + datetime.timedelta(seconds=1)
    assert task.status == TaskResultStatus.READY
    assert 24 <= waits[0] <= 36  # 30 s ± 20 %
    assert waits[0] < waits[1] < waits[2]
    with time_machine.travel(clock):
        assert run_tasks() == 1
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_old_finished_task_results_are_pruned():
    from ssr_portal.tasks import task_results_prune

    for _ in range(2):
        email_send.enqueue(subject="Hej", body="Text", to=["a@example.se"])
    run_tasks()
    assert task_results_prune.call() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        assert task_results_prune.call() == 2


def test_the_daily_cleanup_removes_a_file_no_row_uses(settings, tmp_path):
    import os

    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage, default_storage

    from ssr_portal.tasks import orphan_files_cleanup

    name = default_storage.save("documents/pdf/orphan-test.pdf", ContentFile(b"%PDF"))
    if isinstance(default_storage, FileSystemStorage):  # made a few days old
        old = timezone.now().timestamp() - 3 * 86400
        os.utime(default_storage.path(name), (old, old))
        orphan_files_cleanup.enqueue()
        run_tasks()
        assert not default_storage.exists(name)
    else:  # S3 dates its objects itself: a day on, the object is old enough
        with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
            orphan_files_cleanup.enqueue()
            run_tasks()
        assert not default_storage.exists(name)
