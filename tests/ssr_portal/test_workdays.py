"""Swedish holidays, working days and the appeal period of an anslag."""

import doctest
from datetime import date, datetime

import pytest

from ssr_portal.lib import workdays
from ssr_portal.lib.workdays import (
    AppealPeriod,
    appeal_period,
    easter_sunday,
    is_non_working_day,
    next_working_day,
    notice_latest_publication,
    swedish_public_holidays,
)


@pytest.mark.parametrize(
    "expected",
    [
        date(2019, 4, 21),
        date(2023, 4, 9),
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2026, 4, 5),
        date(2038, 4, 25),
        # The extremes of the Gregorian Easter: 22 March and 25 April.
        date(2285, 3, 22),
        date(1943, 4, 25),
    ],
)
def test_easter_sunday_follows_the_gregorian_computus(expected):
    assert easter_sunday(expected.year) == expected


def test_midsommardagen_is_the_saturday_between_20_and_26_june():
    holidays = swedish_public_holidays(2023)
    assert holidays[date(2023, 6, 24)] == "midsommardagen"
    assert date(2023, 6, 24).weekday() == 5


def test_midsommarafton_is_non_working_but_not_a_public_holiday():
    assert date(2023, 6, 23) not in swedish_public_holidays(2023)
    assert is_non_working_day(date(2023, 6, 23))
    assert not is_non_working_day(date(2023, 6, 22))


def test_alla_helgons_dag_is_the_saturday_between_31_october_and_6_november():
    assert swedish_public_holidays(2023)[date(2023, 11, 4)] == "alla helgons dag"
    # 2020: 31 October is itself the Saturday.
    assert swedish_public_holidays(2020)[date(2020, 10, 31)] == "alla helgons dag"


def test_the_public_holidays_of_2024_are_the_thirteen_named_days():
    assert swedish_public_holidays(2024) == {
        date(2024, 1, 1): "nyårsdagen",
        date(2024, 1, 6): "trettondedag jul",
        date(2024, 3, 29): "långfredagen",
        date(2024, 3, 31): "påskdagen",
        date(2024, 4, 1): "annandag påsk",
        date(2024, 5, 1): "första maj",
        date(2024, 5, 9): "Kristi himmelsfärdsdag",
        date(2024, 5, 19): "pingstdagen",
        date(2024, 6, 6): "Sveriges nationaldag",
        date(2024, 6, 22): "midsommardagen",
        date(2024, 11, 2): "alla helgons dag",
        date(2024, 12, 25): "juldagen",
        date(2024, 12, 26): "annandag jul",
    }
    assert list(swedish_public_holidays(2024)) == sorted(swedish_public_holidays(2024))


def test_changing_the_returned_holidays_does_not_change_the_next_answer():
    swedish_public_holidays(2024).clear()
    assert len(swedish_public_holidays(2024)) == 13


def test_years_before_the_current_holiday_law_are_refused():
    with pytest.raises(ValueError):
        swedish_public_holidays(2004)


def test_annandag_pingst_and_eves_outside_the_law_are_working_days():
    assert not is_non_working_day(date(2024, 5, 20))  # annandag pingst
    assert not is_non_working_day(date(2024, 1, 5))  # trettondagsafton
    assert not is_non_working_day(date(2024, 4, 30))  # valborgsmässoafton


def test_julafton_and_nyarsafton_are_non_working_on_a_weekday():
    assert is_non_working_day(date(2024, 12, 24))
    assert is_non_working_day(date(2024, 12, 31))


def test_a_datetime_is_refused_rather_than_silently_missing_holidays():
    with pytest.raises(TypeError):
        is_non_working_day(datetime(2024, 12, 25, 12, 0))


def test_next_working_day_is_the_day_itself_on_a_working_day():
    assert next_working_day(date(2023, 3, 28)) == date(2023, 3, 28)


def test_next_working_day_skips_a_weekend():
    assert next_working_day(date(2023, 4, 1)) == date(2023, 4, 3)


def test_a_plain_weekday_appeal_period_ends_three_weeks_after_publication():
    assert appeal_period(date(2023, 3, 7)) == AppealPeriod(
        published=date(2023, 3, 7),
        last_day=date(2023, 3, 28),
        moved_from=None,
        legal_force_date=date(2023, 3, 29),
    )


@pytest.mark.parametrize(
    ("published", "nominal"),
    [
        (date(2023, 3, 11), date(2023, 4, 1)),  # Saturday
        (date(2023, 3, 12), date(2023, 4, 2)),  # Sunday
    ],
)
def test_a_last_day_on_a_weekend_moves_to_monday(published, nominal):
    period = appeal_period(published)
    assert period.moved_from == nominal
    assert period.last_day == date(2023, 4, 3)


def test_a_last_day_on_midsommarafton_moves_past_midsommar():
    period = appeal_period(date(2023, 6, 2))
    assert period.moved_from == date(2023, 6, 23)
    assert period.last_day == date(2023, 6, 26)


def test_a_last_day_on_julafton_moves_past_juldagen_and_annandag_jul():
    period = appeal_period(date(2023, 12, 3))
    assert period.moved_from == date(2023, 12, 24)
    assert period.last_day == date(2023, 12, 27)


def test_a_last_day_on_nyarsafton_moves_past_nyarsdagen():
    period = appeal_period(date(2024, 12, 10))
    assert period.moved_from == date(2024, 12, 31)
    assert period.last_day == date(2025, 1, 2)


def test_a_last_day_on_langfredagen_moves_past_annandag_pask():
    period = appeal_period(date(2024, 3, 8))
    assert period.moved_from == date(2024, 3, 29)
    assert period.last_day == date(2024, 4, 2)


def test_a_last_day_on_kristi_himmelsfardsdag_moves_to_the_friday():
    period = appeal_period(date(2024, 4, 18))
    assert period.moved_from == date(2024, 5, 9)
    assert period.last_day == date(2024, 5, 10)


@pytest.mark.parametrize(
    "published",
    [date(2023, 3, 7), date(2023, 6, 2), date(2023, 12, 3), date(2024, 12, 10)],
)
def test_the_decision_gains_legal_force_the_day_after_the_last_day(published):
    period = appeal_period(published)
    assert (period.legal_force_date - period.last_day).days == 1


def test_the_notice_must_be_published_by_the_second_calendar_day_after_justering():
    assert notice_latest_publication(date(2023, 3, 6)) == date(2023, 3, 8)
    # Calendar days: not moved past a weekend.
    assert notice_latest_publication(date(2023, 3, 3)) == date(2023, 3, 5)


def test_the_examples_in_the_module_docstring_hold():
    assert doctest.testmod(workdays).failed == 0
