"""services.case_send_follow_up_reminders and its daily command: each reminder is
a notification of the handler (members.services.notification_send), e-mailed by
the worker."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from cases.models import Case
from cases.services import case_send_follow_up_reminders, case_update
from members.models import Notification, NotificationPreference
from tests.helpers import run_tasks

pytestmark = pytest.mark.django_db

FOLLOW_UP = datetime.date(2030, 1, 15)


@pytest.fixture
def due_case(case, alice):
    case_update(case=case, user=alice, follow_up_date=FOLLOW_UP)
    return case


def test_the_handler_is_reminded_on_the_follow_up_date(due_case, alice):
    assert case_send_follow_up_reminders(today=FOLLOW_UP) == 1
    assert mail.outbox == []  # the worker sends it
    run_tasks()
    [message] = mail.outbox
    assert message.to == [alice.email]
    assert "KS 2023/1" in message.subject
    assert f"/cases/{due_case.pk}/" in message.body
    due_case.refresh_from_db()
    assert due_case.follow_up_reminded_date == FOLLOW_UP
    [notice] = Notification.objects.filter(recipient=alice)
    assert notice.kind == Notification.Kind.FOLLOW_UP_DUE
    assert notice.url == due_case.get_absolute_url()


def test_nobody_is_reminded_before_the_date(due_case):
    assert case_send_follow_up_reminders(today=FOLLOW_UP - datetime.timedelta(1)) == 0
    assert mail.outbox == []


def test_a_run_after_a_missed_day_still_reminds(due_case):
    assert case_send_follow_up_reminders(today=FOLLOW_UP + datetime.timedelta(2)) == 1


def test_the_same_date_is_not_reminded_twice(due_case):
    case_send_follow_up_reminders(today=FOLLOW_UP)
    case_send_follow_up_reminders(today=FOLLOW_UP)
    case_send_follow_up_reminders(today=FOLLOW_UP + datetime.timedelta(1))
    run_tasks()
    assert len(mail.outbox) == 1


def test_editing_the_case_after_the_reminder_does_not_remind_again(due_case, alice):
    case_send_follow_up_reminders(today=FOLLOW_UP)
    case_update(case=due_case, user=alice, title="Ny titel", follow_up_date=FOLLOW_UP)
    case_send_follow_up_reminders(today=FOLLOW_UP + datetime.timedelta(1))
    run_tasks()
    assert len(mail.outbox) == 1


def test_a_date_moved_forward_after_a_reminder_is_reminded_on_its_new_day(
    due_case, alice
):
    case_send_follow_up_reminders(today=FOLLOW_UP)
    new_date = FOLLOW_UP + datetime.timedelta(days=14)
    case_update(case=due_case, user=alice, follow_up_date=new_date)
    assert case_send_follow_up_reminders(today=new_date - datetime.timedelta(1)) == 0
    assert case_send_follow_up_reminders(today=new_date) == 1
    run_tasks()
    assert len(mail.outbox) == 2


def test_closed_cases_are_not_reminded(due_case):
    Case.objects.filter(pk=due_case.pk).update(status=Case.Status.CLOSED)
    assert case_send_follow_up_reminders(today=FOLLOW_UP) == 0
    assert mail.outbox == []


def test_a_handler_without_an_address_is_reminded_in_the_portal(due_case, alice):
    alice.email = ""
    alice.save()
    assert case_send_follow_up_reminders(today=FOLLOW_UP) == 1
    run_tasks()
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=alice).count() == 1


def test_cases_without_an_active_handler_are_left_alone(due_case, alice):
    alice.is_active = False
    alice.save()
    assert case_send_follow_up_reminders(today=FOLLOW_UP) == 0
    Case.objects.filter(pk=due_case.pk).update(handler=None)
    assert case_send_follow_up_reminders(today=FOLLOW_UP) == 0


def test_a_handler_who_wants_the_digest_gets_no_mail_at_once(due_case, alice):
    NotificationPreference.objects.create(
        user=alice, kind="follow_up_due", delivery="digest"
    )
    case_send_follow_up_reminders(today=FOLLOW_UP)
    run_tasks()
    assert mail.outbox == []


def test_a_failing_mail_is_tried_again_by_the_worker(due_case):
    with mock.patch(
        "django.core.mail.EmailMessage.send", side_effect=OSError("no server")
    ):
        assert case_send_follow_up_reminders(today=FOLLOW_UP) == 1
        run_tasks()
    assert mail.outbox == []
    [notice] = Notification.objects.all()
    assert notice.emailed_at is None
    with time_machine.travel(datetime.timedelta(minutes=5)):
        run_tasks()
    assert len(mail.outbox) == 1
    # Once only, however often the day's run comes again.
    assert case_send_follow_up_reminders(today=FOLLOW_UP) == 0


def test_the_reminder_is_written_in_swedish(due_case):
    case_send_follow_up_reminders(today=FOLLOW_UP)
    run_tasks()
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
        run_tasks()
    assert len(mail.outbox) == 1
    assert "Sent 1 follow-up reminder" in capsys.readouterr().out


def test_the_command_takes_a_date_and_refuses_a_malformed_one(due_case):
    call_command("send_follow_up_reminders", date="2030-01-15")
    run_tasks()
    assert len(mail.outbox) == 1
    with pytest.raises(CommandError):
        call_command("send_follow_up_reminders", date="15/1 2030")
