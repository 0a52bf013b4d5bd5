"""Key dates for real birthdays, worked out by hand."""

from datetime import date

import pytest

from transition.pathway.dates import end_of_compulsory_school_age, format_date
from transition.pathway.keydates import KeyDates, key_dates

# Expected values worked out by hand:
# - 29 February 2012: birthdays in common years fall on 1 March; 2028 is a leap year.
#   Born in February, so Year 9 starts 1 September 2025 (2012 + 13) and Year 11 on
#   1 September 2027. 30 June 2028 is a Friday. Turns 25 on 1 March 2037, so the
#   FE year (August to July) ends 31 July 2037.
# - 1 September 2011: the oldest in the school year; Year 9 starts on the 14th birthday.
#   Turns 25 on 1 September 2036, which is in the FE year ending 31 July 2037.
# - 31 August 2011: the youngest in the year before; Year 9 starts 1 September 2024.
#   17y6m would be 31 February 2029, so it is 1 March 2029. 30 June 2027 is a
#   Wednesday, so the last Friday is 25 June 2027.
EXPECTED = {
    date(2012, 2, 29): KeyDates(
        birthday_14=date(2026, 3, 1),
        birthday_16=date(2028, 2, 29),
        birthday_17=date(2029, 3, 1),
        birthday_17_6=date(2029, 8, 29),
        birthday_18=date(2030, 3, 1),
        birthday_25=date(2037, 3, 1),
        year_9_start=date(2025, 9, 1),
        post16_transfer_deadline=date(2028, 3, 31),
        end_of_compulsory_school=date(2028, 6, 30),
        plan_latest_end=date(2037, 7, 31),
    ),
    date(2011, 9, 1): KeyDates(
        birthday_14=date(2025, 9, 1),
        birthday_16=date(2027, 9, 1),
        birthday_17=date(2028, 9, 1),
        birthday_17_6=date(2029, 3, 1),
        birthday_18=date(2029, 9, 1),
        birthday_25=date(2036, 9, 1),
        year_9_start=date(2025, 9, 1),
        post16_transfer_deadline=date(2028, 3, 31),
        end_of_compulsory_school=date(2028, 6, 30),
        plan_latest_end=date(2037, 7, 31),
    ),
    date(2011, 8, 31): KeyDates(
        birthday_14=date(2025, 8, 31),
        birthday_16=date(2027, 8, 31),
        birthday_17=date(2028, 8, 31),
        birthday_17_6=date(2029, 3, 1),
        birthday_18=date(2029, 8, 31),
        birthday_25=date(2036, 8, 31),
        year_9_start=date(2024, 9, 1),
        post16_transfer_deadline=date(2027, 3, 31),
        end_of_compulsory_school=date(2027, 6, 25),
        plan_latest_end=date(2037, 7, 31),
    ),
}


@pytest.mark.parametrize("dob", list(EXPECTED), ids=format_date)
def test_key_dates(dob):
    assert key_dates(dob) == EXPECTED[dob]


def test_leap_day_birth_is_18_on_1_march_2030():
    dates = key_dates(date(2012, 2, 29))
    assert format_date(dates.birthday_18) == "1 March 2030"


@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        # Turning 25 in July: the FE year ends that same July.
        (date(2011, 7, 15), date(2036, 7, 31)),
        (date(2011, 7, 31), date(2036, 7, 31)),
        # Turning 25 in August: a new FE year has begun, which ends the next July.
        (date(2011, 8, 1), date(2037, 7, 31)),
    ],
)
def test_plan_latest_end_uses_the_further_education_year(dob, expected):
    assert key_dates(dob).plan_latest_end == expected


def test_a_year_behind_moves_school_dates_but_not_birthdays():
    on_time = key_dates(date(2011, 9, 1))
    behind = key_dates(date(2011, 9, 1), year_offset=1)
    assert behind.year_9_start == date(2026, 9, 1)
    assert behind.post16_transfer_deadline == date(2029, 3, 31)
    # Age alone decides the end of compulsory school age (Education Act 1996 s8(3)).
    assert behind.end_of_compulsory_school == on_time.end_of_compulsory_school
    assert behind.end_of_compulsory_school == date(2028, 6, 30)
    assert behind.birthday_18 == on_time.birthday_18
    assert behind.birthday_17_6 == on_time.birthday_17_6
    assert behind.plan_latest_end == on_time.plan_latest_end


def test_a_year_ahead():
    ahead = key_dates(date(2011, 9, 1), year_offset=-1)
    assert ahead.year_9_start == date(2024, 9, 1)
    assert ahead.post16_transfer_deadline == date(2027, 3, 31)
    assert ahead.end_of_compulsory_school == date(2028, 6, 30)


def test_labelled_is_in_date_order_with_plain_labels():
    labelled = key_dates(date(2012, 2, 29)).labelled()
    assert labelled == [
        ("Start of Year 9", date(2025, 9, 1)),
        ("14th birthday", date(2026, 3, 1)),
        ("16th birthday", date(2028, 2, 29)),
        ("Deadline for post-16 placement in the plan (31 March, Year 11)", date(2028, 3, 31)),
        ("End of compulsory school age", date(2028, 6, 30)),
        ("17th birthday", date(2029, 3, 1)),
        ("Age 17 and a half", date(2029, 8, 29)),
        ("18th birthday", date(2030, 3, 1)),
        ("25th birthday", date(2037, 3, 1)),
        (
            "Latest end of the EHC plan (31 July, end of the academic year they turn 25)",
            date(2037, 7, 31),
        ),
    ]


def test_labelled_keeps_the_birthday_first_when_it_starts_year_9():
    labelled = key_dates(date(2011, 9, 1)).labelled()
    assert labelled[:2] == [
        ("14th birthday", date(2025, 9, 1)),
        ("Start of Year 9", date(2025, 9, 1)),
    ]


def test_key_dates_are_immutable():
    dates = key_dates(date(2011, 9, 1))
    with pytest.raises(AttributeError):
        dates.birthday_18 = date(2030, 1, 1)


# Worked examples: the end of compulsory school age (Education Act 1996 s8(3), the last
# Friday in June of the school year in which they turn 16) against the class-based dates.
@pytest.mark.parametrize(
    ("dob", "offset", "ecsa", "year_9_start", "deadline_31_march"),
    [
        # 31 August: the youngest in the year; a year behind moves only the class dates.
        (date(2011, 8, 31), 0, date(2027, 6, 25), date(2024, 9, 1), date(2027, 3, 31)),
        (date(2011, 8, 31), 1, date(2027, 6, 25), date(2025, 9, 1), date(2028, 3, 31)),
        # 1 September: the oldest in the next year, a year later than 31 August.
        (date(2011, 9, 1), 0, date(2028, 6, 30), date(2025, 9, 1), date(2028, 3, 31)),
        (date(2011, 9, 1), -1, date(2028, 6, 30), date(2024, 9, 1), date(2027, 3, 31)),
        # 29 February: 2028 is a leap year, so 16 on 29 February 2028 (1 March in a
        # common year would be the same school year), in 2027/28.
        (date(2012, 2, 29), 0, date(2028, 6, 30), date(2025, 9, 1), date(2028, 3, 31)),
        (date(2012, 2, 29), 1, date(2028, 6, 30), date(2026, 9, 1), date(2029, 3, 31)),
        # 16 on 1 July 2027, after that year's last Friday in June (25 June): the school
        # leaving date before the birthday still ends compulsory school age (s8(3)(a)).
        (date(2011, 7, 1), 0, date(2027, 6, 25), date(2024, 9, 1), date(2027, 3, 31)),
    ],
)
def test_end_of_compulsory_school_age_worked_examples(
    dob, offset, ecsa, year_9_start, deadline_31_march
):
    dates = key_dates(dob, year_offset=offset)
    assert dates.end_of_compulsory_school == ecsa
    assert end_of_compulsory_school_age(dob) == ecsa
    assert dates.year_9_start == year_9_start
    assert dates.post16_transfer_deadline == deadline_31_march
