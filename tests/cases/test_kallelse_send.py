"""The secretary sends the kallelse by e-mail (cases/services/kallelse.py
`kallelse_send`): each invited person gets one e-mail from the worker, with the
calendar invitation attached, in Swedish."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.helpers import run_tasks, use_language

pytestmark = pytest.mark.django_db


@pytest.fixture
def coming(make_meeting, chair, adjuster, secretary):
    return make_meeting(
        day=timezone.localdate() + datetime.timedelta(days=7),
        chair=chair,
        secretary=secretary,
        adjusters=[adjuster],
    )


def test_each_invited_person_gets_the_kallelse_with_the_invitation(
    client, coming, secretary, chair, adjuster
):
    client.force_login(secretary)
    use_language(client, "sv")
    page = client.get(coming.get_absolute_url()).content.decode()
    assert "Skicka kallelsen med e-post" in page
    response = client.post(
        reverse("cases:kallelse-send", args=[coming.pk]), follow=True
    )
    assert "Kallelsen skickas till 3 personer" in response.content.decode()
    assert mail.outbox == []  # the worker sends them
    assert run_tasks() >= 3
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) >= {secretary.email, chair.email, adjuster.email}
    message = by_address[chair.email]
    when = f"{coming.meeting_date:%Y-%m-%d}"
    assert message.subject == f"Kallelse: Kommunstyrelsen {when} kl. 13.00"
    assert "Du kallas till sammanträde med Kommunstyrelsen" in message.body
    assert coming.get_absolute_url() in message.body
    [(name, content, mimetype)] = message.attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART").date() == coming.meeting_date
    attendees = {str(a).removeprefix("mailto:") for a in event.get("ATTENDEE")}
    assert {chair.email, adjuster.email} <= attendees


def test_a_meeting_that_has_taken_place_is_not_called_again(
    client, make_meeting, chair, secretary
):
    held = make_meeting(chair=chair, secretary=secretary)  # 2023-04-12
    client.force_login(secretary)
    use_language(client, "sv")
    assert (
        "Skicka kallelsen med e-post"
        not in client.get(held.get_absolute_url()).content.decode()
    )
    response = client.post(reverse("cases:kallelse-send", args=[held.pk]), follow=True)
    assert "kallelsen kan inte längre skickas" in response.content.decode()
    run_tasks()
    assert mail.outbox == []


def test_only_the_boards_secretary_sends_it(client, coming, chair):
    client.force_login(chair)
    response = client.post(reverse("cases:kallelse-send", args=[coming.pk]))
    assert response.status_code == 403
    run_tasks()
    assert mail.outbox == []
