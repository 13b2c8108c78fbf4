"""The task worker as a process, killed as a crash kills it (issue 9 §3 and §5):
`manage.py db_worker` with production's settings on the test's PostgreSQL
database, a real SMTP server, SIGKILL in the middle of a task. Nothing is lost,
the task runs again once the killed worker's heartbeat is stale, and the
decision is e-mailed once.

PostgreSQL only: a second process cannot share SQLite's in-memory test database
(the Makefile runs the suite on both)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from PIL import Image

from cases.models import Dispatch, Document
from cases.services.attachments import attachment_add_file
from cases.services.dispatch import decision_dispatch
from cases.services.documents import document_start
from cases.services.handlingar import handlingar_build_enqueue, handlingar_stored
from tests.processes import (
    SmtpServer,
    kill,
    portal_environment,
    start_worker,
    stop,
    wait_for,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a worker process needs PostgreSQL (set DATABASE_URL)",
    ),
]

FAST = {"SSR_WORKER_HEARTBEAT_SECONDS": "1", "SSR_WORKER_STALE_SECONDS": "3"}


def _task() -> DBTaskResult:
    """The task of the test (the worker queues its daily jobs beside it)."""
    return DBTaskResult.objects.get(
        task_path__in=(
            "cases.tasks.dispatch_email_send",
            "cases.tasks.handlingar_build",
        )
    )


def test_a_worker_killed_while_sending_the_decision_sends_it_once_after_restart(
    adjusted_case, secretary, tmp_path
):
    decision_dispatch(case=adjusted_case, user=secretary)
    row = adjusted_case.dispatches.get(method=Dispatch.Method.EMAIL)
    log = tmp_path / "worker.log"
    with SmtpServer(stall_first=True) as smtp:
        environment = portal_environment(
            SSR_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            SSR_EMAIL_HOST="127.0.0.1",
            SSR_EMAIL_PORT=str(smtp.port),
            **FAST,
        )
        worker = start_worker(environment, log)
        # The worker is talking to the (hung) mail server, the row locked.
        wait_for(lambda: smtp.connections == 1, what="the first SMTP connection")
        kill(worker)
        row.refresh_from_db()
        assert (row.status, row.attempts) == (Dispatch.Status.TO_DO, 0)
        assert _task().status == TaskResultStatus.RUNNING
        assert smtp.messages == []

        worker = start_worker(environment, log)
        try:
            wait_for(
                lambda: _task().status == TaskResultStatus.SUCCESSFUL,
                what="the task to run again",
                timeout=60,
            )
        finally:
            assert stop(worker) == 0, log.read_text()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Dispatch.Status.SENT, 1)
    [message] = smtp.messages
    assert message["To"] == "info@samverkan.example"
    assert message["Message-ID"] == f"<dispatch-{row.pk}-{adjusted_case.pk}@localhost>"
    assert len(_task().worker_ids) == 2


def _png(number: int) -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", (40 + number, 30), (200, 30 * number % 255, 40)).save(data, "PNG")
    return SimpleUploadedFile(f"karta-{number}.png", data.getvalue(), "image/png")


def test_a_worker_killed_while_putting_the_handlingar_together_finishes_after_restart(
    case, alice, tmp_path
):
    document = document_start(case=case, user=alice)
    for number in range(12):  # each image is a placeholder page: a WeasyPrint render
        attachment_add_file(document=document, user=alice, file=_png(number))
    DBTaskResult.objects.all().delete()  # the attachments' text extraction
    document = Document.objects.select_related("case__board__organisation").get(
        pk=document.pk
    )
    handlingar_build_enqueue(document)
    log = tmp_path / "worker.log"
    environment = portal_environment(**FAST)
    worker = start_worker(environment, log)
    wait_for(
        lambda: _task().status == TaskResultStatus.RUNNING, what="the build to start"
    )
    kill(worker)
    assert _task().status == TaskResultStatus.RUNNING
    assert handlingar_stored(document) is None

    worker = start_worker(environment, log)
    try:
        wait_for(
            lambda: _task().status == TaskResultStatus.SUCCESSFUL,
            what="the build to run again",
            timeout=90,
        )
    finally:
        assert stop(worker) == 0, log.read_text()
    data = handlingar_stored(document)
    assert data is not None and data.startswith(b"%PDF")
    assert len(_task().worker_ids) == 2
