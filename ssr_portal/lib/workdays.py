"""Swedish public holidays, working days and the dates of an anslag.

What this computes, without Django and without a holiday package:

- ``swedish_public_holidays(year)``: the named allmänna helgdagar of lagen
  (1989:253) om allmänna helgdagar, Easter by the anonymous Gregorian computus
  (``easter_sunday``).
- ``is_non_working_day(day)`` and ``next_working_day(day)``: the days on which
  a statutory deadline cannot end, after lagen (1930:173) om beräkning av
  lagstadgad tid.
- ``appeal_period(published)``: the last day to appeal a decision under
  kommunallagen (2017:725) 13 kap. 5 § and the day it gains legal force.
- ``notice_latest_publication(adjusted)``: the last day to publish the anslag
  under kommunallagen 8 kap. 12 §.

The laws, and the reading chosen where they leave room:

1. Lagen (1989:253) om allmänna helgdagar, 1 §: the allmänna helgdagar are
   nyårsdagen (1 Jan), trettondedag jul (6 Jan), långfredagen, påskdagen,
   annandag påsk, Kristi himmelsfärdsdag, första maj, pingstdagen, Sveriges
   nationaldag (6 June), midsommardagen (the Saturday 20–26 June), alla helgons
   dag (the Saturday 31 Oct – 6 Nov), juldagen (25 Dec), annandag jul (26 Dec)
   and every Sunday. ``swedish_public_holidays`` lists the named days only;
   ordinary Sundays are caught by ``is_non_working_day``. The list is the law
   as in force since 2005 (when Sveriges nationaldag replaced annandag pingst),
   so earlier years are refused rather than answered wrongly.

2. Lagen (1930:173) om beräkning av lagstadgad tid, 2 § (paraphrased): when a
   period within which something must be done ends on a Saturday, a Sunday or
   another public holiday, midsommarafton, julafton or nyårsafton, it may be
   done on the next weekday. So the non-working days are Saturdays, Sundays,
   the named holidays, midsommarafton (the Friday before midsommardagen),
   julafton (24 Dec) and nyårsafton (31 Dec). Other eves (påskafton,
   pingstafton) are Saturdays anyway; trettondagsafton, valborgsmässoafton and
   the like are ordinary working days.

3. Kommunallagen 13 kap. 5 §: "Överklagandet ska ha kommit in till
   förvaltningsrätten inom tre veckor från den dag då det tillkännagavs på
   kommunens eller regionens anslagstavla att protokollet över beslutet
   justerats." (13 kap. 4 §: it is given in to the förvaltningsrätt.) The period is counted from the day of publication, and ends on
   the same weekday three weeks later: publication day + 21 days. A notice
   published on Tuesday 7 March 2023 can be appealed up to and including
   Tuesday 28 March 2023. If that day is a non-working day the last day moves
   to the next working day (rule 2).

4. Legal force (laga kraft): a decision gains legal force when the appeal
   period has run out without an appeal, that is on the first day after the
   last day. An appeal that comes in on time stops this; the decision then
   gains legal force only when the appeal has been finally decided, which this
   module cannot know.

5. Kommunallagen 8 kap. 12 §: the justering of the minutes is announced on the
   anslagstavla "senast andra dagen efter justeringen". These are calendar
   days (adjusted + 2), and the date is not moved past a weekend: rule 2
   extends a deadline only as a permission, the digital anslagstavla can
   publish on any day, and publishing earlier is always lawful. The notice must
   stay up until the appeal period has run out, so it may come down on the
   ``legal_force_date`` of its ``appeal_period``.

Examples::

    >>> easter_sunday(2024)
    datetime.date(2024, 3, 31)
    >>> swedish_public_holidays(2023)[date(2023, 6, 24)]
    'midsommardagen'
    >>> is_non_working_day(date(2023, 6, 23))  # midsommarafton
    True
    >>> next_working_day(date(2023, 12, 24))  # julafton, juldagen, annandag jul
    datetime.date(2023, 12, 27)
    >>> appeal_period(date(2023, 3, 7)).last_day
    datetime.date(2023, 3, 28)
    >>> period = appeal_period(date(2023, 6, 2))  # + 21 days is midsommarafton
    >>> period.moved_from, period.last_day, period.legal_force_date
    (datetime.date(2023, 6, 23), datetime.date(2023, 6, 26), datetime.date(2023, 6, 27))
    >>> notice_latest_publication(date(2023, 3, 3))
    datetime.date(2023, 3, 5)
"""

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType

# The holiday list below is lagen (1989:253) as amended for 2005 onward, when
# Sveriges nationaldag became a holiday and annandag pingst stopped being one.
FIRST_YEAR = 2005

# Kommunallagen 13 kap. 5 §: "inom tre veckor från den dag då det tillkännagavs".
APPEAL_PERIOD = timedelta(weeks=3)

# Kommunallagen 8 kap. 12 §: "senast andra dagen efter justeringen".
NOTICE_PUBLICATION_DELAY = timedelta(days=2)

_SATURDAY = 5


def easter_sunday(year: int) -> date:
    """Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).

    Valid for every year of the Gregorian calendar (from 1583).
    """
    if year < 1583:
        raise ValueError(f"The Gregorian computus starts in 1583, not {year}.")
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    moon_correction = (century + 8) // 25
    solar_correction = (century - moon_correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - solar_correction + 15) % 30
    leap_years, year_rest = divmod(year_of_century, 4)
    weekday_offset = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    correction = (golden + 11 * epact + 22 * weekday_offset) // 451
    month, day = divmod(epact + weekday_offset - 7 * correction + 114, 31)
    return date(year, month, day + 1)


def _saturday_between(start: date) -> date:
    """The Saturday in the seven days from `start`."""
    return start + timedelta(days=(_SATURDAY - start.weekday()) % 7)


@functools.cache
def _holidays(year: int) -> Mapping[date, str]:
    if year < FIRST_YEAR:
        raise ValueError(
            f"The holiday list follows the law in force since {FIRST_YEAR}, not {year}."
        )
    easter = easter_sunday(year)
    holidays = {
        date(year, 1, 1): "nyårsdagen",
        date(year, 1, 6): "trettondedag jul",
        easter - timedelta(days=2): "långfredagen",
        easter: "påskdagen",
        easter + timedelta(days=1): "annandag påsk",
        date(year, 5, 1): "första maj",
        easter + timedelta(days=39): "Kristi himmelsfärdsdag",
        easter + timedelta(days=49): "pingstdagen",
        date(year, 6, 6): "Sveriges nationaldag",
        _saturday_between(date(year, 6, 20)): "midsommardagen",
        _saturday_between(date(year, 10, 31)): "alla helgons dag",
        date(year, 12, 25): "juldagen",
        date(year, 12, 26): "annandag jul",
    }
    return MappingProxyType(dict(sorted(holidays.items())))


def swedish_public_holidays(year: int) -> dict[date, str]:
    """The named allmänna helgdagar of `year`, in date order, with Swedish names.

    Ordinary Sundays, which the law also counts as allmänna helgdagar, are not
    listed. Raises ValueError for years before 2005 (see FIRST_YEAR).
    """
    return dict(_holidays(year))


def _deadline_free_eves(year: int) -> set[date]:
    """Midsommarafton, julafton and nyårsafton: lagen (1930:173) 2 §."""
    midsummer_day = _saturday_between(date(year, 6, 20))
    return {
        midsummer_day - timedelta(days=1),
        date(year, 12, 24),
        date(year, 12, 31),
    }


def _check_date(day: date) -> None:
    # A datetime is a date too, but never equal to one, so holiday look-ups
    # would silently miss: refuse it instead.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"Expected a date, got {type(day).__name__}.")


def is_non_working_day(day: date) -> bool:
    """Whether a statutory deadline ending on `day` moves to the next working day.

    True for Saturdays, Sundays, the named public holidays, midsommarafton,
    julafton and nyårsafton (lagen (1930:173) om beräkning av lagstadgad tid).
    """
    _check_date(day)
    return (
        day.weekday() >= _SATURDAY
        or day in _holidays(day.year)
        or day in _deadline_free_eves(day.year)
    )


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    _check_date(day)
    while is_non_working_day(day):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class AppealPeriod:
    """The appeal period of a decision announced on the anslagstavla.

    published: the day the anslag about the adjusted minutes went up.
    last_day: the last day an appeal can reach the förvaltningsrätt, after
        moving past non-working days.
    moved_from: the nominal last day (published + three weeks) when it fell on a
        non-working day and was moved; None when it was not moved.
    legal_force_date: the day the decision gains legal force (laga kraft) if no
        one appeals in time; an appeal stops it.
    """

    published: date
    last_day: date
    moved_from: date | None
    legal_force_date: date


def appeal_period(published: date) -> AppealPeriod:
    """The appeal period for an anslag published on `published`.

    1. The nominal last day is three weeks from the publication day, the same
       weekday three weeks later (kommunallagen 13 kap. 5 §).
    2. If that is a non-working day it moves to the next working day (lagen
       (1930:173)); `moved_from` keeps the nominal day.
    3. The decision gains legal force the day after the last day, unless it is
       appealed in time.
    """
    _check_date(published)
    nominal = published + APPEAL_PERIOD
    last_day = next_working_day(nominal)
    return AppealPeriod(
        published=published,
        last_day=last_day,
        moved_from=nominal if last_day != nominal else None,
        legal_force_date=last_day + timedelta(days=1),
    )


def notice_latest_publication(adjusted: date) -> date:
    """The last day to publish the anslag for minutes adjusted on `adjusted`.

    Kommunallagen 8 kap. 12 §: "senast andra dagen efter justeringen", counted
    in calendar days and not moved past weekends or holidays.
    """
    _check_date(adjusted)
    return adjusted + NOTICE_PUBLICATION_DELAY
