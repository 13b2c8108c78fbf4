"""Fixtures of the beredningsgång tests (a pytest plugin of tests/conftest.py).

ksau and kf: Huddinge's Kommunstyrelsens arbetsutskott and Kommunfullmäktige
beside ks; path_case: an approved case of Kommunstyrelsen whose path is
arbetsutskott (beredning) → styrelse (beredning) → fullmäktige (beslut), with a
Förslag till beslut and one recipient; signed_meeting(board, day): a meeting
with chair, adjuster and sara as secretary, so its minutes can be adjusted.
"""

import datetime

import pytest

from cases.models import Consultation, Document, Recipient, Section
from cases.services import consultations as path_services
from cases.services.justering import justering_confirm, minutes_send_for_justering
from tests.factories import BoardFactory

PROPOSAL = "1. Kommunfullmäktige godkänner målbilden för 2023–2026."
Role = Consultation.Role


@pytest.fixture
def ksau(huddinge):
    return BoardFactory(
        organisation=huddinge, name="Kommunstyrelsens arbetsutskott", prefix="KSAU"
    )


@pytest.fixture
def kf(huddinge):
    return BoardFactory(organisation=huddinge, name="Kommunfullmäktige", prefix="KF")


@pytest.fixture
def path_case(make_case, ksau, ks, kf, secretary):
    case = make_case()
    document = Document.objects.create(
        case=case, title=case.title, document_date=datetime.date(2023, 3, 20)
    )
    Section.objects.create(
        document=document,
        position=0,
        title="Förslag till beslut",
        text=f"### Kommunfullmäktiges beslut\n\n{PROPOSAL}",
    )
    Recipient.objects.create(case=case, position=1, name="Länsstyrelsen Stockholm")
    for board, role in (
        (ksau, Role.PREPARATION),
        (ks, Role.PREPARATION),
        (kf, Role.DECISION),
    ):
        path_services.consultation_add(
            case=case, board=board, role=role, user=secretary
        )
    return case


@pytest.fixture
def signed_meeting(make_meeting, chair, adjuster, secretary):
    def make(board, day):
        return make_meeting(
            board=board, day=day, chair=chair, secretary=secretary, adjusters=[adjuster]
        )

    return make


@pytest.fixture
def justera(secretary, chair, adjuster):
    """justera(meeting): the minutes sent for justering and confirmed by both."""

    def run(meeting):
        minutes_send_for_justering(meeting=meeting, user=secretary)
        justering_confirm(meeting=meeting, user=chair)
        justering_confirm(meeting=meeting, user=adjuster)
        meeting.refresh_from_db()
        return meeting

    return run
