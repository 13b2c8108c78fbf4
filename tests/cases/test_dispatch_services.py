from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from cases.models import Case, Dispatch
from cases.services.dispatch import (
    case_close,
    decision_dispatch,
    dispatch_mark_done,
    dispatch_retry_failed,
)
from cases.services.workflow import StepRefused
from tests.cases.anslag_fixtures import *  # noqa: F403
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_dispatch_mails_the_recipients_with_an_address_and_lists_the_rest(
    adjusted_case, secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision_dispatch(case=adjusted_case, user=secretary)
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


def test_the_mail_waits_for_the_commit(adjusted_case, secretary):
    decision_dispatch(case=adjusted_case, user=secretary)
    # Without the commit (test transaction) nothing went out: the rows wait.
    assert mail.outbox == []
    assert set(adjusted_case.dispatches.values_list("status", flat=True)) == {
        Dispatch.Status.TO_DO
    }


def test_marking_the_manual_row_done_moves_the_case_to_dispatched(
    adjusted_case, secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision_dispatch(case=adjusted_case, user=secretary)
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


def test_a_failed_send_is_logged_and_retried(
    adjusted_case, secretary, django_capture_on_commit_callbacks
):
    with (
        mock.patch(
            "django.core.mail.EmailMessage.send", side_effect=OSError("refused")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        decision_dispatch(case=adjusted_case, user=secretary)
    row = adjusted_case.dispatches.get(method=Dispatch.Method.EMAIL)
    assert row.status == Dispatch.Status.FAILED
    assert "refused" in row.error
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        retried = dispatch_retry_failed(case=adjusted_case, user=secretary)
    assert [r.pk for r in retried] == [row.pk]
    row.refresh_from_db()
    assert row.status == Dispatch.Status.SENT
    assert row.attempts == 2
    assert len(mail.outbox) == 1


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


def test_the_retry_command_sends_the_failed_mails(
    adjusted_case, secretary, django_capture_on_commit_callbacks
):
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        decision_dispatch(case=adjusted_case, user=secretary)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("dispatch_retry", stdout=mock.MagicMock())
    row = adjusted_case.dispatches.get(method=Dispatch.Method.EMAIL)
    assert row.status == Dispatch.Status.SENT
    assert len(mail.outbox) == 1
