import datetime

import pytest
from django.db import IntegrityError, transaction

from cases.models import AgendaItem, Decision, DecisionStatement, ParagraphSeries


def test_a_case_is_on_a_meetings_agenda_only_once(item):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=item.meeting, case=item.case, position=2)


def test_a_paragraph_is_used_once_per_meeting(meeting, make_case):
    AgendaItem.objects.create(
        meeting=meeting, case=make_case(), position=1, paragraph=1
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(
            meeting=meeting, case=make_case(), position=2, paragraph=1
        )


def test_a_board_has_one_paragraph_series_per_year(ks):
    ParagraphSeries.objects.create(board=ks, year=2023)
    with pytest.raises(IntegrityError), transaction.atomic():
        ParagraphSeries.objects.create(board=ks, year=2023)


def test_a_decision_needs_text(item):
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(item=item, kind=Decision.Kind.APPROVE, text="")


def test_only_a_postponement_names_a_later_meeting(item, later_meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            item=item,
            kind=Decision.Kind.APPROVE,
            text="Bifall.",
            later_meeting=later_meeting,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            item=item, kind=Decision.Kind.POSTPONE, text="Bordläggs."
        )


def test_a_statement_names_its_member(item):
    decision = Decision.objects.create(
        item=item, kind=Decision.Kind.APPROVE, text="Bifall."
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionStatement.objects.create(
            decision=decision, kind=DecisionStatement.Kind.RESERVATION, text="Emot."
        )


def test_the_chair_must_belong_to_the_boards_organisation(meeting, charlie):
    from django.core.exceptions import ValidationError

    meeting.chair = charlie
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "chair" in error.value.message_dict


def test_a_meeting_is_not_adjusted_until_justering(meeting):
    assert not meeting.is_adjusted
    assert str(meeting) == "Kommunstyrelsen 2023-04-12"
    assert meeting.meeting_date == datetime.date(2023, 4, 12)
