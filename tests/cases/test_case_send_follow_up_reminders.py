"""services.case_send_follow_up_reminders and its daily command."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from cases.models import Case
from cases.services import case_send_follow_up_reminders, case_update

pytestmark = pytest.mark.django_db

FOLLOW_UP = datetime.date(2030, 1, 15)


@pytest.fixture
def due_case(case, alice):
    case_update(case=case, user=alice, follow_up_date=FOLLOW_UP)
    return case


def test_the_handler_is_reminded_on_the_follow_up_date(due_case, alice):
    assert case_send_follow_up_reminders(today=FOLLOW_UP) == 1
    [message] = mail.outbox
    assert message.to == [alice.email]
    assert "KS 2023/1" in message.subject
    assert f"/cases/{due_case.pk}/" in message.body
    due_case.refresh_from_db()
    assert due_case.follow_up_reminded_date == FOLLOW_UP


def test_nobody_is_reminded_before_the_date(due_case):
    assert case_send_follow_up_reminders(today=FOLLOW_UP - datetime.timedelta(1)) == 0
    assert mail.outbox == []


def test_a_run_after_a_missed_day_still_reminds(due_case):
    assert case_send_follow_up_reminders(today=FOLLOW_UP + datetime.timedelta(2)) == 1


def test_the_same_date_is_not_reminded_twice(due_case):
    case_send_follow_up_reminders(today=FOLLOW_UP)
    case_send_follow_up_reminders(today=FOLLOW_UP)
    case_send_follow_up_reminders(today=FOLLOW_UP + datetime.timedelta(1))
    assert len(mail.outbox) == 1


def test_editing_the_case_after_the_reminder_does_not_remind_again(due_case, alice):
    case_send_follow_up_reminders(today=FOLLOW_UP)
    case_update(case=due_case, user=alice, title="Ny titel", follow_up_date=FOLLOW_UP)
    case_send_follow_up_reminders(today=FOLLOW_UP + datetime.timedelta(1))
    assert len(mail.outbox) == 1


def test_a_date_moved_forward_after_a_reminder_is_reminded_on_its_new_day(
    due_case, alice
):
    case_send_follow_up_reminders(today=FOLLOW_UP)
    new_date = FOLLOW_UP + datetime.timedelta(days=14)
    case_update(case=due_case, user=alice, follow_up_date=new_date)
    assert case_send_follow_up_reminders(today=new_date - datetime.timedelta(1)) == 0
    assert case_send_follow_up_reminders(today=new_date) == 1
    assert len(mail.outbox) == 2


def test_closed_cases_are_not_reminded(due_case):
    Case.objects.filter(pk=due_case.pk).update(status=Case.Status.CLOSED)
    assert case_send_follow_up_reminders(today=FOLLOW_UP) == 0
    assert mail.outbox == []


def test_cases_without_a_reachable_handler_are_left_alone(due_case, alice):
    alice.email = ""
    alice.save()
    assert case_send_follow_up_reminders(today=FOLLOW_UP) == 0
    Case.objects.filter(pk=due_case.pk).update(handler=None)
    assert case_send_follow_up_reminders(today=FOLLOW_UP) == 0


def test_a_failing_mail_is_tried_again_on_the_next_run(due_case):
    with mock.patch(
        "cases.services.diarium.send_mail", side_effect=OSError("no server")
    ):
        assert case_send_follow_up_reminders(today=FOLLOW_UP) == 0
    due_case.refresh_from_db()
    assert due_case.follow_up_reminded_date is None
    assert case_send_follow_up_reminders(today=FOLLOW_UP) == 1


def test_the_reminder_is_written_in_swedish(due_case):
    case_send_follow_up_reminders(today=FOLLOW_UP)
    [message] = mail.outbox
    assert "2030" in message.body
    assert "januari" in message.body  # the date, in the portal's language
    assert message.subject == f"Bevakning: KS 2023/1 {due_case.title}"
    assert (
        f"Bevakningsdatumet 15 januari 2030 för ärende KS 2023/1 ”{due_case.title}”"
        " har kommit." in message.body
    )


def test_the_command_reminds_on_todays_date(due_case, capsys):
    with time_machine.travel(datetime.datetime(2030, 1, 15, 7, 0), tick=False):
        call_command("send_follow_up_reminders")
    assert len(mail.outbox) == 1
    assert "Sent 1 follow-up reminder" in capsys.readouterr().out


def test_the_command_takes_a_date_and_refuses_a_malformed_one(due_case):
    call_command("send_follow_up_reminders", date="2030-01-15")
    assert len(mail.outbox) == 1
    with pytest.raises(CommandError):
        call_command("send_follow_up_reminders", date="15/1 2030")
