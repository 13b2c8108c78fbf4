"""Justering of the minutes: who confirms, once each; proposals; adjusting and
the immutability after it (cases/services/justering.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from cases.models import Case, ChangeProposal, Decision, JusteringConfirmation
from cases.services import justering as justering_services
from cases.services import meetings as meeting_services
from cases.services.search_index import search_index_flush
from ssr_portal.lib.refusals import StepRefused
from tests.cases.justering_fixtures import DECISION_TEXT


@pytest.fixture
def sent(jmeeting, decided_item, secretary):
    justering_services.minutes_send_for_justering(meeting=jmeeting, user=secretary)
    return jmeeting


def test_sending_needs_every_item_decided(jmeeting, approved_case, secretary):
    meeting_services.agenda_add(meeting=jmeeting, case=approved_case, user=secretary)
    with pytest.raises(StepRefused):
        justering_services.minutes_send_for_justering(meeting=jmeeting, user=secretary)


def test_only_the_secretary_sends_for_justering(jmeeting, decided_item, chair):
    with pytest.raises(PermissionDenied):
        justering_services.minutes_send_for_justering(meeting=jmeeting, user=chair)


def test_nobody_confirms_before_the_minutes_are_sent(jmeeting, decided_item, chair):
    with pytest.raises(StepRefused):
        justering_services.justering_confirm(meeting=jmeeting, user=chair)


def test_the_secretary_cannot_confirm_unless_chair_or_adjuster(sent, secretary):
    with pytest.raises(PermissionDenied):
        justering_services.justering_confirm(meeting=sent, user=secretary)
    assert not JusteringConfirmation.objects.exists()


def test_another_member_cannot_confirm(sent, bob):
    with pytest.raises(PermissionDenied):
        justering_services.justering_confirm(meeting=sent, user=bob)


def test_the_chair_confirms_once(sent, chair):
    confirmation = justering_services.justering_confirm(meeting=sent, user=chair)
    assert confirmation.role == JusteringConfirmation.Role.CHAIR
    assert confirmation.confirmed_at is not None
    with pytest.raises(StepRefused):
        justering_services.justering_confirm(meeting=sent, user=chair)
    sent.refresh_from_db()
    assert not sent.is_adjusted


def test_all_confirmed_adjusts_the_meeting_and_its_cases(
    sent, chair, adjuster, decided_item, django_capture_on_commit_callbacks
):
    justering_services.justering_confirm(meeting=sent, user=chair)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        justering_services.justering_confirm(meeting=sent, user=adjuster)
    sent.refresh_from_db()
    assert sent.adjusted_at is not None
    assert Case.objects.get(pk=decided_item.case_id).status == Case.Status.ADJUSTED
    # One hook's call, beside the search index's refresh.
    assert len([c for c in callbacks if c is not search_index_flush]) == 1


def test_the_hook_is_called_with_the_meeting(
    sent, chair, adjuster, monkeypatch, django_capture_on_commit_callbacks
):
    called = []
    monkeypatch.setattr(justering_services, "on_minutes_adjusted", called.append)
    justering_services.justering_confirm(meeting=sent, user=chair)
    with django_capture_on_commit_callbacks(execute=True):
        justering_services.justering_confirm(meeting=sent, user=adjuster)
    assert [meeting.pk for meeting in called] == [sent.pk]


@pytest.fixture
def adjusted(sent, chair, adjuster):
    justering_services.justering_confirm(meeting=sent, user=chair)
    justering_services.justering_confirm(meeting=sent, user=adjuster)
    sent.refresh_from_db()
    return sent


def test_after_adjusting_the_decision_service_refuses(
    adjusted, decided_item, secretary, make_case
):
    case = make_case(serial=500)
    with pytest.raises(StepRefused):
        meeting_services.agenda_add(meeting=adjusted, case=case, user=secretary)
    with pytest.raises(StepRefused):
        meeting_services.agenda_move(item=decided_item, offset=1, user=secretary)
    with pytest.raises(StepRefused):
        meeting_services.meeting_update(
            meeting=adjusted,
            user=secretary,
            meeting_date=datetime.date(2023, 4, 13),
            start_time=datetime.time(9, 0),
            place="Annan sal",
        )


def test_after_adjusting_proposals_and_confirmations_are_refused(
    adjusted, decided_item, chair, secretary
):
    with pytest.raises(StepRefused):
        justering_services.justering_propose_change(
            item=decided_item, user=chair, text="Ändra"
        )
    with pytest.raises(StepRefused):
        justering_services.justering_confirm(meeting=adjusted, user=chair)
    with pytest.raises(StepRefused):
        justering_services.minutes_send_for_justering(meeting=adjusted, user=secretary)


def test_only_chair_or_adjuster_proposes_a_change(sent, decided_item, bob, secretary):
    for person in (bob, secretary):
        with pytest.raises(PermissionDenied):
            justering_services.justering_propose_change(
                item=decided_item, user=person, text="Ändra"
            )
    assert not ChangeProposal.objects.exists()


def test_an_accepted_change_changes_the_text_and_clears_the_confirmations(
    sent, decided_item, chair, adjuster, secretary
):
    justering_services.justering_confirm(meeting=sent, user=chair)
    proposal = justering_services.justering_propose_change(
        item=decided_item, user=adjuster, text="Lägg till 'och Länsstyrelsen'."
    )
    justering_services.justering_decide_proposal(
        proposal=proposal,
        user=secretary,
        accept=True,
        note="Rättat.",
        new_text=DECISION_TEXT + " Ändrad.",
    )
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.ACCEPTED
    assert proposal.note == "Rättat."
    assert proposal.decided_by == secretary
    assert Decision.objects.get(item=decided_item).text.endswith("Ändrad.")
    assert not JusteringConfirmation.objects.filter(cleared_at__isnull=True).exists()
    # The chair confirms again; the meeting is adjusted once both have.
    justering_services.justering_confirm(meeting=sent, user=chair)
    justering_services.justering_confirm(meeting=sent, user=adjuster)
    sent.refresh_from_db()
    assert sent.is_adjusted


def test_a_rejected_change_keeps_the_text_and_the_confirmations(
    sent, decided_item, chair, adjuster, secretary
):
    justering_services.justering_confirm(meeting=sent, user=chair)
    proposal = justering_services.justering_propose_change(
        item=decided_item, user=adjuster, text="Stryk meningen."
    )
    justering_services.justering_decide_proposal(
        proposal=proposal, user=secretary, accept=False, note="Så beslutades det."
    )
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.REJECTED
    assert Decision.objects.get(item=decided_item).text == DECISION_TEXT
    assert JusteringConfirmation.objects.filter(cleared_at__isnull=True).count() == 1


def test_only_the_secretary_answers_a_proposal(sent, decided_item, chair, adjuster):
    proposal = justering_services.justering_propose_change(
        item=decided_item, user=adjuster, text="Stryk meningen."
    )
    with pytest.raises(PermissionDenied):
        justering_services.justering_decide_proposal(
            proposal=proposal, user=chair, accept=True
        )
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.PROPOSED


def test_a_proposal_is_answered_once(sent, decided_item, adjuster, secretary):
    proposal = justering_services.justering_propose_change(
        item=decided_item, user=adjuster, text="Stryk meningen."
    )
    justering_services.justering_decide_proposal(
        proposal=proposal, user=secretary, accept=False
    )
    with pytest.raises(StepRefused):
        justering_services.justering_decide_proposal(
            proposal=proposal, user=secretary, accept=True
        )


def test_an_item_added_after_sending_blocks_the_confirmation(
    sent, chair, make_case, secretary
):
    meeting_services.agenda_add(
        meeting=sent, case=make_case(serial=600), user=secretary
    )
    with pytest.raises(StepRefused):
        justering_services.justering_confirm(meeting=sent, user=chair)
    assert not JusteringConfirmation.objects.exists()


def test_adjusting_the_minutes_puts_the_notice_on_the_anslagstavla(
    sent, chair, adjuster, django_capture_on_commit_callbacks
):
    from cases.models import Notice

    justering_services.justering_confirm(meeting=sent, user=chair)
    assert not Notice.objects.filter(meeting=sent).exists()
    with django_capture_on_commit_callbacks(execute=True):
        justering_services.justering_confirm(meeting=sent, user=adjuster)
    notice = Notice.objects.get(meeting=sent)
    assert notice.published_date <= notice.takedown_date


def test_a_paragraph_added_after_a_confirmation_needs_every_signer_again(
    sent, chair, adjuster, make_case, secretary
):
    """The chair confirmed; then a § is added and decided: the chair's
    confirmation is cleared, so the adjusted minutes hold nothing unconfirmed."""
    justering_services.justering_confirm(meeting=sent, user=chair)
    item = meeting_services.agenda_add(
        meeting=sent, case=make_case(serial=601), user=secretary
    )
    meeting_services.decision_record(
        item=item, user=secretary, kind="note", text="Noteras."
    )
    justering_services.justering_confirm(meeting=sent, user=adjuster)
    sent.refresh_from_db()
    assert not sent.is_adjusted
    chair_confirmation = JusteringConfirmation.objects.get(user=chair)
    assert chair_confirmation.cleared_at is not None
    justering_services.justering_confirm(meeting=sent, user=chair)
    sent.refresh_from_db()
    assert sent.is_adjusted


def test_a_change_can_only_be_proposed_to_a_decided_paragraph(
    sent, adjuster, make_case, secretary
):
    undecided = meeting_services.agenda_add(
        meeting=sent, case=make_case(serial=602), user=secretary
    )
    with pytest.raises(StepRefused):
        justering_services.justering_propose_change(
            item=undecided, user=adjuster, text="Ändra."
        )
    assert not ChangeProposal.objects.exists()
