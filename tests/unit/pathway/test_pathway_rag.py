"""Red, amber and green ratings and the sentences that explain them."""

from datetime import date, timedelta

import pytest

from transition.pathway.rag import (
    ACHIEVED,
    IN_PROGRESS,
    MISSED,
    NOT_APPLICABLE,
    NOT_STARTED,
    STATUS_LABELS,
    STATUSES,
    MilestoneFacts,
    Rating,
    area_rating,
    humanise_days,
    milestone_rating,
    person_rating,
)

TODAY = date(2029, 4, 1)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def test_statuses_and_labels():
    assert [code for code, _ in STATUSES] == [
        "not_started",
        "in_progress",
        "achieved",
        "not_applicable",
        "missed",
    ]
    assert STATUS_LABELS[NOT_APPLICABLE] == "Not applicable"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0 days"),
        (1, "1 day"),
        (3, "3 days"),
        (13, "13 days"),
        (14, "2 weeks"),
        (20, "2 weeks"),
        (21, "3 weeks"),
        (59, "8 weeks"),
        (60, "2 months"),
        (96, "3 months"),
        (364, "12 months"),
        (729, "24 months"),
        (730, "2 years"),
        (1100, "3 years"),
    ],
)
def test_humanise_days(n, expected):
    assert humanise_days(n) == expected


def test_humanise_days_refuses_negative():
    with pytest.raises(ValueError, match="negative"):
        humanise_days(-1)


@pytest.mark.parametrize(
    ("due", "status", "colour"),
    [
        # Due today is not yet overdue, but it is due soon.
        (days(0), NOT_STARTED, "amber"),
        (days(0), IN_PROGRESS, "green"),
        (days(-1), NOT_STARTED, "red"),
        (days(-1), IN_PROGRESS, "red"),
        # The amber window is 90 days, inclusive.
        (days(90), NOT_STARTED, "amber"),
        (days(91), NOT_STARTED, "green"),
        (days(90), IN_PROGRESS, "green"),
        # Achieved or not applicable can never be late.
        (days(-400), ACHIEVED, "green"),
        (days(-400), NOT_APPLICABLE, "green"),
        (days(5), ACHIEVED, "green"),
        # Missed is red whatever the date.
        (days(-1), MISSED, "red"),
        (days(200), MISSED, "red"),
        (None, MISSED, "red"),
        # No due date yet (an event a worker has not dated): nothing to be late for.
        (None, NOT_STARTED, "green"),
        (None, IN_PROGRESS, "green"),
    ],
)
def test_milestone_rating_colours(due, status, colour):
    assert milestone_rating(due, status, TODAY).colour == colour


def test_milestone_rating_refuses_an_unknown_status():
    with pytest.raises(ValueError, match="Unknown milestone status 'done'"):
        milestone_rating(TODAY, "done", TODAY)


@pytest.mark.parametrize(
    ("due", "status", "sentence"),
    [
        (days(-96), NOT_STARTED, "Red because: Year 9 review is 3 months overdue"),
        (days(-3), IN_PROGRESS, "Red because: Year 9 review is 3 days overdue"),
        (days(-14), NOT_STARTED, "Red because: Year 9 review is 2 weeks overdue"),
        (days(-1), MISSED, "Red because: Year 9 review was missed"),
        (
            days(12),
            NOT_STARTED,
            "Amber because: Year 9 review is due in 12 days and has not been started",
        ),
        (
            days(0),
            NOT_STARTED,
            "Amber because: Year 9 review is due today and has not been started",
        ),
        (days(12), IN_PROGRESS, "Green because: Year 9 review is in progress and due in 12 days"),
        (days(120), NOT_STARTED, "Green because: Year 9 review is due in 4 months"),
        (days(-5), ACHIEVED, "Green because: Year 9 review is achieved"),
        (days(-5), NOT_APPLICABLE, "Green because: Year 9 review is not applicable"),
        (None, NOT_STARTED, "Green because: Year 9 review has no due date yet"),
    ],
)
def test_milestone_explanations(due, status, sentence):
    assert milestone_rating(due, status, TODAY, title="Year 9 review").explain() == sentence


def test_rating_without_a_title_still_reads():
    rating = milestone_rating(days(-2), NOT_STARTED, TODAY)
    assert rating.explain() == "Red because: This milestone is 2 days overdue"


@pytest.mark.parametrize(
    ("colour", "label", "rank"), [("red", "Red", 2), ("amber", "Amber", 1), ("green", "Green", 0)]
)
def test_rating_label_and_rank(colour, label, rank):
    rating = Rating(colour)
    assert (rating.label, rating.rank, rating.explain()) == (label, rank, label)


# --- outcome areas ---


def test_area_is_the_worst_of_its_milestones():
    rating = area_rating(
        [
            ("Daily living skills", days(30), NOT_STARTED, False),
            ("Travel training", days(-20), IN_PROGRESS, False),
            ("Housing route", days(200), NOT_STARTED, False),
        ],
        TODAY,
    )
    assert rating.colour == "red"
    assert rating.reasons == (
        "Travel training is 2 weeks overdue",
        "Daily living skills is due in 4 weeks and has not been started",
    )


def test_area_amber_when_nothing_is_overdue():
    rating = area_rating([MilestoneFacts("Hospital passport", days(10), NOT_STARTED, False)], TODAY)
    assert rating.colour == "amber"


def test_area_green():
    rating = area_rating(
        [
            ("Hospital passport", days(-10), ACHIEVED, False),
            ("Health check", days(200), NOT_STARTED, True),
        ],
        TODAY,
    )
    assert rating.colour == "green"
    assert rating.explain() == (
        "Green because: nothing is overdue or due soon without being started"
    )


def test_empty_area_is_green():
    assert area_rating([], TODAY).colour == "green"


def test_area_reasons_are_capped_statutory_first():
    items = [(f"Milestone {n}", days(-n), NOT_STARTED, False) for n in range(1, 6)]
    items.append(("Plan issued", days(-1), NOT_STARTED, True))
    rating = area_rating(items, TODAY)
    assert rating.reasons == (
        "Plan issued is 1 day overdue",
        "Milestone 5 is 5 days overdue",
        "Milestone 4 is 4 days overdue",
        "and 3 more",
    )
    assert rating.explain().endswith("; and 3 more")


# --- people ---

# Born 1 September 2011: 17 and a half on 1 March 2029, 18 on 1 September 2029.
DOB = date(2011, 9, 1)


def test_statutory_overdue_makes_the_person_red():
    rating = person_rating(
        [("Year 9 review", date(2026, 7, 31), NOT_STARTED, True)],
        DOB,
        TODAY,
        has_adult_service_decision=True,
    )
    assert rating.colour == "red"
    assert rating.explain() == "Red because: Year 9 review is 2 years overdue"


def test_statutory_missed_makes_the_person_red():
    rating = person_rating(
        [("Final plan", date(2028, 3, 31), MISSED, True)],
        DOB,
        TODAY,
        has_adult_service_decision=True,
    )
    assert rating.colour == "red"


def test_good_practice_overdue_makes_the_person_amber():
    rating = person_rating(
        [
            ("Work experience", days(-40), NOT_STARTED, False),
            ("Year 9 review", days(-40), ACHIEVED, True),
        ],
        DOB,
        TODAY,
        has_adult_service_decision=True,
    )
    assert rating.colour == "amber"
    assert rating.reasons == ("Work experience is 5 weeks overdue",)


def test_due_soon_makes_the_person_amber():
    rating = person_rating(
        [("Care Act assessment", days(30), NOT_STARTED, True)],
        DOB,
        TODAY,
        has_adult_service_decision=True,
    )
    assert rating.colour == "amber"


def test_person_green():
    rating = person_rating(
        [("Care Act assessment", days(30), IN_PROGRESS, True)],
        DOB,
        TODAY,
        has_adult_service_decision=True,
    )
    assert rating.colour == "green"


def test_18_in_5_months_without_an_adult_service_decision_is_red():
    rating = person_rating([], DOB, TODAY, has_adult_service_decision=False)
    assert rating.colour == "red"
    assert rating.explain() == (
        "Red because: 18th birthday is in 5 months and no adult service has accepted a handover"
    )


def test_18_in_4_months_wording():
    rating = person_rating([], DOB, date(2029, 5, 2), has_adult_service_decision=False)
    assert rating.reasons == (
        "18th birthday is in 4 months and no adult service has accepted a handover",
    )


def test_18_in_5_months_with_an_adult_service_decision_is_not_red_for_that():
    assert person_rating([], DOB, TODAY, has_adult_service_decision=True).colour == "green"


@pytest.mark.parametrize(
    ("today", "colour"),
    [
        (date(2029, 2, 28), "green"),  # the day before 17 and a half
        (date(2029, 3, 1), "red"),  # 17 and a half: 6 months to go
        (date(2029, 8, 31), "red"),  # the day before the 18th birthday
        # From 18 the law milestones due at 18 (Care Act s66) carry the warning instead.
        (date(2029, 9, 1), "green"),
    ],
)
def test_no_decision_window_runs_from_17_and_a_half_to_18(today, colour):
    assert person_rating([], DOB, today, has_adult_service_decision=False).colour == colour


def test_the_birthday_reason_comes_first_and_reasons_are_capped():
    items = [(f"Duty {n}", days(-n), NOT_STARTED, True) for n in range(1, 5)]
    rating = person_rating(items, DOB, TODAY, has_adult_service_decision=False)
    assert rating.reasons[0].startswith("18th birthday is in 5 months")
    assert rating.reasons[-1] == "and 2 more"
    assert len(rating.reasons) == 4


def test_leap_day_birth_window_uses_the_1_march_birthday():
    # Born 29 February 2012: 17 and a half on 29 August 2029, 18 on 1 March 2030.
    dob = date(2012, 2, 29)
    assert person_rating([], dob, date(2029, 8, 28), has_adult_service_decision=False).colour == (
        "green"
    )
    last_day = person_rating([], dob, date(2030, 2, 28), has_adult_service_decision=False)
    assert last_day.reasons == (
        "18th birthday is in 1 day and no adult service has accepted a handover",
    )
