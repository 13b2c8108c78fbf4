import datetime
import logging

import pytest
from django.core.exceptions import PermissionDenied

from cases.models import Decision, Notice
from cases.services import meetings as meeting_services
from cases.services.anslag import case_appeal, notice_publish
from ssr_portal.lib.refusals import StepRefused
from tests.helpers import system

pytestmark = pytest.mark.django_db


def test_publish_is_refused_before_the_minutes_are_adjusted(meeting, decided):
    with pytest.raises(StepRefused):
        notice_publish(meeting, user=system())
    assert not Notice.objects.exists()


def test_publish_computes_the_dates_with_the_working_days(meeting, decided, adjust):
    adjust(meeting, datetime.date(2023, 3, 31))
    notice = notice_publish(meeting, published=datetime.date(2023, 4, 2), user=system())
    assert notice.adjusted_date == datetime.date(2023, 3, 31)
    assert notice.published_date == datetime.date(2023, 4, 2)
    # Three weeks on: Sunday 23 April, moved to Monday 24 April.
    assert notice.last_appeal_date == datetime.date(2023, 4, 24)
    assert notice.appeal_moved_from == datetime.date(2023, 4, 23)
    assert notice.takedown_date == datetime.date(2023, 4, 25)
    assert notice.minutes_kept_at == "Huddinge kommun, diariet"
    assert not notice.is_late


def test_a_period_ending_on_midsommarafton_moves_and_the_notice_comes_down_on_the_legal_force_date(  # noqa: E501
    meeting, decided, adjust
):
    adjust(meeting, datetime.date(2023, 6, 1))
    notice = notice_publish(meeting, published=datetime.date(2023, 6, 2), user=system())
    assert notice.appeal_moved_from == datetime.date(2023, 6, 23)
    assert notice.last_appeal_date == datetime.date(2023, 6, 26)
    assert notice.takedown_date == datetime.date(2023, 6, 27)
    assert notice.takedown_date == notice.appeal_period.legal_force_date


def test_publish_is_idempotent(meeting, decided, adjust):
    adjust(meeting)
    first = notice_publish(meeting, published=datetime.date(2023, 4, 14), user=system())
    second = notice_publish(
        meeting, published=datetime.date(2023, 4, 16), user=system()
    )
    assert first.pk == second.pk
    assert Notice.objects.count() == 1


def test_publish_defaults_to_today(meeting, decided, adjust, time_machine):
    time_machine.move_to(datetime.datetime(2023, 4, 15, 9, 0))
    adjust(meeting, datetime.date(2023, 4, 14))
    notice = notice_publish(meeting, user=system())
    assert notice.published_date == datetime.date(2023, 4, 15)


def test_a_late_publication_is_made_and_logged(meeting, decided, adjust, caplog):
    adjust(meeting, datetime.date(2023, 4, 14))
    with caplog.at_level(logging.WARNING):
        notice = notice_publish(
            meeting, published=datetime.date(2023, 4, 20), user=system()
        )
    assert notice.is_late
    assert "8 kap. 12 §" in caplog.text


def test_only_a_secretary_of_the_board_may_publish(
    meeting, decided, adjust, alice, botkyrka_secretary, secretary
):
    adjust(meeting)
    for person in (alice, botkyrka_secretary):
        with pytest.raises(PermissionDenied):
            notice_publish(meeting, user=person)
    assert notice_publish(meeting, user=secretary).published_by == secretary


def test_case_appeal_is_none_until_the_notice_is_published(meeting, decided, adjust):
    adjust(meeting)
    assert case_appeal(decided) is None
    notice_publish(meeting, published=datetime.date(2023, 4, 14), user=system())
    appeal = case_appeal(decided)
    assert appeal.period.last_day == datetime.date(2023, 5, 5)
    assert appeal.period.legal_force_date == datetime.date(2023, 5, 6)


def test_a_postponement_has_no_appeal_period_on_the_case(
    meeting, later_meeting, item, secretary, adjust
):
    meeting_services.decision_record(
        item=item,
        user=secretary,
        kind=Decision.Kind.POSTPONE,
        text="Ärendet bordläggs.",
        later_meeting=later_meeting,
    )
    adjust(meeting)
    notice_publish(meeting, published=datetime.date(2023, 4, 14), user=system())
    assert case_appeal(item.case) is None
