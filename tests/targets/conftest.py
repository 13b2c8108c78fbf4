"""Fixtures of the målbild tests, on top of alice, bob and charlie (tests/conftest.py).

vision: the 2023–2026 vision with an adoption, two example goals, a foundation and
one bilaga; every member has its row. director / botkyrka_director: the
kommundirektörer of Huddinge and Botkyrka; coordinator: the SSR-samordnare;
botkyrka_ks and botkyrka_secretary: Botkyrka's board and its secretary.
"""

import datetime

import pytest
from django.core.files.base import ContentFile

from members.roles import Role
from targets import services
from targets.models import Foundation, Goal, VisionDocument, VisionVersion
from tests.factories import (
    AgencyFactory,
    BoardFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.helpers import system

AIM = (
    "Att tillsammans skapa trygghet, säkerhet och effektiv hantering av "
    "samhällsstörningar i regionen i vardag, kris och höjd beredskap."
)


@pytest.fixture
def ssr(db):
    return OrganisationFactory(
        name="Samverkan Stockholmsregionen", kind="natverk", municipality_code=""
    )


@pytest.fixture
def lansstyrelsen(db):
    return AgencyFactory(name="Länsstyrelsen Stockholm")


@pytest.fixture
def coordinator(ssr):
    return UserFactory(
        username="sam", first_name="Sam", organisation=ssr, roles=[Role.COORDINATOR]
    )


@pytest.fixture
def director(huddinge):
    return UserFactory(
        username="camilla",
        first_name="Camilla",
        last_name="Broo",
        organisation=huddinge,
        roles=[Role.DIRECTOR],
    )


@pytest.fixture
def botkyrka_director(botkyrka):
    return UserFactory(
        username="dag",
        first_name="Dag",
        last_name="Direktör",
        title="Kommundirektör",
        organisation=botkyrka,
        roles=[Role.DIRECTOR],
    )


@pytest.fixture
def botkyrka_ks(botkyrka):
    return BoardFactory(organisation=botkyrka, name="Kommunstyrelsen", prefix="KS")


@pytest.fixture
def botkyrka_secretary(botkyrka):
    return UserFactory(
        username="siv", first_name="Siv", organisation=botkyrka, roles=[Role.SECRETARY]
    )


@pytest.fixture
def vision(huddinge, botkyrka, ssr, lansstyrelsen):
    vision = services.vision_create(
        user=system(),
        title="Målbild Samverkan Stockholmsregionen 2023-2026",
        start_year=2023,
        aim=AIM,
    )
    VisionVersion.objects.create(
        vision=vision,
        number=1,
        kind=VisionVersion.Kind.ADOPTED,
        date=datetime.date(2023, 3, 10),
        decided_by="Regionala chefsgruppen",
    )
    Foundation.objects.create(vision=vision, position=0, title="Exempel: Lägesbild")
    Goal.objects.create(vision=vision, position=0, title="Exempel: Stöd")
    Goal.objects.create(vision=vision, position=1, title="Exempel: Kommunikation")
    document = VisionDocument(
        vision=vision,
        position=0,
        title="Gemensam målbild 2023-2026 Samverkan Stockholmsregionen",
        original_name="malbild.pdf",
        content_type="application/pdf",
        size=9,
    )
    document.file.save("malbild.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
    document.save()
    return vision


@pytest.fixture
def botkyrka_decides(
    vision, charlie, botkyrka_director, botkyrka_ks, botkyrka_secretary
):
    """Take Botkyrka's case about the vision through the portal: created in one
    step by its official charlie (its handler) and submitted, approved by its
    director (four eyes), put on a meeting of
    30 November 2026 and decided there (§ 1). Returns a function of the decision's
    kind and text that returns the case."""
    from cases.models import Case, Decision
    from cases.services.justering import minutes_send_for_justering
    from cases.services.meetings import agenda_add, decision_record, meeting_create
    from cases.services.workflow import case_approve, case_submit

    def decide(
        kind: str = Decision.Kind.NOTE,
        text: str = "Kommunstyrelsen noterar till protokollet att …",
    ) -> Case:
        case = services.member_case_create(vision=vision, user=charlie)
        case_submit(case=case, user=charlie)
        case_approve(case=Case.objects.get(pk=case.pk), user=botkyrka_director)
        meeting = meeting_create(
            board=botkyrka_ks,
            user=botkyrka_secretary,
            meeting_date=datetime.date(2026, 11, 30),
            start_time=datetime.time(18),
            place="Kommunhuset",
            chair=botkyrka_director,
        )
        item = agenda_add(
            meeting=meeting, case=Case.objects.get(pk=case.pk), user=botkyrka_secretary
        )
        decision_record(item=item, user=botkyrka_secretary, kind=kind, text=text)
        # The sending gives the § (1).
        minutes_send_for_justering(meeting=meeting, user=botkyrka_secretary)
        return Case.objects.get(pk=case.pk)

    return decide
