import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import AgendaItem, Case, Meeting
from cases.services import meetings as services
from ssr_portal.lib.refusals import StepRefused


def test_the_secretary_creates_a_meeting_with_its_people(
    ks, secretary, director, alice
):
    meeting = services.meeting_create(
        board=ks,
        user=secretary,
        meeting_date=datetime.date(2023, 4, 12),
        start_time=datetime.time(13, 0),
        place="Kommunstyrelsesalen",
        chair=director,
        secretary=secretary,
        adjusters=[alice],
        members_present=[director, alice],
        other_members_present="Greta Gäst (S)",
    )
    assert meeting.chair == director
    assert list(meeting.adjusters.all()) == [alice]
    assert meeting.members_present.count() == 2
    assert meeting.history.count() == 1


@pytest.mark.parametrize("who", ["alice", "director", "botkyrka_secretary", "bob"])
def test_only_the_boards_secretary_creates_meetings(request, ks, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            board=ks,
            user=user,
            meeting_date=datetime.date(2023, 4, 12),
            start_time=datetime.time(13, 0),
            place="Salen",
        )
    assert not Meeting.objects.exists()


def test_a_meeting_refuses_people_of_another_organisation(ks, secretary, charlie):
    with pytest.raises(ValidationError):
        services.meeting_create(
            board=ks,
            user=secretary,
            meeting_date=datetime.date(2023, 4, 12),
            start_time=datetime.time(13, 0),
            place="Salen",
            adjusters=[charlie],
        )


def test_the_secretary_changes_a_meeting(meeting, secretary):
    services.meeting_update(
        meeting=meeting,
        user=secretary,
        meeting_date=datetime.date(2023, 4, 13),
        start_time=datetime.time(9, 0),
        place="Sal B",
    )
    meeting.refresh_from_db()
    assert (meeting.meeting_date, meeting.place) == (
        datetime.date(2023, 4, 13),
        "Sal B",
    )


def test_an_official_may_not_change_a_meeting(meeting, alice):
    with pytest.raises(PermissionDenied):
        services.meeting_update(
            meeting=meeting,
            user=alice,
            meeting_date=meeting.meeting_date,
            start_time=meeting.start_time,
            place="Annan sal",
        )


def test_adding_an_approved_case_puts_it_on_the_agenda(item, approved_case):
    approved_case.refresh_from_db()
    assert approved_case.status == Case.Status.ON_AGENDA
    assert item.position == 1
    assert item.paragraph is None
    assert approved_case.history.first().status == Case.Status.ON_AGENDA


@pytest.mark.parametrize(
    "status", [Case.Status.DRAFTING, Case.Status.SUBMITTED, Case.Status.DECIDED]
)
def test_only_approved_cases_go_on_the_agenda(meeting, make_case, secretary, status):
    case = make_case(status=status)
    with pytest.raises(StepRefused):
        services.agenda_add(meeting=meeting, case=case, user=secretary)
    assert not AgendaItem.objects.exists()


@pytest.mark.parametrize("who", ["alice", "director", "botkyrka_secretary"])
def test_only_the_secretary_places_cases_on_the_agenda(
    request, meeting, approved_case, who
):
    with pytest.raises(PermissionDenied):
        services.agenda_add(
            meeting=meeting, case=approved_case, user=request.getfixturevalue(who)
        )
    approved_case.refresh_from_db()
    assert approved_case.status == Case.Status.APPROVED


def test_a_case_of_another_board_is_refused(meeting, secretary, huddinge):
    from tests.factories import BoardFactory, CaseFactory

    other_board = BoardFactory(organisation=huddinge, name="Socialnämnden", prefix="SN")
    case = CaseFactory(board=other_board, status=Case.Status.APPROVED)
    with pytest.raises(StepRefused):
        services.agenda_add(meeting=meeting, case=case, user=secretary)


def test_a_case_on_a_pending_agenda_is_refused_on_another(
    item, later_meeting, secretary
):
    case = Case.objects.get(pk=item.case_id)
    case.status = Case.Status.APPROVED  # as if someone had changed it behind our back
    case.save()
    with pytest.raises(StepRefused):
        services.agenda_add(meeting=later_meeting, case=case, user=secretary)


def test_removing_an_item_takes_the_case_back_to_approved(item, make_case, secretary):
    second = services.agenda_add(meeting=item.meeting, case=make_case(), user=secretary)
    services.agenda_remove(item=item, user=secretary)
    item.case.refresh_from_db()
    second.refresh_from_db()
    assert item.case.status == Case.Status.APPROVED
    assert second.position == 1
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_a_decided_item_cannot_be_removed(item, secretary):
    services.decision_record(item=item, user=secretary, kind="approve", text="Bifall.")
    with pytest.raises(StepRefused):
        services.agenda_remove(item=item, user=secretary)


def test_an_official_may_not_remove_an_item(item, alice):
    with pytest.raises(PermissionDenied):
        services.agenda_remove(item=item, user=alice)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_moving_items_keeps_positions_dense(item, make_case, secretary):
    second = services.agenda_add(meeting=item.meeting, case=make_case(), user=secretary)
    third = services.agenda_add(meeting=item.meeting, case=make_case(), user=secretary)
    services.agenda_move(item=third, offset=-1, user=secretary)
    order = list(item.meeting.items.values_list("pk", "position"))
    assert order == [(item.pk, 1), (third.pk, 2), (second.pk, 3)]
    services.agenda_move(item=item, offset=-1, user=secretary)  # already first
    services.agenda_move(item=second, offset=1, user=secretary)  # already last
    assert list(item.meeting.items.values_list("pk", "position")) == order


def test_an_official_may_not_reorder_the_agenda(item, alice):
    with pytest.raises(PermissionDenied):
        services.agenda_move(item=item, offset=1, user=alice)


def test_an_adjusted_meeting_refuses_changes(item, make_case, secretary):
    from django.utils import timezone

    Meeting.objects.filter(pk=item.meeting_id).update(adjusted_at=timezone.now())
    item.meeting.refresh_from_db()
    with pytest.raises(StepRefused):
        services.agenda_add(meeting=item.meeting, case=make_case(), user=secretary)
    with pytest.raises(StepRefused):
        services.agenda_remove(item=item, user=secretary)
    with pytest.raises(StepRefused):
        services.decision_record(
            item=item, user=secretary, kind="approve", text="Bifall."
        )
