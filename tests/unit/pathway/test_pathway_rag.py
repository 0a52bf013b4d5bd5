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
    DecisionFacts,
    HandoverFacts,
    MilestoneFacts,
    Rating,
    ReviewFacts,
    adult_service_decision,
    area_rating,
    area_reasoning,
    humanise_days,
    late_handover,
    milestone_rating,
    person_rating,
)

TODAY = date(2029, 4, 1)
DECIDED = DecisionFacts(handovers=(HandoverFacts("accepted", date(2029, 9, 1)),))
NO_DECISION = DecisionFacts()


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
            ("Travel training", days(-20), IN_PROGRESS, True),
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
        DECIDED,
    )
    assert rating.colour == "red"
    assert rating.explain() == "Red because: Year 9 review is 2 years overdue"


def test_statutory_missed_makes_the_person_red():
    rating = person_rating(
        [("Final plan", date(2028, 3, 31), MISSED, True)],
        DOB,
        TODAY,
        DECIDED,
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
        DECIDED,
    )
    assert rating.colour == "amber"
    assert rating.reasons == ("Work experience is 5 weeks overdue",)


def test_due_soon_makes_the_person_amber():
    rating = person_rating(
        [("Care Act assessment", days(30), NOT_STARTED, True)],
        DOB,
        TODAY,
        DECIDED,
    )
    assert rating.colour == "amber"


def test_person_green():
    rating = person_rating(
        [("Care Act assessment", days(30), IN_PROGRESS, True)],
        DOB,
        TODAY,
        DECIDED,
    )
    assert rating.colour == "green"


def test_18_in_5_months_without_an_adult_service_decision_is_red():
    rating = person_rating([], DOB, TODAY, NO_DECISION)
    assert rating.colour == "red"
    assert rating.explain() == (
        "Red because: 18th birthday is in 5 months and no adult service has accepted a "
        "handover or decided"
    )


def test_18_in_4_months_wording():
    rating = person_rating([], DOB, date(2029, 5, 2), NO_DECISION)
    assert rating.reasons == (
        "18th birthday is in 4 months and no adult service has accepted a handover or decided",
    )


def test_18_in_5_months_with_an_adult_service_decision_is_not_red_for_that():
    assert person_rating([], DOB, TODAY, DECIDED).colour == "green"


@pytest.mark.parametrize(
    ("today", "colour"),
    [
        (date(2029, 2, 28), "green"),  # the day before 17 and a half
        (date(2029, 3, 1), "red"),  # 17 and a half: 6 months to go
        (date(2029, 8, 31), "red"),  # the day before the 18th birthday
        # After 18 it stays red until there is a decision: no gap at 18.
        (date(2029, 9, 1), "red"),
        (date(2033, 1, 1), "red"),
    ],
)
def test_no_decision_is_red_from_17_and_a_half_and_stays_red_after_18(today, colour):
    assert person_rating([], DOB, today, NO_DECISION).colour == colour


def test_the_birthday_reason_comes_first_and_reasons_are_capped():
    items = [(f"Duty {n}", days(-n), NOT_STARTED, True) for n in range(1, 5)]
    rating = person_rating(items, DOB, TODAY, NO_DECISION)
    assert rating.reasons[0].startswith("18th birthday is in 5 months")
    assert rating.reasons[-1] == "and 2 more"
    assert len(rating.reasons) == 4


def test_leap_day_birth_window_uses_the_1_march_birthday():
    # Born 29 February 2012: 17 and a half on 29 August 2029, 18 on 1 March 2030.
    dob = date(2012, 2, 29)
    assert person_rating([], dob, date(2029, 8, 28), NO_DECISION).colour == ("green")
    last_day = person_rating([], dob, date(2030, 2, 28), NO_DECISION)
    assert last_day.reasons == (
        "18th birthday is in 1 day and no adult service has accepted a handover or decided",
    )


# --- whose duty it is: rights, good practice, things that do not count ---


def test_a_late_right_never_makes_anyone_amber_or_red():
    rating = person_rating(
        [
            MilestoneFacts("Register to vote", days(-400), NOT_STARTED, False, "right"),
            MilestoneFacts("Provisional driving licence", days(10), NOT_STARTED, False, "right"),
        ],
        DOB,
        TODAY,
        DECIDED,
    )
    assert rating.colour == "green"
    assert not any("vote" in reason or "driving" in reason for reason in rating.reasons)


def test_a_right_shows_as_something_to_talk_about():
    rating = milestone_rating(days(-5), NOT_STARTED, TODAY, "Register to vote", basis="right")
    assert rating.colour == "green"
    assert rating.reasons == ("Register to vote is their own choice: something to talk about",)


def test_only_late_duties_make_red_good_practice_and_guidance_are_amber():
    late_guidance = MilestoneFacts(
        "Named worker", days(-100), NOT_STARTED, False, "national_guidance"
    )
    assert person_rating([late_guidance], DOB, TODAY, DECIDED).colour == "amber"
    assert area_rating([late_guidance], TODAY).colour == "amber"
    late_duty = MilestoneFacts("Year 9 review", days(-100), NOT_STARTED, True, "law")
    assert person_rating([late_guidance, late_duty], DOB, TODAY, DECIDED).colour == "red"


@pytest.mark.parametrize(
    "excluded", ["Does not apply: they do not have an EHC plan", "Before they joined"]
)
def test_milestones_that_do_not_count_never_rate(excluded):
    item = MilestoneFacts("Year 9 review", days(-700), NOT_STARTED, True, "law", excluded)
    assert person_rating([item], DOB, TODAY, DECIDED).colour == "green"
    assert area_rating([item], TODAY).colour == "green"
    shown = milestone_rating(item.due, item.status, TODAY, item.title, excluded=excluded)
    assert shown.colour == "green"
    assert shown.reasons == (f"Year 9 review: {excluded.lower()}",)


def test_area_reasoning_says_what_counts_and_what_is_left_out():
    text = area_reasoning(
        [
            MilestoneFacts("A", days(1), NOT_STARTED, True, "law"),
            MilestoneFacts("B", days(1), NOT_STARTED, False, "right"),
            MilestoneFacts("C", days(1), NOT_STARTED, True, "law", "Before they joined"),
            MilestoneFacts("D", days(1), NOT_STARTED, True, "law", "Does not apply: no plan"),
        ]
    )
    assert text.startswith("1 milestone counts here: red if a duty in law")
    assert text.endswith(
        "Not counted: 1 do not apply, 1 were due before they joined, "
        "1 are their own rights and choices."
    )


# --- the adult service decision: one rule ---


def test_what_counts_as_an_adult_service_decision():
    target = date(2029, 9, 1)
    assert adult_service_decision(DecisionFacts()) is None
    assert adult_service_decision(DecisionFacts((HandoverFacts("returned", target),))) is None
    assert adult_service_decision(DecisionFacts((HandoverFacts("sent", target),))) is None
    assert adult_service_decision(DecisionFacts((HandoverFacts("completed", target),)))
    assert adult_service_decision(DecisionFacts(care_act_outcome="no_likely_eligible_needs"))
    assert adult_service_decision(DecisionFacts(care_act_outcome="declined_with_capacity"))
    assert adult_service_decision(DecisionFacts(care_act_outcome="likely_eligible_needs"))
    recorded = adult_service_decision(DecisionFacts(no_adult_service_reason="Moved to Wales"))
    assert recorded == "A manager recorded that no adult service is needed: Moved to Wales"


def test_a_19_year_old_with_only_a_returned_handover_is_red_naming_the_18th_birthday():
    returned = DecisionFacts((HandoverFacts("returned", date(2029, 9, 1)),))
    rating = person_rating([], DOB, date(2030, 5, 10), returned)
    assert rating.colour == "red"
    assert rating.reasons == (
        "turned 18 8 months ago (18th birthday 1 September 2029) and no adult service "
        "has accepted a handover or decided",
    )


def test_no_likely_eligible_needs_recorded_is_not_red_for_the_decision():
    recorded = DecisionFacts(
        (HandoverFacts("returned", date(2029, 9, 1)),), care_act_outcome="no_likely_eligible_needs"
    )
    assert person_rating([], DOB, date(2030, 5, 10), recorded).colour == "green"
    assert not late_handover(recorded, date(2030, 5, 10))


def test_likely_eligible_needs_without_an_accepted_handover_is_amber():
    likely = DecisionFacts(care_act_outcome="likely_eligible_needs")
    rating = person_rating([], DOB, TODAY, likely)
    assert rating.colour == "amber"
    assert rating.reasons == (
        "likely eligible adult care needs and no adult team has accepted a handover",
    )
    assert person_rating([], DOB, date(2029, 2, 1), likely).colour == "green"


@pytest.mark.parametrize(
    ("states", "target", "late"),
    [
        (("sent",), date(2029, 7, 1), True),  # under 3 months away, not accepted
        (("sent",), date(2029, 7, 2), False),  # just over 3 months away
        (("returned",), date(2029, 3, 1), True),  # returned and the date has passed
        (("returned", "accepted"), date(2029, 3, 1), False),  # another team accepted
        ((), date(2029, 3, 1), False),  # no handover at all: the rating says so instead
    ],
)
def test_late_handover(states, target, late):
    facts = DecisionFacts(tuple(HandoverFacts(state, target) for state in states))
    assert late_handover(facts, TODAY) is late


# --- EHC plan reviews: the decision is due within 4 weeks of the meeting ---


def test_review_decision_due_within_4_weeks_of_the_meeting():
    meeting = ReviewFacts(date(2029, 3, 1))
    due_soon = person_rating([], DOB, date(2029, 3, 29), DECIDED, [meeting])
    assert due_soon.colour == "amber"
    late = person_rating([], DOB, date(2029, 3, 30), DECIDED, [meeting])
    assert late.colour == "red"
    assert late.reasons == ("Decision after the review meeting on 1 March 2029 is 1 day overdue",)
    sent = ReviewFacts(date(2029, 3, 1), decision_sent_on=date(2029, 3, 20))
    assert person_rating([], DOB, date(2029, 5, 1), DECIDED, [sent]).colour == "green"
