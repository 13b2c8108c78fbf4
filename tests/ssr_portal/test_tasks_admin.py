"""The background work in the admin: IT sees each task, its attempts and last
error, in Swedish, and runs a failed one again."""

from unittest import mock

import pytest
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ssr_portal.tasks import email_send
from tests.factories import UserFactory
from tests.helpers import run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="it", is_staff=True, is_superuser=True))
    return client


def _failed() -> DBTaskResult:
    email_send.enqueue(subject="Hej", body="Text", to=["a@example.se"])
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("nej")):
        run_tasks()
    DBTaskResult.objects.update(status=TaskResultStatus.FAILED)  # no attempts left
    return DBTaskResult.objects.get()


def test_the_admin_lists_the_tasks_with_their_attempts_and_error_in_swedish(
    admin_client,
):
    task = _failed()
    page = admin_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist")
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Bakgrundsjobb" in text
    assert "email_send" in text
    assert "Misslyckad" in text
    assert "OSError" in text
    detail = admin_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[task.pk])
    )
    assert "nej" in detail.content.decode()  # the traceback


def test_a_failed_task_is_run_again_from_the_admin(admin_client, mailoutbox):
    task = _failed()
    response = admin_client.post(
        reverse("admin:django_tasks_database_dbtaskresult_changelist"),
        {"action": "run_again", "_selected_action": [str(task.pk)]},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    assert run_tasks() == 1
    assert len(mailoutbox) == 1
