"""Properties that must hold for every date of birth, not just the ones we thought of."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from transition.pathway.dates import (
    MONTH_NAMES,
    add_age,
    age_on,
    format_date,
    last_friday_in_june,
    school_year_end,
    school_year_on,
    school_year_start,
)
from transition.pathway.framework import PersonFacts, load_framework, schedule
from transition.pathway.keydates import key_dates
from transition.pathway.rag import STATUS_LABELS, milestone_rating

births = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))
days_of_interest = st.dates(min_value=date(1990, 1, 1), max_value=date(2080, 12, 31))
ages_in_months = st.integers(min_value=0, max_value=30 * 12)
year_groups = st.integers(min_value=-1, max_value=16)
offsets = st.integers(min_value=-2, max_value=2)
leap_years = st.integers(min_value=1904, max_value=2096).filter(lambda y: y % 4 == 0)

# Date arithmetic can be slow on a busy CI machine; a deadline would only add flakiness.
relaxed = settings(deadline=None)


@relaxed
@given(births, ages_in_months, ages_in_months)
def test_add_age_is_strictly_increasing(dob, a, b):
    if a < b:
        assert add_age(dob, 0, a) < add_age(dob, 0, b)


@relaxed
@given(births, ages_in_months)
def test_years_and_months_agree(dob, total):
    assert add_age(dob, total // 12, total % 12) == add_age(dob, 0, total)


@relaxed
@given(births, ages_in_months)
def test_age_on_inverts_add_age(dob, total):
    reached = add_age(dob, 0, total)
    assert age_on(dob, reached) == divmod(total, 12)
    if total:
        # The day before, that age has not yet been reached.
        assert age_on(dob, reached - timedelta(days=1)) == divmod(total - 1, 12)


@relaxed
@given(births, days_of_interest)
def test_age_on_is_the_last_age_reached(dob, day):
    if day >= dob:
        years, months = age_on(dob, day)
        assert add_age(dob, years, months) <= day < add_age(dob, 0, years * 12 + months + 1)


@relaxed
@given(leap_years, st.integers(min_value=1, max_value=40))
def test_leap_day_birthdays_are_29_february_or_1_march(year, age):
    birthday = add_age(date(year, 2, 29), age)
    target_year = year + age
    is_leap = target_year % 4 == 0 and (target_year % 100 != 0 or target_year % 400 == 0)
    assert birthday == (date(target_year, 2, 29) if is_leap else date(target_year, 3, 1))


@relaxed
@given(leap_years)
def test_leap_day_18th_birthday_is_always_1_march(year):
    # 18 is not a multiple of 4, so the 18th birthday never falls in a leap year.
    assert key_dates(date(year, 2, 29)).birthday_18 == date(year + 18, 3, 1)


@relaxed
@given(births, year_groups, offsets)
def test_school_year_on_inverts_school_year_start(dob, n, offset):
    assert school_year_on(dob, school_year_start(dob, n, offset), offset) == n
    assert school_year_on(dob, school_year_end(dob, n, offset), offset) == n
    assert school_year_end(dob, n, offset) + timedelta(days=1) == school_year_start(
        dob, n + 1, offset
    )


@relaxed
@given(births, st.integers(min_value=1, max_value=14))
def test_year_n_holds_the_n_plus_5th_birthday(dob, n):
    assert school_year_start(dob, n) <= add_age(dob, n + 5) <= school_year_end(dob, n)


@relaxed
@given(st.integers(min_value=1900, max_value=2200))
def test_last_friday_in_june(year):
    friday = last_friday_in_june(year)
    assert friday.weekday() == 4
    assert friday.month == 6
    assert (friday + timedelta(days=7)).month == 7


@relaxed
@given(days_of_interest)
def test_format_date_reads_back(day):
    number, month, year = format_date(day).split(" ")
    assert not number.startswith("0")
    assert date(int(year), MONTH_NAMES.index(month) + 1, int(number)) == day


@relaxed
@given(births, offsets)
def test_key_dates_are_in_order(dob, offset):
    dates = key_dates(dob, offset)
    labelled = dates.labelled()
    assert [d for _, d in labelled] == sorted(d for _, d in labelled)
    assert dates.birthday_14 < dates.birthday_16 < dates.birthday_17 < dates.birthday_17_6
    assert dates.birthday_17_6 < dates.birthday_18 < dates.birthday_25 <= dates.plan_latest_end
    # The end of compulsory school age follows age alone, so only the class-based 31 March
    # deadline moves with a year-group offset (Education Act 1996 s8(3)).
    assert dates.end_of_compulsory_school == key_dates(dob).end_of_compulsory_school
    if offset <= 0:
        assert dates.post16_transfer_deadline < dates.end_of_compulsory_school


@relaxed
@given(births)
def test_every_default_milestone_opens_before_it_is_due(dob):
    for placed in schedule(load_framework(), PersonFacts(dob)):
        if placed.opens and placed.due:
            assert placed.opens <= placed.due, placed.code


@relaxed
@given(
    st.one_of(st.none(), days_of_interest),
    st.sampled_from(sorted(STATUS_LABELS)),
    days_of_interest,
)
def test_milestone_rating_rules(due, status, today):
    rating = milestone_rating(due, status, today)
    assert rating.reasons
    if status in {"achieved", "not_applicable"}:
        assert rating.colour == "green"
    elif status == "missed" or (due is not None and due < today):
        assert rating.colour == "red"
    elif due is None:
        assert rating.colour == "green"
