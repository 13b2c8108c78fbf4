"""The målbild's matrix counts the deciding body's decision on the member's case,
not a preparing body's on its beredningsgång (cases/models/consultations.py)."""

import datetime

from cases.models import Case, Consultation, Decision
from cases.services.consultations import consultation_add
from cases.services.meetings import agenda_add, decision_record, meeting_create
from cases.services.workflow import case_approve, case_submit
from targets import services
from targets.models import MemberApproval
from tests.factories import BoardFactory


def _meeting(board, secretary, day):
    return meeting_create(
        board=board,
        user=secretary,
        meeting_date=day,
        start_time=datetime.time(18),
        place="Kommunhuset",
    )


def test_only_the_deciding_body_counts_in_the_matrix(
    vision, botkyrka, botkyrka_ks, botkyrka_director, botkyrka_secretary, charlie
):
    ksau = BoardFactory(
        organisation=botkyrka, name="Kommunstyrelsens arbetsutskott", prefix="KSAU"
    )
    case = services.member_case_create(vision=vision, user=charlie)
    consultation_add(
        case=case, board=ksau, role=Consultation.Role.PREPARATION, user=charlie
    )
    consultation_add(
        case=case, board=botkyrka_ks, role=Consultation.Role.DECISION, user=charlie
    )
    case_submit(case=case, user=charlie)
    case_approve(case=Case.objects.get(pk=case.pk), user=botkyrka_director)

    au = _meeting(ksau, botkyrka_secretary, datetime.date(2026, 11, 16))
    item = agenda_add(
        meeting=au, case=Case.objects.get(pk=case.pk), user=botkyrka_secretary
    )
    # Even a bifall of the arbetsutskott is no decision of the member.
    decision_record(
        item=item, user=botkyrka_secretary, kind=Decision.Kind.APPROVE, text="Bifall."
    )
    row = MemberApproval.objects.get(case=case)
    assert row.status == MemberApproval.Status.APPROVED
    assert row.decision_date is None
    matrix = services.vision_matrix(vision, status=MemberApproval.Status.ADOPTED)
    assert matrix.rows == [] or all(r.organisation != botkyrka for r in matrix.rows)

    au.adjusted_at = datetime.datetime(2026, 11, 17, 10, tzinfo=datetime.UTC)
    au.save()
    Case.objects.filter(pk=case.pk).update(status=Case.Status.ADJUSTED)
    styrelse = _meeting(botkyrka_ks, botkyrka_secretary, datetime.date(2026, 11, 30))
    item = agenda_add(
        meeting=styrelse, case=Case.objects.get(pk=case.pk), user=botkyrka_secretary
    )
    decision_record(
        item=item, user=botkyrka_secretary, kind=Decision.Kind.APPROVE, text="Bifall."
    )
    row.refresh_from_db()
    assert row.status == MemberApproval.Status.ADOPTED
    assert row.decision_date == datetime.date(2026, 11, 30)
    assert row.board_name == "Kommunstyrelsen"
