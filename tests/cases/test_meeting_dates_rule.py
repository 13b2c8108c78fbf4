"""The dates rule (issue 13): what the minutes record happens on or after the
meeting's day. A meeting dated 2026-12-31 was decided and justerad on
2026-12-01, so the anslag showed a justering and an appeal period before it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Decision, Justering, Notice
from cases.services import meetings as services
from cases.services.anslag import notice_publish
from cases.services.justering import minutes_send_for_justering
from ssr_portal.lib.refusals import StepRefused
from tests.helpers import system, use_language

pytestmark = pytest.mark.django_db


@pytest.fixture
def coming_meeting(make_meeting):
    return make_meeting(day=timezone.localdate() + datetime.timedelta(days=30))


@pytest.fixture
def coming_item(coming_meeting, approved_case, secretary):
    return services.agenda_add(
        meeting=coming_meeting, case=approved_case, user=secretary
    )


def test_no_decision_is_recorded_before_the_meeting(coming_item, secretary):
    with pytest.raises(StepRefused):
        services.decision_record(
            item=coming_item, user=secretary, kind="approve", text="Bifall."
        )
    assert not Decision.objects.exists()


def test_the_decision_page_says_why_in_swedish(client, coming_item, secretary):
    client.force_login(secretary)
    use_language(client, "sv")
    response = client.post(
        reverse("cases:decision-record", args=[coming_item.meeting_id, coming_item.pk]),
        {"kind": "approve", "text": "Kommunstyrelsen godkänner målbilden."},
    )
    assert response.status_code in (200, 409)
    day = f"{coming_item.meeting.meeting_date:%Y-%m-%d}"
    assert f"Sammanträdet är den {day}" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_decided_meeting_cannot_move_to_a_day_still_ahead(item, secretary):
    services.decision_record(item=item, user=secretary, kind="approve", text="Bifall.")
    meeting = item.meeting
    with pytest.raises(ValidationError) as refused:
        services.meeting_update(
            meeting=meeting,
            user=secretary,
            meeting_date=timezone.localdate() + datetime.timedelta(days=7),
            start_time=meeting.start_time,
            place=meeting.place,
            chair=meeting.chair,
        )
    assert "meeting_date" in refused.value.message_dict
    meeting.refresh_from_db()
    assert meeting.meeting_date == datetime.date(2023, 4, 12)


def test_no_justering_before_the_meeting(item, secretary, director):
    """A decided meeting whose date was moved ahead by other means (the admin)
    is not sent for justering."""
    services.decision_record(item=item, user=secretary, kind="approve", text="Bifall.")
    meeting = item.meeting
    meeting.chair = director
    meeting.meeting_date = timezone.localdate() + datetime.timedelta(days=3)
    meeting.save()
    with pytest.raises(StepRefused):
        minutes_send_for_justering(meeting=meeting, user=secretary)
    assert not Justering.objects.exists()


def test_no_anslag_before_the_justering(meeting, decided, adjust):
    adjust(meeting, datetime.date(2023, 4, 14))
    with pytest.raises(ValidationError) as refused:
        notice_publish(meeting, published=datetime.date(2023, 4, 13), user=system())
    assert "2023-04-14" in str(refused.value)
    assert not Notice.objects.exists()
