"""The vision's services (targets/services/vision.py): periods, who approves,
the one-step member case, the member's row following the linked case's approval
and the board's decision, a member that joins."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Case, Decision
from cases.services.justering import minutes_send_for_justering
from cases.services.meetings import agenda_add, decision_record, meeting_create
from cases.services.workflow import case_approve, case_submit
from ssr_portal.lib.refusals import StepRefused
from targets import services
from targets.models import MemberApproval, Vision
from tests.helpers import system

pytestmark = pytest.mark.django_db


def test_a_vision_covers_four_whole_years_of_a_mandate_period(vision):
    assert vision.end_year == 2026
    with pytest.raises(ValidationError) as error:
        services.vision_create(user=system(), title="Fel", start_year=2024, aim="Mål")
    assert "följer mandatperioden" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.vision_create(
            user=system(), title="Dubbel", start_year=2023, aim="Mål"
        )
    assert Vision.objects.count() == 1
    bad = Vision(title="Fem år", start_year=2027, end_year=2031, aim="Mål")
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "fyra hela kalenderår" in str(error.value)


def test_periods_of_the_network_must_not_overlap(vision):
    overlapping = Vision(title="Överlapp", start_year=2023, end_year=2026, aim="x")
    with pytest.raises(ValidationError) as error:
        overlapping.clean()
    assert "överlappar målbilden" in str(error.value)
    nxt = services.vision_create(user=system(), title="Nästa", start_year=2027, aim="x")
    assert nxt.period == "2027–2030"


def test_only_the_members_own_director_approves(
    vision, director, botkyrka_director, alice, coordinator, huddinge
):
    for person in (alice, coordinator, botkyrka_director):
        with pytest.raises(PermissionDenied) as error:
            services.member_approve(vision=vision, user=person, organisation=huddinge)
        assert "Huddinge kommun" in str(error.value)
    row = MemberApproval.objects.get(vision=vision, organisation=huddinge)
    assert row.approved_on is None
    row = services.member_approve(vision=vision, user=director)
    assert row.approved_by == director and row.approved_at is not None
    assert row.status == MemberApproval.Status.APPROVED
    with pytest.raises(StepRefused):
        services.member_approve(vision=vision, user=director)
    latest = row.history.first()
    assert latest.approved_by_id == director.pk and latest.history_user == director


def test_an_official_creates_the_members_case_in_one_step(
    vision, charlie, botkyrka_ks, ssr, lansstyrelsen, botkyrka_director
):
    case = services.member_case_create(vision=vision, user=charlie)
    assert case.board == botkyrka_ks
    assert case.title == "Målbild Samverkan Stockholmsregionen 2023-2026"
    assert case.status == Case.Status.DRAFTING
    document = case.document
    sections = {s.title: s.text for s in document.sections.all()}
    assert (
        "Kommunstyrelsen noterar till protokollet att man tagit del av information "
        "om Målbild Samverkan Stockholmsregionen 2023-2026."
        in sections["Förslag till beslut"]
    )
    # The section's heading is its title: no raw "### …" on its first line.
    assert sections["Förslag till beslut"].startswith("Kommunstyrelsen noterar")
    assert "10 mars 2023" in sections["Sammanfattning"]
    assert "skapa trygghet" in sections["Beskrivning av ärendet"]
    assert [a.title for a in document.attachments.all()] == [
        "Gemensam målbild 2023-2026 Samverkan Stockholmsregionen"
    ]
    assert document.attachments.get().file.read() == b"%PDF-1.7\n"
    # Signed by the member's kommundirektör, not by the official who made it.
    assert [(s.name, s.title, s.user) for s in document.signatories.all()] == [
        ("Dag Direktör", "Kommundirektör", botkyrka_director)
    ]
    assert [r.name for r in case.recipients.all()] == [
        "Samverkan Stockholmsregionen",
        "Länsstyrelsen Stockholm",
    ]
    row = case.vision_approval
    assert row.vision == vision and row.organisation == botkyrka_ks.organisation
    assert row.status == MemberApproval.Status.CASE_REGISTERED
    with pytest.raises(StepRefused) as error:
        services.member_case_create(vision=vision, user=charlie)
    assert case.number in str(error.value)


def test_someone_without_a_writing_role_cannot_create_the_case(vision, bob, ks):
    with pytest.raises(PermissionDenied):
        services.member_case_create(vision=vision, user=bob)
    assert not Case.objects.exists()


def test_the_case_approval_and_the_boards_decision_update_the_matrix(
    vision, botkyrka_director, botkyrka_ks, botkyrka_secretary, charlie
):
    case = services.member_case_create(vision=vision, user=charlie)
    case_submit(case=case, user=charlie)  # the official is its handler
    case_approve(case=Case.objects.get(pk=case.pk), user=botkyrka_director)
    row = MemberApproval.objects.get(pk=case.vision_approval.pk)
    assert row.status == MemberApproval.Status.APPROVED
    assert row.approved_by == botkyrka_director

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
    decision_record(
        item=item,
        user=botkyrka_secretary,
        kind=Decision.Kind.NOTE,
        text="Kommunstyrelsen noterar till protokollet att …",
    )
    row.refresh_from_db()
    assert row.status == MemberApproval.Status.NOTED
    assert row.decision_date == datetime.date(2026, 11, 30)
    assert row.decision_paragraph is None  # until the minutes are sent
    minutes_send_for_justering(meeting=meeting, user=botkyrka_secretary)
    row.refresh_from_db()
    assert row.decision_paragraph == 1
    assert row.board_name == "Kommunstyrelsen"
    matrix = services.vision_matrix(vision, status=MemberApproval.Status.NOTED)
    assert [r.organisation.name for r in matrix.rows] == ["Botkyrka kommun"]
    assert matrix.counts[MemberApproval.Status.NOTED] == 1


def test_a_referral_back_leaves_the_row_as_it_was(botkyrka_decides):
    case = botkyrka_decides(kind=Decision.Kind.REFER_BACK, text="Återremiss.")
    row = MemberApproval.objects.get(case=case)
    assert row.status == MemberApproval.Status.APPROVED
    assert row.decision_date is None


@time_machine.travel(datetime.datetime(2025, 5, 1, 12, tzinfo=datetime.UTC))
def test_a_member_that_joins_gets_its_row_in_a_running_vision(vision):
    from tests.factories import AgencyFactory

    newcomer = AgencyFactory(name="Exempelverket")
    row = MemberApproval.objects.get(vision=vision, organisation=newcomer)
    assert row.status == MemberApproval.Status.NOT_STARTED


def test_the_network_itself_approves_nothing_as_a_member(vision, ssr):
    """SSR adopts the vision; a director of SSR gets no member row by approving."""
    from members.roles import Role
    from tests.factories import UserFactory

    ssr_director = UserFactory(organisation=ssr, roles=[Role.DIRECTOR])
    with pytest.raises(PermissionDenied):
        services.member_approve(vision=vision, user=ssr_director)
    assert not MemberApproval.objects.filter(organisation=ssr).exists()
