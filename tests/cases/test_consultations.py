"""The beredningsgång: a case through the arbetsutskott, the styrelse and the
fullmäktige, each step its own agenda item with its §, decision and extract."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Case, Consultation, Decision
from cases.models.consultations import current_board, is_deciding_decision
from cases.services import consultations as path_services
from cases.services import meetings as services
from cases.services.dispatch import case_close, decision_dispatch, dispatch_mark_done
from ssr_portal.lib.refusals import StepRefused
from tests.cases.consultation_fixtures import PROPOSAL
from tests.factories import BoardFactory

Role = Consultation.Role


def _handle(case, meeting, secretary, **decision):
    item = services.agenda_add(meeting=meeting, case=case, user=secretary)
    services.decision_record(item=item, user=secretary, **decision)
    item.refresh_from_db()
    return item


def test_a_case_goes_through_three_bodies_with_a_paragraph_and_extract_at_each(
    client, path_case, ksau, ks, kf, secretary, justera, signed_meeting, alice
):
    au = signed_meeting(ksau, datetime.date(2023, 4, 3))
    styrelse = signed_meeting(ks, datetime.date(2023, 4, 12))
    fullmaktige = signed_meeting(kf, datetime.date(2023, 5, 8))

    text = services.decision_default_text(
        services.agenda_add(meeting=au, case=path_case, user=secretary),
        Decision.Kind.PROPOSE,
    )
    assert text == (
        "Kommunstyrelsens arbetsutskott föreslår Kommunstyrelsen besluta att\n"
        + PROPOSAL
    )
    item = au.items.get()
    services.decision_record(
        item=item, user=secretary, kind=Decision.Kind.PROPOSE, text=text, proposed_to=ks
    )
    # Decided, not yet adjusted: the next body cannot take it up.
    with pytest.raises(StepRefused):
        services.agenda_add(meeting=styrelse, case=path_case, user=secretary)
    justera(au)
    path_case.refresh_from_db()
    assert path_case.status == Case.Status.ADJUSTED
    assert current_board(path_case) == ks

    # The styrelse starts from the arbetsutskott's proposal and proposes in turn.
    ks_item = services.agenda_add(meeting=styrelse, case=path_case, user=secretary)
    assert services.decision_default_text(ks_item) == PROPOSAL
    ks_text = services.decision_default_text(ks_item, Decision.Kind.PROPOSE)
    assert (
        ks_text == f"Kommunstyrelsen föreslår Kommunfullmäktige besluta att\n{PROPOSAL}"
    )
    services.decision_record(
        item=ks_item,
        user=secretary,
        kind=Decision.Kind.PROPOSE,
        text=ks_text,
        proposed_to=kf,
    )
    justera(styrelse)

    kf_item = services.agenda_add(meeting=fullmaktige, case=path_case, user=secretary)
    assert services.decision_default_text(kf_item) == PROPOSAL
    services.decision_record(
        item=kf_item, user=secretary, kind=Decision.Kind.APPROVE, text=PROPOSAL
    )
    justera(fullmaktige)

    items = [item, ks_item, kf_item]
    for handled in items:
        handled.refresh_from_db()
        assert handled.paragraph == 1  # each body's own § series
    steps = list(path_case.consultations.order_by("position"))
    assert [step.item for step in steps] == items
    assert all(step.is_done for step in steps)
    client.force_login(alice)
    for handled in items:
        url = reverse("cases:extract-pdf", args=[handled.meeting_id, handled.paragraph])
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"

    (row,) = decision_dispatch(case=path_case, user=secretary)
    dispatch_mark_done(dispatch=row, user=secretary)
    path_case.refresh_from_db()
    assert path_case.status == Case.Status.DISPATCHED
    case_close(case=path_case, user=secretary)
    path_case.refresh_from_db()
    assert path_case.status == Case.Status.CLOSED


def test_the_wrong_body_is_refused_in_swedish(path_case, make_meeting, ks, secretary):
    meeting = make_meeting(board=ks)
    with pytest.raises(StepRefused) as refused:
        services.agenda_add(meeting=meeting, case=path_case, user=secretary)
    assert str(refused.value.args[0]) == (
        f"{path_case.number} ska behandlas härnäst av Kommunstyrelsens arbetsutskott, "
        "inte av organet för detta sammanträde."
    )


def test_a_case_without_a_path_keeps_one_board(
    make_case, make_meeting, huddinge, secretary
):
    other = BoardFactory(organisation=huddinge, name="Kommunfullmäktige", prefix="KF")
    meeting = make_meeting(board=other)
    with pytest.raises(StepRefused, match="hör till en annan nämnd än sammanträdet"):
        services.agenda_add(meeting=meeting, case=make_case(), user=secretary)


def test_dispatch_and_closing_wait_for_the_deciding_body(
    path_case, ksau, secretary, justera, signed_meeting
):
    au = signed_meeting(ksau, datetime.date(2023, 4, 3))
    _handle(
        path_case,
        au,
        secretary,
        kind=Decision.Kind.PROPOSE,
        text="AU föreslår",
        proposed_to=path_case.board,
    )
    justera(au)
    path_case.refresh_from_db()
    assert path_case.status == Case.Status.ADJUSTED
    with pytest.raises(StepRefused) as refused:
        decision_dispatch(case=path_case, user=secretary)
    assert "det beslutande organets beslut" in str(refused.value)
    assert not path_case.dispatches.exists()


def test_a_proposal_needs_the_body_it_goes_to(path_case, ksau, make_meeting, secretary):
    item = services.agenda_add(
        meeting=make_meeting(board=ksau), case=path_case, user=secretary
    )
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            item=item, user=secretary, kind=Decision.Kind.PROPOSE, text="Förslag"
        )
    assert error.value.message_dict["proposed_to"] == [
        "Välj det organ som förslaget går till."
    ]
    with pytest.raises(ValidationError):
        services.decision_record(
            item=item,
            user=secretary,
            kind=Decision.Kind.PROPOSE,
            text="Förslag",
            proposed_to=ksau,
        )


def test_only_a_proposal_names_a_body_in_the_database(
    path_case, ksau, ks, make_meeting, secretary
):
    from django.db import IntegrityError, transaction

    item = services.agenda_add(
        meeting=make_meeting(board=ksau), case=path_case, user=secretary
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            item=item, kind=Decision.Kind.APPROVE, text="x", proposed_to=ks
        )


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            Decision.Kind.FILE,
            "Kommunstyrelsens arbetsutskott beslutar att lägga informationen till handlingarna.",
        ),
        (
            Decision.Kind.OPINION,
            "Kommunstyrelsens arbetsutskott antar förvaltningens förslag till yttrande "
            "och överlämnar det till Kommunstyrelsen.",
        ),
        (Decision.Kind.APPROVE, PROPOSAL),
    ],
)
def test_each_kind_has_its_wording(
    path_case, ksau, make_meeting, secretary, kind, expected
):
    item = services.agenda_add(
        meeting=make_meeting(board=ksau), case=path_case, user=secretary
    )
    assert services.decision_default_text(item, kind) == expected


def test_a_referral_back_at_the_first_body_keeps_the_step_open(
    path_case, ksau, make_meeting, secretary
):
    meeting = make_meeting(board=ksau)
    _handle(
        path_case, meeting, secretary, kind=Decision.Kind.REFER_BACK, text="Återremiss"
    )
    path_case.refresh_from_db()
    assert path_case.status == Case.Status.DRAFTING
    assert current_board(path_case) == ksau


def test_the_path_keeps_a_handled_step(path_case, ksau, make_meeting, secretary):
    services.agenda_add(
        meeting=make_meeting(board=ksau), case=path_case, user=secretary
    )
    first = path_case.consultations.get(position=1)
    with pytest.raises(StepRefused, match="redan tagit upp"):
        path_services.consultation_remove(consultation=first, user=secretary)
    second = path_case.consultations.get(position=2)
    with pytest.raises(StepRefused):
        path_services.consultation_move(consultation=second, offset=-1, user=secretary)
    # Later steps still move and go.
    third = path_case.consultations.get(position=3)
    path_services.consultation_move(consultation=third, offset=-1, user=secretary)
    assert [s.role for s in path_case.consultations.order_by("position")] == [
        Role.PREPARATION,
        Role.DECISION,
        Role.PREPARATION,
    ]
    path_services.consultation_remove(consultation=second, user=secretary)
    assert list(path_case.consultations.values_list("position", flat=True)) == [1, 2]


def test_a_path_has_one_deciding_body_of_the_organisation(
    path_case, kf, botkyrka, secretary
):
    with pytest.raises(ValidationError):
        path_services.consultation_add(
            case=path_case, board=kf, role=Role.DECISION, user=secretary
        )
    with pytest.raises(ValidationError):
        path_services.consultation_add(
            case=path_case,
            board=BoardFactory(organisation=botkyrka),
            role=Role.OPINION,
            user=secretary,
        )


def test_only_the_deciding_body_decides_for_the_matrix(
    path_case, ksau, make_meeting, secretary
):
    item = services.agenda_add(
        meeting=make_meeting(board=ksau), case=path_case, user=secretary
    )
    decision = services.decision_record(
        item=item, user=secretary, kind=Decision.Kind.APPROVE, text="Bifall"
    )
    assert not is_deciding_decision(decision)


def test_the_next_body_taking_the_case_off_its_agenda_leaves_it_adjusted(
    path_case, ksau, ks, secretary, justera, signed_meeting
):
    au = signed_meeting(ksau, datetime.date(2023, 4, 3))
    _handle(
        path_case,
        au,
        secretary,
        kind=Decision.Kind.PROPOSE,
        text="Förslag",
        proposed_to=ks,
    )
    justera(au)
    styrelse = signed_meeting(ks, datetime.date(2023, 4, 12))
    item = services.agenda_add(meeting=styrelse, case=path_case, user=secretary)
    services.agenda_remove(item=item, user=secretary)
    path_case.refresh_from_db()
    assert path_case.status == Case.Status.ADJUSTED
    assert current_board(path_case) == ks
    assert path_case.consultations.get(board=ks).item is None
    # And back on the agenda of the styrelse.
    services.agenda_add(meeting=styrelse, case=path_case, user=secretary)
