"""Fixtures of the justering and minutes tests (a pytest plugin of tests/conftest.py).

chair (Ulla Ordförande) and adjuster (Jan Justerare): Huddinge, no roles;
the meeting of Kommunstyrelsen on 2023-04-12 with them, sara as secretary and
one decided item "noterar till protokollet" (to two recipients), numbered § 1 in
numbered_item (the minutes sent for justering).
"""

import pytest

from cases.models import Decision, Recipient
from cases.services import meetings as meeting_services
from tests.factories import UserFactory

DECISION_TEXT = (
    "Kommunstyrelsen noterar till protokollet att man tagit del av information "
    "om Målbild Samverkan Stockholmsregionen 2023-2026."
)


@pytest.fixture
def chair(huddinge):
    return UserFactory(
        username="ulla",
        first_name="Ulla",
        last_name="Ordförande",
        organisation=huddinge,
    )


@pytest.fixture
def adjuster(huddinge):
    return UserFactory(
        username="jan", first_name="Jan", last_name="Justerare", organisation=huddinge
    )


@pytest.fixture
def jmeeting(make_meeting, chair, adjuster, secretary):
    return make_meeting(chair=chair, secretary=secretary, adjusters=[adjuster])


@pytest.fixture
def decided_item(jmeeting, approved_case, secretary):
    Recipient.objects.create(case=approved_case, name="Samverkan Stockholmsregionen")
    Recipient.objects.create(case=approved_case, name="Länsstyrelsen Stockholm")
    item = meeting_services.agenda_add(
        meeting=jmeeting, case=approved_case, user=secretary
    )
    meeting_services.decision_record(
        item=item, user=secretary, kind=Decision.Kind.NOTE, text=DECISION_TEXT
    )
    item.refresh_from_db()
    return item


@pytest.fixture
def numbered_item(jmeeting, decided_item, secretary):
    """decided_item once the minutes are sent for justering: it has its § 1."""
    from cases.services import justering as justering_services

    justering_services.minutes_send_for_justering(meeting=jmeeting, user=secretary)
    decided_item.refresh_from_db()
    return decided_item
