"""Fixtures of the meeting and decision tests (a pytest plugin of tests/conftest.py, so
every test may ask for them by name).

secretary: board secretary of Huddinge; director: its chief executive; alice
(tests/conftest.py): official of Huddinge; charlie: official of Botkyrka.
"""

import datetime
import itertools

import pytest

from cases.models import Case
from cases.services import meetings as services
from members.roles import Role
from tests.factories import CaseFactory, UserFactory

_serials = itertools.count(100)


@pytest.fixture
def secretary(huddinge):
    return UserFactory(
        username="sara",
        first_name="Sara",
        last_name="Sekreterare",
        organisation=huddinge,
        roles=[Role.SECRETARY],
    )


@pytest.fixture
def director(huddinge):
    return UserFactory(
        username="dan", first_name="Dan", organisation=huddinge, roles=[Role.DIRECTOR]
    )


@pytest.fixture
def botkyrka_secretary(botkyrka):
    return UserFactory(username="berit", organisation=botkyrka, roles=[Role.SECRETARY])


@pytest.fixture
def make_case(ks):
    """An approved case of Kommunstyrelsen: make_case(title=…, kind=…, status=…)."""

    def make(**fields):
        values = {
            "board": ks,
            "serial": next(_serials),
            "status": Case.Status.APPROVED,
            "title": "Målbild Samverkan Stockholmsregionen 2023-2026",
            "kind": Case.Kind.DECISION,
        }
        values.update(fields)
        return CaseFactory(**values)

    return make


@pytest.fixture
def approved_case(make_case):
    return make_case()


@pytest.fixture
def make_meeting(ks, secretary):
    def make(day=datetime.date(2023, 4, 12), **fields):
        values = {
            "board": ks,
            "user": secretary,
            "meeting_date": day,
            "start_time": datetime.time(13, 0),
            "place": "Kommunstyrelsesalen",
        }
        values.update(fields)
        return services.meeting_create(**values)

    return make


@pytest.fixture
def meeting(make_meeting):
    return make_meeting()


@pytest.fixture
def later_meeting(make_meeting):
    return make_meeting(day=datetime.date(2023, 5, 10))


@pytest.fixture
def item(meeting, approved_case, secretary):
    """The approved case on the meeting's agenda."""
    return services.agenda_add(meeting=meeting, case=approved_case, user=secretary)
