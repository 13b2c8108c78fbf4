import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from cases.models import (
    AgendaItem,
    Case,
    Decision,
    DecisionStatement,
    Document,
    Section,
)
from cases.services import meetings as services
from ssr_portal.lib.refusals import StepRefused


def _decide(item, user, kind="approve", text="Bifall till förslaget.", **more):
    return services.decision_record(item=item, user=user, kind=kind, text=text, **more)


def _send(meeting, secretary, chair):
    """Send the minutes for justering, which numbers the §§ in agenda order."""
    from cases.models import Meeting
    from cases.services import justering

    Meeting.objects.filter(pk=meeting.pk).update(chair=chair)
    meeting.refresh_from_db()
    justering.minutes_send_for_justering(meeting=meeting, user=secretary)


def test_recording_a_decision_decides_the_case_and_numbers_nothing_yet(item, secretary):
    decision = _decide(item, secretary, kind="note", text="Noteras.")
    item.refresh_from_db()
    item.case.refresh_from_db()
    # The § is given when the minutes are sent for justering.
    assert item.paragraph is None
    assert item.case.status == Case.Status.DECIDED
    assert decision.decided_by == secretary
    assert decision.history.count() == 1


@pytest.mark.parametrize("who", ["alice", "director", "botkyrka_secretary"])
def test_only_the_secretary_records_decisions(request, item, who):
    with pytest.raises(PermissionDenied):
        _decide(item, request.getfixturevalue(who))
    item.refresh_from_db()
    assert item.paragraph is None
    assert not Decision.objects.exists()


def test_a_decision_is_recorded_once(item, secretary):
    _decide(item, secretary)
    with pytest.raises(StepRefused):
        _decide(item, secretary)
    assert Decision.objects.count() == 1


def test_a_decision_needs_a_case_on_the_agenda(item, secretary):
    Case.objects.filter(pk=item.case_id).update(status=Case.Status.APPROVED)
    with pytest.raises(StepRefused):
        _decide(item, secretary)


def test_a_decision_needs_text(item, secretary):
    with pytest.raises(ValidationError):
        _decide(item, secretary, text="  ")


def test_paragraphs_run_gap_free_across_meetings_and_restart_each_year(
    meeting, later_meeting, make_meeting, make_case, secretary, chair
):
    first = services.agenda_add(meeting=meeting, case=make_case(), user=secretary)
    second = services.agenda_add(meeting=meeting, case=make_case(), user=secretary)
    third = services.agenda_add(meeting=later_meeting, case=make_case(), user=secretary)
    next_year = make_meeting(day=datetime.date(2024, 1, 17))
    fourth = services.agenda_add(meeting=next_year, case=make_case(), user=secretary)
    _decide(second, secretary)
    with pytest.raises(ValidationError):  # refused: takes no number
        _decide(first, secretary, text="")
    _decide(first, secretary)
    _decide(third, secretary)
    _decide(fourth, secretary)
    for sent in (meeting, later_meeting, next_year):
        _send(sent, secretary, chair)
    paragraphs = {
        item.pk: item.paragraph
        for item in AgendaItem.objects.filter(
            pk__in=[first.pk, second.pk, third.pk, fourth.pk]
        )
    }
    # In agenda order, whatever the order of recording.
    assert paragraphs == {first.pk: 1, second.pk: 2, third.pk: 3, fourth.pk: 1}


def test_paragraphs_are_numbered_per_board(
    meeting, secretary, huddinge, make_meeting, chair
):
    from tests.factories import BoardFactory, CaseFactory

    social = BoardFactory(organisation=huddinge, name="Socialnämnden", prefix="SN")
    other = make_meeting(board=social)
    case = CaseFactory(board=social, status=Case.Status.APPROVED)
    item = services.agenda_add(meeting=other, case=case, user=secretary)
    _decide(item, secretary)
    _send(other, secretary, chair)
    item.refresh_from_db()
    assert item.paragraph == 1


def test_refer_back_returns_the_case_to_drafting_with_the_reason(item, secretary):
    reason = "Ärendet återremitteras för komplettering av ekonomiska konsekvenser."
    decision = _decide(item, secretary, kind="refer_back", text=reason)
    item.case.refresh_from_db()
    assert item.case.status == Case.Status.DRAFTING
    assert decision.text == reason
    statuses = list(item.case.history.values_list("status", flat=True)[:2])
    assert statuses == [Case.Status.DRAFTING, Case.Status.DECIDED]


def test_postponing_moves_the_case_to_the_later_meeting(
    item, later_meeting, secretary, chair
):
    decision = _decide(
        item,
        secretary,
        kind="postpone",
        text="Ärendet bordläggs.",
        later_meeting=later_meeting,
    )
    _send(item.meeting, secretary, chair)
    item.refresh_from_db()
    item.case.refresh_from_db()
    assert item.paragraph == 1  # the bordläggning has its § in these minutes
    assert decision.later_meeting == later_meeting
    assert item.case.status == Case.Status.ON_AGENDA
    moved = later_meeting.items.get()
    assert moved.case == item.case
    assert moved.paragraph is None
    # And it can be decided there.
    _decide(moved, secretary)
    _send(later_meeting, secretary, chair)
    moved.refresh_from_db()
    assert moved.paragraph == 2


def test_postponing_needs_a_later_meeting(item, secretary):
    with pytest.raises(ValidationError):
        _decide(item, secretary, kind="postpone", text="Bordläggs.")
    item.refresh_from_db()
    assert item.paragraph is None


def test_postponing_to_an_earlier_meeting_is_refused(item, make_meeting, secretary):
    earlier = make_meeting(day=datetime.date(2023, 3, 1))
    with pytest.raises(ValidationError):
        _decide(
            item, secretary, kind="postpone", text="Bordläggs.", later_meeting=earlier
        )
    assert not earlier.items.exists()


def test_votes_reservations_notes_and_conflicts_are_recorded(
    item, secretary, director, alice
):
    decision = _decide(
        item,
        secretary,
        motions="Ordföranden yrkar bifall. Alice yrkar avslag.",
        procedure="Ordföranden ställer proposition och finner bifall.",
        votes=[services.VoteInput("Ja", 9), services.VoteInput("Nej", 4)],
        member_votes=[(director, "Ja"), (alice, "Nej")],
        statements=[
            services.StatementInput(
                kind=DecisionStatement.Kind.RESERVATION, member=alice, text="Emot."
            ),
            services.StatementInput(
                kind=DecisionStatement.Kind.NOTE,
                member_name="Greta Gäst (S)",
                text="Vi noterar.",
            ),
        ],
        not_participating=[secretary],
    )
    assert [(v.option, v.count) for v in decision.votes.all()] == [
        ("Ja", 9),
        ("Nej", 4),
    ]
    assert {(v.member, v.option) for v in decision.member_votes.all()} == {
        (director, "Ja"),
        (alice, "Nej"),
    }
    assert [s.name for s in decision.statements.order_by("pk")] == [
        str(alice),
        "Greta Gäst (S)",
    ]
    assert list(decision.not_participating.all()) == [secretary]


@pytest.mark.parametrize(
    ("member_votes", "message"),
    [
        ([("director", "Kanske")], "not one of them"),
        ([("director", "Nej"), ("alice", "Nej")], "more members"),
    ],
)
def test_named_votes_must_fit_the_vote_counts(
    request, item, secretary, member_votes, message
):
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match=f"(?i){message}"),
    ):
        _decide(
            item,
            secretary,
            votes=[services.VoteInput("Ja", 9), services.VoteInput("Nej", 1)],
            member_votes=[
                (request.getfixturevalue(who), option) for who, option in member_votes
            ],
        )
    item.refresh_from_db()
    assert item.paragraph is None
    assert not Decision.objects.exists()


def test_a_member_with_jav_cannot_be_named_as_voting(item, secretary, director):
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="takes no part"),
    ):
        _decide(
            item,
            secretary,
            votes=[services.VoteInput("Ja", 9), services.VoteInput("Nej", 1)],
            member_votes=[(director, "Ja")],
            not_participating=[director],
        )
    assert not Decision.objects.exists()


def test_a_named_voter_must_be_among_the_members_present(
    item, secretary, director, alice
):
    item.meeting.members_present.set([director])
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="not recorded as present"),
    ):
        _decide(
            item,
            secretary,
            votes=[services.VoteInput("Ja", 9), services.VoteInput("Nej", 1)],
            member_votes=[(director, "Ja"), (alice, "Nej")],
        )
    assert not Decision.objects.exists()
    item.refresh_from_db()
    assert item.paragraph is None


def test_a_reservation_is_by_someone_of_the_boards_organisation(
    item, secretary, charlie
):
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="board's organisation"),
    ):
        _decide(
            item,
            secretary,
            statements=[
                services.StatementInput(
                    kind="reservation", text="Reserverar mig.", member=charlie
                )
            ],
        )
    assert not Decision.objects.exists()


def test_the_default_text_of_an_information_case_is_the_noting(
    meeting, make_case, secretary
):
    case = make_case(kind=Case.Kind.INFORMATION)
    item = services.agenda_add(meeting=meeting, case=case, user=secretary)
    assert services.decision_default_text(item) == (
        "Kommunstyrelsen noterar till protokollet att man tagit del av information "
        "om Målbild Samverkan Stockholmsregionen 2023-2026."
    )


def test_the_default_text_otherwise_is_the_proposal_without_its_subheading(item):
    document = Document.objects.create(
        case=item.case, title=item.case.title, document_date=datetime.date(2023, 3, 20)
    )
    Section.objects.create(
        document=document,
        position=0,
        title="Förslag till beslut",
        text="### Kommunstyrelsens beslut\n\nKommunstyrelsen godkänner målbilden.",
    )
    assert (
        services.decision_default_text(item) == "Kommunstyrelsen godkänner målbilden."
    )
    assert services.decision_default_text(item, kind="note").startswith(
        "Kommunstyrelsen noterar till protokollet"
    )


def test_a_decision_on_an_item_taken_off_the_agenda_meanwhile_is_refused(
    item, secretary
):
    """Two secretaries: one takes the case off the agenda while the other still
    has the item's form open. Recording the decision is a refusal that says so
    (409 in the API), not a missing row (a 500)."""
    stale = AgendaItem.objects.get(pk=item.pk)
    services.agenda_remove(item=item, user=secretary)

    with pytest.raises(StepRefused) as refused:
        _decide(stale, secretary, kind="note", text="Noteras.")

    assert "inte längre på föredragningslistan" in refused.value.message
    assert not Decision.objects.exists()
