import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cases.models import Case, Dispatch
from cases.services.dispatch import (
    case_close,
    decision_dispatch,
    dispatch_mark_done,
    dispatch_retry_failed,
)
from ssr_portal.lib.refusals import StepRefused
from tests.factories import UserFactory
from tests.helpers import run_tasks

pytestmark = pytest.mark.django_db


def test_dispatch_mails_the_recipients_with_an_address_and_lists_the_rest(
    adjusted_case, secretary
):
    decision_dispatch(case=adjusted_case, user=secretary)
    assert mail.outbox == []  # the request sends nothing: the worker does
    assert run_tasks() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["info@samverkan.example"]
    assert "noterar till protokollet" in message.body
    assert "§ 1" in message.body
    [(name, content, mimetype)] = message.attachments
    assert name == "protokollsutdrag-2023-04-12-1.pdf"
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    rows = {row.recipient_name: row for row in adjusted_case.dispatches.all()}
    assert rows["Samverkan Stockholmsregionen"].status == Dispatch.Status.SENT
    assert rows["Samverkan Stockholmsregionen"].sent_at is not None
    assert rows["Länsstyrelsen Stockholm"].method == Dispatch.Method.MANUAL
    assert rows["Länsstyrelsen Stockholm"].status == Dispatch.Status.TO_DO
    adjusted_case.refresh_from_db()
    assert adjusted_case.status == Case.Status.ADJUSTED


def test_the_mail_is_a_task_queued_with_the_rows(adjusted_case, secretary):
    decision_dispatch(case=adjusted_case, user=secretary)
    assert mail.outbox == []
    assert set(adjusted_case.dispatches.values_list("status", flat=True)) == {
        Dispatch.Status.TO_DO
    }
    row = adjusted_case.dispatches.get(method=Dispatch.Method.EMAIL)
    [queued] = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert queued.task_path == "cases.tasks.dispatch_email_send"
    assert queued.args_kwargs["kwargs"] == {"dispatch_id": row.pk}


def test_a_refused_dispatch_queues_no_task(adjusted_case, alice):
    with pytest.raises(PermissionDenied):
        decision_dispatch(case=adjusted_case, user=alice)
    assert not DBTaskResult.objects.exists()


def test_marking_the_manual_row_done_moves_the_case_to_dispatched(
    adjusted_case, secretary
):
    decision_dispatch(case=adjusted_case, user=secretary)
    run_tasks()
    manual = adjusted_case.dispatches.get(method=Dispatch.Method.MANUAL)
    dispatch_mark_done(dispatch=manual, user=secretary, note="Med post 2023-04-17")
    manual.refresh_from_db()
    assert manual.status == Dispatch.Status.DONE
    assert manual.by == secretary
    assert manual.note == "Med post 2023-04-17"
    adjusted_case.refresh_from_db()
    assert adjusted_case.status == Case.Status.DISPATCHED


def test_a_row_cannot_be_marked_done_twice(adjusted_case, secretary):
    decision_dispatch(case=adjusted_case, user=secretary)
    manual = adjusted_case.dispatches.get(method=Dispatch.Method.MANUAL)
    dispatch_mark_done(dispatch=manual, user=secretary)
    with pytest.raises(StepRefused):
        dispatch_mark_done(dispatch=manual, user=secretary)
    email_row = adjusted_case.dispatches.get(method=Dispatch.Method.EMAIL)
    with pytest.raises(StepRefused):
        dispatch_mark_done(dispatch=email_row, user=secretary)


def test_only_the_secretary_of_the_organisation_may_dispatch(
    adjusted_case, alice, director, botkyrka_secretary
):
    for person in (alice, director, botkyrka_secretary):
        with pytest.raises(PermissionDenied):
            decision_dispatch(case=adjusted_case, user=person)
    assert not Dispatch.objects.exists()


def test_dispatch_is_refused_before_the_minutes_are_adjusted(decided, secretary):
    with pytest.raises(StepRefused):
        decision_dispatch(case=decided, user=secretary)
    assert not Dispatch.objects.exists()


def test_dispatch_is_refused_twice(adjusted_case, secretary):
    decision_dispatch(case=adjusted_case, user=secretary)
    with pytest.raises(StepRefused):
        decision_dispatch(case=adjusted_case, user=secretary)
    assert adjusted_case.dispatches.count() == 2


def test_a_failed_send_is_recorded_and_tried_again_after_a_backoff(
    adjusted_case, secretary
):
    decision_dispatch(case=adjusted_case, user=secretary)
    with mock.patch(
        "django.core.mail.EmailMessage.send", side_effect=OSError("refused")
    ):
        assert run_tasks() == 1
    row = adjusted_case.dispatches.get(method=Dispatch.Method.EMAIL)
    assert row.status == Dispatch.Status.FAILED
    assert "refused" in row.error
    assert mail.outbox == []
    # The task waits for its backoff (30 s to a few minutes), with its error.
    [task] = DBTaskResult.objects.all()
    assert task.status == TaskResultStatus.READY
    assert task.run_after > timezone.now() + datetime.timedelta(seconds=30)
    assert task.exception_class_path.endswith("DispatchSendFailed")
    assert run_tasks() == 0  # not yet
    with time_machine.travel(task.run_after + datetime.timedelta(seconds=1)):
        assert run_tasks() == 1
    row.refresh_from_db()
    assert row.status == Dispatch.Status.SENT
    assert row.attempts == 2
    assert len(mail.outbox) == 1
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert len(task.worker_ids) == 2


def test_a_send_that_keeps_failing_stops_after_its_attempts(adjusted_case, secretary):
    decision_dispatch(case=adjusted_case, user=secretary)
    later = timezone.now()
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("no")):
        for _attempt in range(8):
            later += datetime.timedelta(hours=2)
            with time_machine.travel(later):
                assert run_tasks() == 1
        with time_machine.travel(later + datetime.timedelta(hours=2)):
            assert run_tasks() == 0
    [task] = DBTaskResult.objects.all()
    assert task.status == TaskResultStatus.FAILED
    row = adjusted_case.dispatches.get(method=Dispatch.Method.EMAIL)
    assert (row.status, row.attempts) == (Dispatch.Status.FAILED, 8)


def test_the_secretary_sends_the_failed_mails_again(adjusted_case, secretary):
    decision_dispatch(case=adjusted_case, user=secretary)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("x")):
        run_tasks()
    row = adjusted_case.dispatches.get(method=Dispatch.Method.EMAIL)
    retried = dispatch_retry_failed(case=adjusted_case, user=secretary)
    assert [r.pk for r in retried] == [row.pk]
    # Her retry and the worker's own (after its backoff) both exist; the row is
    # sent once.
    run_tasks()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        run_tasks()
    row.refresh_from_db()
    assert row.status == Dispatch.Status.SENT
    assert len(mail.outbox) == 1


def test_a_sent_row_is_not_sent_again_by_a_second_task(adjusted_case, secretary):
    from cases.tasks import dispatch_email_send

    decision_dispatch(case=adjusted_case, user=secretary)
    row = adjusted_case.dispatches.get(method=Dispatch.Method.EMAIL)
    dispatch_email_send.enqueue(dispatch_id=row.pk)
    assert run_tasks() == 2
    assert len(mail.outbox) == 1


def test_every_attempt_carries_the_same_message_id(adjusted_case, secretary):
    from django.core.mail import EmailMessage

    tried = []

    def refuse(message, *args, **kwargs):
        tried.append(message.extra_headers["Message-ID"])
        raise OSError("busy")

    decision_dispatch(case=adjusted_case, user=secretary)
    with mock.patch.object(EmailMessage, "send", autospec=True, side_effect=refuse):
        run_tasks()
    dispatch_retry_failed(case=adjusted_case, user=secretary)
    run_tasks()
    row = adjusted_case.dispatches.get(method=Dispatch.Method.EMAIL)
    expected = f"<dispatch-{row.pk}-{adjusted_case.pk}@localhost>"
    assert tried == [expected]
    assert mail.outbox[0].extra_headers["Message-ID"] == expected


def test_close_needs_a_dispatched_case(adjusted_case, secretary):
    with pytest.raises(StepRefused):
        case_close(case=adjusted_case, user=secretary)


def test_a_registrar_closes_the_dispatched_case(adjusted_case, secretary, huddinge):
    registrar = UserFactory(
        username="rut", organisation=huddinge, roles=["registrator"]
    )
    decision_dispatch(case=adjusted_case, user=secretary)
    for row in adjusted_case.dispatches.all():
        row.status = (
            Dispatch.Status.DONE
            if row.method == Dispatch.Method.MANUAL
            else Dispatch.Status.SENT
        )
        row.save()
    adjusted_case.status = Case.Status.DISPATCHED
    adjusted_case.save()
    case_close(case=adjusted_case, user=registrar)
    adjusted_case.refresh_from_db()
    assert adjusted_case.status == Case.Status.CLOSED


def test_an_official_may_not_close(adjusted_case, alice):
    adjusted_case.status = Case.Status.DISPATCHED
    adjusted_case.save()
    with pytest.raises(PermissionDenied):
        case_close(case=adjusted_case, user=alice)
    adjusted_case.refresh_from_db()
    assert adjusted_case.status == Case.Status.DISPATCHED


def test_the_retry_command_queues_the_failed_mails(adjusted_case, secretary):
    decision_dispatch(case=adjusted_case, user=secretary)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("down")):
        run_tasks()
    out = mock.MagicMock()
    call_command("dispatch_retry", stdout=out)
    run_tasks()
    row = adjusted_case.dispatches.get(method=Dispatch.Method.EMAIL)
    assert row.status == Dispatch.Status.SENT
    assert len(mail.outbox) == 1
