"""The kallelse as a calendar invitation (cases/services/kallelse.py
`kallelse_ics`, the download kallelse.ics of the meeting page)."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from cases.services import meetings as meeting_services

pytestmark = pytest.mark.django_db


def read(response) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    return event


def test_the_meeting_page_offers_the_invitation(client, secretary, jmeeting):
    client.force_login(secretary)
    page = client.get(jmeeting.get_absolute_url()).content.decode()
    assert reverse("cases:kallelse-ics", args=[jmeeting.pk]) in page
    assert "Notice of meeting for your calendar (.ics)" in page


def test_the_invitation_has_the_board_the_time_the_place_and_the_people(
    client, secretary, jmeeting, chair, adjuster, settings
):
    client.force_login(secretary)
    response = client.get(reverse("cases:kallelse-ics", args=[jmeeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "kallelse-KS-2023-04-12.ics" in response["Content-Disposition"]
    event = read(response)
    assert str(event["SUMMARY"]) == "Sammanträde med Kommunstyrelsen"
    stockholm = ZoneInfo("Europe/Stockholm")
    assert event.decoded("DTSTART") == datetime.datetime(
        2023, 4, 12, 13, 0, tzinfo=stockholm
    )
    assert event.decoded("DTEND") == datetime.datetime(
        2023, 4, 12, 15, 0, tzinfo=stockholm
    )
    assert str(event["LOCATION"]) == "Kommunstyrelsesalen"
    assert f"{settings.SITE_URL}{jmeeting.get_absolute_url()}" in str(
        event["DESCRIPTION"]
    )
    attendees = event["ATTENDEE"]
    addresses = {str(attendee) for attendee in attendees}
    assert addresses == {
        f"mailto:{chair.email}",
        f"mailto:{adjuster.email}",
        f"mailto:{secretary.email}",
    }
    [chair_line] = [a for a in attendees if str(a) == f"mailto:{chair.email}"]
    assert chair_line.params["ROLE"] == "CHAIR"
    assert chair_line.params["CN"] == str(chair)


def test_the_uid_stays_the_same_when_the_meeting_moves(
    client, secretary, jmeeting, chair, adjuster
):
    client.force_login(secretary)
    url = reverse("cases:kallelse-ics", args=[jmeeting.pk])
    before = read(client.get(url))
    adjuster.email = ""
    adjuster.save()
    meeting_services.meeting_update(
        meeting=jmeeting,
        user=secretary,
        meeting_date=jmeeting.meeting_date,
        start_time=datetime.time(9, 0),
        place=jmeeting.place,
        chair=chair,
        secretary=secretary,
        adjusters=[adjuster],
    )
    after = read(client.get(url))
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("DTSTART").hour == 9
    # Only people with an address are invited.
    assert {str(a) for a in after["ATTENDEE"]} == {
        f"mailto:{chair.email}",
        f"mailto:{secretary.email}",
    }


def test_the_invitation_needs_a_login(client, jmeeting):
    response = client.get(reverse("cases:kallelse-ics", args=[jmeeting.pk]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
