"""Ages, school years and date formatting: the calendar rules every other date rests on."""

from datetime import UTC, date, datetime

import pytest

from transition.pathway.dates import (
    add_age,
    add_months,
    age_on,
    date_in_england,
    format_date,
    last_friday_in_june,
    school_year_end,
    school_year_on,
    school_year_start,
)

LEAP_DAY_2012 = date(2012, 2, 29)


@pytest.mark.parametrize(
    ("dob", "years", "months", "expected"),
    [
        (date(2011, 9, 1), 18, 0, date(2029, 9, 1)),
        # 29 February: 1 March in a common year, 29 February in a leap year.
        (LEAP_DAY_2012, 18, 0, date(2030, 3, 1)),
        (LEAP_DAY_2012, 16, 0, date(2028, 2, 29)),
        (LEAP_DAY_2012, 14, 0, date(2026, 3, 1)),
        (LEAP_DAY_2012, 17, 6, date(2029, 8, 29)),
        # A day missing from the target month rolls to the 1st of the next month.
        (date(2011, 8, 31), 17, 6, date(2029, 3, 1)),
        (date(2011, 8, 31), 0, 6, date(2012, 3, 1)),
        (date(2012, 1, 31), 0, 1, date(2012, 3, 1)),
        (date(2011, 3, 31), 0, 1, date(2011, 5, 1)),
        (date(2011, 12, 31), 0, 2, date(2012, 3, 1)),
        # Month arithmetic carries into the year.
        (date(2011, 11, 15), 0, 3, date(2012, 2, 15)),
        (date(2011, 11, 15), 17, 6, date(2029, 5, 15)),
        (date(2011, 11, 15), 0, 0, date(2011, 11, 15)),
    ],
)
def test_add_age(dob, years, months, expected):
    assert add_age(dob, years, months) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 3, 1)),
        (date(2026, 11, 28), 6, date(2027, 5, 28)),
        # The one month-adding rule for ages, deadlines and filters alike.
        (date(2024, 8, 31), 6, date(2025, 3, 1)),
        (date(2026, 12, 15), 12, date(2027, 12, 15)),
    ],
)
def test_add_months_rolls_a_missing_day_to_the_next_month(day, months, expected):
    assert add_months(day, months) == expected


def test_add_age_refuses_a_negative_age():
    with pytest.raises(ValueError, match="cannot be negative"):
        add_age(date(2011, 9, 1), 0, -1)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2030, 2, 28), (17, 11)),  # not yet 18 on 28 February 2030
        (date(2030, 3, 1), (18, 0)),
        (date(2028, 2, 28), (15, 11)),
        (date(2028, 2, 29), (16, 0)),  # a leap year: the birthday is 29 February
        (date(2029, 8, 28), (17, 5)),
        (date(2029, 8, 29), (17, 6)),
        (LEAP_DAY_2012, (0, 0)),
    ],
)
def test_age_on_for_a_leap_day_birth(day, expected):
    assert age_on(LEAP_DAY_2012, day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2012, 2, 28), (0, 5)),
        (date(2012, 2, 29), (0, 5)),  # 31 February does not exist, so 6 months is 1 March
        (date(2012, 3, 1), (0, 6)),
        (date(2029, 8, 30), (17, 11)),
        (date(2029, 8, 31), (18, 0)),
    ],
)
def test_age_on_for_a_31st_birth(day, expected):
    assert age_on(date(2011, 8, 31), day) == expected


def test_age_on_refuses_a_day_before_birth():
    with pytest.raises(ValueError, match="before the date of birth"):
        age_on(date(2011, 9, 1), date(2011, 8, 31))


@pytest.mark.parametrize(
    ("dob", "expected_year_9"),
    [
        # Both edges of the school year: a day apart in age, a year apart in school.
        (date(2011, 9, 1), date(2025, 9, 1)),
        (date(2011, 8, 31), date(2024, 9, 1)),
        (LEAP_DAY_2012, date(2025, 9, 1)),
        (date(2011, 12, 31), date(2025, 9, 1)),
        (date(2012, 1, 1), date(2025, 9, 1)),
        (date(2012, 8, 31), date(2025, 9, 1)),
        (date(2012, 9, 1), date(2026, 9, 1)),
    ],
)
def test_year_9_starts_in_the_school_year_of_the_14th_birthday(dob, expected_year_9):
    assert school_year_start(dob, 9) == expected_year_9
    assert school_year_start(dob, 9) <= add_age(dob, 14) <= school_year_end(dob, 9)


@pytest.mark.parametrize(
    ("dob", "year_group", "expected_start", "expected_end"),
    [
        (date(2011, 9, 1), 11, date(2027, 9, 1), date(2028, 8, 31)),
        (date(2011, 8, 31), 11, date(2026, 9, 1), date(2027, 8, 31)),
        (date(2011, 9, 1), 7, date(2023, 9, 1), date(2024, 8, 31)),
        (date(2011, 9, 1), 14, date(2030, 9, 1), date(2031, 8, 31)),
    ],
)
def test_school_year_start_and_end(dob, year_group, expected_start, expected_end):
    assert school_year_start(dob, year_group) == expected_start
    assert school_year_end(dob, year_group) == expected_end


@pytest.mark.parametrize(
    ("offset", "expected_start", "expected_end"),
    [
        (1, date(2026, 9, 1), date(2027, 8, 31)),  # taught a year behind
        (0, date(2025, 9, 1), date(2026, 8, 31)),
        (-1, date(2024, 9, 1), date(2025, 8, 31)),  # taught a year ahead
    ],
)
def test_out_of_year_group_offset(offset, expected_start, expected_end):
    dob = date(2011, 9, 1)
    assert school_year_start(dob, 9, offset) == expected_start
    assert school_year_end(dob, 9, offset) == expected_end
    assert school_year_on(dob, expected_start, offset) == 9


@pytest.mark.parametrize(
    ("dob", "day", "expected"),
    [
        (date(2011, 9, 1), date(2025, 9, 1), 9),
        (date(2011, 9, 1), date(2025, 8, 31), 8),
        (date(2011, 8, 31), date(2024, 9, 1), 9),
        (date(2011, 8, 31), date(2024, 8, 31), 8),
        (date(2011, 9, 1), date(2026, 8, 31), 9),
        (date(2011, 9, 1), date(2016, 9, 1), 0),  # Reception
        (date(2011, 9, 1), date(2012, 9, 1), -4),
        (date(2011, 9, 1), date(2031, 9, 1), 15),  # past school age: callers format it
    ],
)
def test_school_year_on(dob, day, expected):
    assert school_year_on(dob, day) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2023, date(2023, 6, 30)),  # 30 June is itself a Friday
        (2024, date(2024, 6, 28)),
        (2025, date(2025, 6, 27)),
        (2026, date(2026, 6, 26)),
        (2027, date(2027, 6, 25)),
        (2028, date(2028, 6, 30)),
        (2029, date(2029, 6, 29)),
        (2030, date(2030, 6, 28)),
    ],
)
def test_last_friday_in_june(year, expected):
    assert last_friday_in_june(year) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2030, 3, 1), "1 March 2030"),
        (date(2027, 12, 25), "25 December 2027"),
        (date(2028, 2, 29), "29 February 2028"),
        (date(2026, 1, 9), "9 January 2026"),
    ],
)
def test_format_date_is_gov_uk_style(day, expected):
    assert format_date(day) == expected


def test_format_date_names_every_month():
    names = [format_date(date(2030, month, 1)).split()[1] for month in range(1, 13)]
    assert names == [
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
    ]


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        # Winter: England is on GMT, so 23:30 UTC is the same day.
        (datetime(2030, 2, 28, 23, 30, tzinfo=UTC), date(2030, 2, 28)),
        # Summer: British Summer Time, so 23:30 UTC is already the next day.
        (datetime(2029, 6, 30, 23, 30, tzinfo=UTC), date(2029, 7, 1)),
    ],
)
def test_date_in_england(instant, expected):
    assert date_in_england(instant) == expected


def test_date_in_england_refuses_a_naive_time():
    with pytest.raises(ValueError, match="time zone"):
        date_in_england(datetime(2030, 3, 1, 12, 0))
