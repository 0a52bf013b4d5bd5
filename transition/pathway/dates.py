"""Calendar rules: ages, English school years and GOV.UK date formatting.

All dates are calendar dates in England. Ages and school years come from the date of
birth alone, never from a stored age, so they cannot drift.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

ENGLAND = ZoneInfo("Europe/London")

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# English school years run 1 September to 31 August.
SCHOOL_YEAR_START_MONTH = 9

# Year N is the school year holding the (N + 5)th birthday (Year 9 holds the 14th).
_YEAR_GROUP_TO_AGE = 5


def add_months(day: date, months: int) -> date:
    """``day`` moved on by ``months`` calendar months: the one month-adding rule.

    A day that does not exist in the target month (29 February in a common year,
    31 August + 6 months) falls on the 1st of the next month: a person has not yet
    completed that age on the last day of the shorter month, and a deadline "6 months
    from 31 August" is not reached before the last day of February is over.
    """
    year, month_index = divmod(day.year * 12 + (day.month - 1) + months, 12)
    try:
        return date(year, month_index + 1, day.day)
    except ValueError:
        # The day is past the end of the month, so roll to the 1st of the next month.
        next_year, next_month_index = divmod(year * 12 + month_index + 1, 12)
        return date(next_year, next_month_index + 1, 1)


def add_age(dob: date, years: int, months: int = 0) -> date:
    """The date a person born on ``dob`` reaches ``years`` years and ``months`` months."""
    total = years * 12 + months
    if total < 0:
        raise ValueError(f"An age cannot be negative (got {years} years {months} months)")
    return add_months(dob, total)


def age_on(dob: date, day: date) -> tuple[int, int]:
    """Completed (years, months) of age on ``day``, by the same rule as :func:`add_age`."""
    if day < dob:
        raise ValueError(f"{format_date(day)} is before the date of birth {format_date(dob)}")
    months = (day.year - dob.year) * 12 + (day.month - dob.month)
    # The candidate lands in day's month (or the 1st of the next); one step back is
    # always on or before day because add_age is strictly increasing in months.
    if add_age(dob, 0, months) > day:
        months -= 1
    return divmod(months, 12)


def _reception_cohort_year(dob: date) -> int:
    """The calendar year whose 1 September starts the school year holding the birth.

    A child born on 1 September or later starts school a year after one born in August.
    A 29 February birth is in February either way, so the leap-day rule never moves it.
    """
    return dob.year if dob.month >= SCHOOL_YEAR_START_MONTH else dob.year - 1


def school_year_start(dob: date, year_group: int, offset: int = 0) -> date:
    """1 September that starts Year ``year_group`` for a child born on ``dob``.

    ``offset`` is for a child taught out of their age group: +1 means a year behind
    (they reach each year group a year later), -1 a year ahead.
    """
    return date(_reception_cohort_year(dob) + year_group + _YEAR_GROUP_TO_AGE + offset, 9, 1)


def school_year_end(dob: date, year_group: int, offset: int = 0) -> date:
    """31 August that ends Year ``year_group``."""
    return date(school_year_start(dob, year_group, offset).year + 1, 8, 31)


def school_year_on(dob: date, day: date, offset: int = 0) -> int:
    """The year group a child is in on ``day``.

    It can be below 1 (Reception is 0) or above 14 (past school age); callers decide how
    to show those.
    """
    start_year = day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1
    return start_year - _reception_cohort_year(dob) - _YEAR_GROUP_TO_AGE - offset


def last_friday_in_june(year: int) -> date:
    """The last Friday in June: end of compulsory school age in Year 11."""
    june_30 = date(year, 6, 30)
    return june_30 - timedelta(days=(june_30.weekday() - 4) % 7)


def format_date(d: date) -> str:
    """GOV.UK style date, such as "1 March 2030": no leading zero, month in full.

    Month names are written out rather than taken from the locale, which varies by
    server.
    """
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def date_in_england(instant: datetime) -> date:
    """The calendar date in England at ``instant``; "due by 18" means that calendar day.

    A naive datetime is refused, because guessing its zone can move a deadline by a day.
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("The time must include a time zone")
    return instant.astimezone(ENGLAND).date()
