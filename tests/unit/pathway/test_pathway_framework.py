"""The default framework file, anchors, schedules and the rules for council edits."""

import copy
import dataclasses
from datetime import date

import pytest

from transition.pathway.framework import (
    AREAS,
    STATUSES,
    Anchor,
    FrameworkError,
    PersonFacts,
    chain_from,
    check_council_changes,
    framework_from_dict,
    framework_to_dict,
    load_framework,
    parse_anchor,
    resolve,
    schedule,
)

EXPECTED_CODES = (
    [f"P{n:02}" for n in range(0, 24)]
    + [f"E{n:02}" for n in range(1, 13)]
    + [f"IL{n:02}" for n in range(1, 15)]
    + [f"C{n:02}" for n in range(1, 10)]
    + [f"H{n:02}" for n in range(1, 15)]
)
EVENT_ONLY = {"P12", "P22", "E10", "E11", "IL04", "C07"}
# Dated only once the person has joined the service.
AFTER_JOINING = {"P00"}
BIRTHS = [date(2012, 2, 29), date(2011, 9, 1), date(2011, 8, 31)]


@pytest.fixture(scope="module")
def framework():
    return load_framework()


# --- the default framework file ---


def test_default_framework_has_73_milestones_in_5_areas(framework):
    codes = [m.code for m in framework.milestones]
    assert len(codes) == 73
    assert len(set(codes)) == 73
    assert sorted(codes) == sorted(EXPECTED_CODES)
    assert {m.area for m in framework.milestones} == set(AREAS)
    assert [a.code for a in framework.areas] == list(AREAS)


@pytest.mark.parametrize(
    ("area", "prefix", "count"),
    [
        ("process", "P", 24),
        ("employment", "E", 12),
        ("independent_living", "IL", 14),
        ("community", "C", 9),
        ("health", "H", 14),
    ],
)
def test_each_area_holds_its_own_milestones(framework, area, prefix, count):
    in_area = [m.code for m in framework.milestones if m.area == area]
    assert len(in_area) == count
    assert all(code.removeprefix(prefix).isdigit() for code in in_area)


def test_default_framework_header(framework):
    assert framework.name == "Preparing for Adulthood default framework"
    assert framework.version == 1
    assert "not the official NDTi" in framework.disclaimer


@pytest.mark.parametrize(
    ("area", "plain_title"),
    [
        ("process", "Planning my move to adult services"),
        ("employment", "Work and learning"),
        ("independent_living", "Living my life"),
        ("community", "Friends and community"),
        ("health", "Being healthy"),
    ],
)
def test_area_plain_titles(framework, area, plain_title):
    assert framework.area(area).plain_title == plain_title


def test_every_milestone_is_fully_described(framework):
    for m in framework.milestones:
        assert 0 < len(m.title) <= 60, m.code
        assert m.description and m.plain_title and m.source and m.lead, m.code
        assert m.status in STATUSES, m.code
        # Plain titles are for young people: no unexplained EHC plan jargon.
        assert "EHC" not in m.plain_title, m.code


def test_unverified_milestones_are_the_ones_the_reference_flags(framework):
    flagged = {m.code for m in framework.milestones if m.unverified}
    # E01, E06, IL08 and P14 were cleared once their sources were found.
    assert flagged == {"P08", "IL07", "C05", "H14"}


def test_local_milestones(framework):
    local = {m.code for m in framework.milestones if m.local}
    assert {"P13", "H12", "H13"} <= local
    assert "P02" not in local


@pytest.mark.parametrize(
    ("code", "status", "statutory"),
    [
        ("P02", "law", True),
        ("P13", "statutory_guidance", True),
        ("P16", "national_guidance", False),
        ("E03", "good_practice", False),
        ("H10", "statutory_guidance", True),
    ],
)
def test_statuses(framework, code, status, statutory):
    milestone = framework.by_code()[code]
    assert milestone.status == status
    assert milestone.statutory is statutory


def test_p02_cites_its_source(framework):
    assert "reg 20(6)/21(6)" in framework.by_code()["P02"].source


def test_yearly_milestones(framework):
    yearly = {m.code for m in framework.milestones if m.repeats == "yearly"}
    assert {"P17", "H01", "H02", "E01", "IL08"} <= yearly
    assert framework.by_code()["P03"].repeats == "within_12_months"


@pytest.mark.parametrize("dob", BIRTHS)
def test_every_non_event_milestone_gets_a_due_date(framework, dob):
    for placed in schedule(framework, PersonFacts(dob)):
        if placed.code in EVENT_ONLY | AFTER_JOINING:
            assert placed.due is None, placed.code
        else:
            assert placed.due is not None, placed.code
        if placed.opens and placed.due:
            assert placed.opens <= placed.due, placed.code


@pytest.mark.parametrize(
    ("code", "opens", "due"),
    [
        # Born 29 February 2012: Year 9 is 2025/26, Year 11 is 2027/28.
        ("P02", date(2025, 9, 1), date(2026, 7, 31)),
        ("P06", date(2027, 9, 1), date(2028, 3, 31)),
        ("P07", None, date(2028, 6, 30)),
        ("P04", date(2025, 9, 1), date(2028, 6, 30)),
        ("P13", None, date(2029, 8, 29)),
        ("P15", None, date(2030, 3, 1)),
        ("P20", date(2030, 3, 1), date(2030, 8, 29)),
        ("IL02", date(2026, 3, 1), date(2028, 2, 29)),
        ("E05", date(2028, 6, 30), date(2028, 8, 31)),
        ("E10", None, None),
    ],
)
def test_schedule_for_a_leap_day_birth(framework, code, opens, due):
    placed = {s.code: s for s in schedule(framework, PersonFacts(date(2012, 2, 29)))}[code]
    assert (placed.opens, placed.due) == (opens, due)


def test_schedule_is_sorted_by_due_with_undated_last(framework):
    placed = schedule(framework, PersonFacts(date(2011, 9, 1)))
    dues = [s.due for s in placed]
    dated = [d for d in dues if d is not None]
    assert dated == sorted(dated)
    assert dues[len(dated) :] == [None] * (len(dues) - len(dated))
    # Every milestone at least once; repeating ones once a year.
    assert {s.code for s in placed} == {m.code for m in framework.milestones}


def test_schedule_moves_school_year_milestones_for_a_child_a_year_behind(framework):
    on_time = {s.code: s for s in schedule(framework, PersonFacts(date(2011, 9, 1)))}
    behind = {s.code: s for s in schedule(framework, PersonFacts(date(2011, 9, 1), year_offset=1))}
    assert behind["P06"].due == date(2029, 3, 31)
    assert on_time["P06"].due == date(2028, 3, 31)
    assert behind["P15"].due == on_time["P15"].due == date(2029, 9, 1)
    # The end of compulsory school age follows age alone (Education Act 1996 s8(3)).
    assert behind["P07"].due == on_time["P07"].due == date(2028, 6, 30)


def test_the_default_framework_is_loaded_once(framework):
    assert load_framework() is framework


def test_round_trip_through_plain_data(framework):
    assert framework_from_dict(framework_to_dict(framework)) == framework


# --- anchors ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"age": "14y"}, Anchor("age", years=14)),
        ({"age": "16y0m"}, Anchor("age", years=16)),
        ({"age": "17y6m"}, Anchor("age", years=17, months=6)),
        ({"school_year": 9, "on": "start"}, Anchor("school_year", year_group=9, on="start")),
        ({"school_year": 11, "on": "end"}, Anchor("school_year", year_group=11, on="end")),
        ({"school_year": 11, "on": "03-31"}, Anchor("school_year", year_group=11, on="03-31")),
        (
            {"school_year": 11, "on": "last_friday_june"},
            Anchor("school_year", year_group=11, on="last_friday_june"),
        ),
        (
            {"event": "When a placement or job starts"},
            Anchor("event", event_text="When a placement or job starts"),
        ),
    ],
)
def test_parse_anchor(value, expected):
    assert parse_anchor(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"age": "17y13m"}, "months must be 0 to 11"),
        ({"age": "17"}, 'written like "17y6m"'),
        ({"age": 17}, 'written like "17y6m"'),
        ({"age": "17 years"}, 'written like "17y6m"'),
        ({"age": "14y", "extra": 1}, "Unknown key"),
        ({"when": "14y"}, "Unknown key"),
        ({}, "Unknown key"),
        ("14y", "An anchor must be one of"),
        ({"school_year": 6, "on": "start"}, "out of range"),
        ({"school_year": 15, "on": "start"}, "out of range"),
        ({"school_year": "9", "on": "start"}, "whole number"),
        ({"school_year": True, "on": "start"}, "whole number"),
        ({"school_year": 9}, "needs 'on'"),
        ({"school_year": 9, "on": "middle"}, "must be start, end, last_friday_june"),
        ({"school_year": 9, "on": "3-31"}, "must be start, end, last_friday_june"),
        ({"school_year": 9, "on": "13-01"}, "not a day that exists"),
        ({"school_year": 9, "on": "02-29"}, "not a day that exists"),
        ({"school_year": 9, "on": "start", "age": "14y"}, "Unknown key"),
        ({"event": ""}, "needs text"),
        ({"event": 3}, "needs text"),
    ],
)
def test_parse_anchor_errors(value, message):
    with pytest.raises(ValueError, match=message):
        parse_anchor(value)


@pytest.mark.parametrize(
    ("anchor", "offset", "expected"),
    [
        # Born 1 September 2011: Year 11 is 2027/28.
        ({"school_year": 11, "on": "start"}, 0, date(2027, 9, 1)),
        ({"school_year": 11, "on": "end"}, 0, date(2028, 8, 31)),
        ({"school_year": 11, "on": "03-31"}, 0, date(2028, 3, 31)),
        ({"school_year": 11, "on": "12-31"}, 0, date(2027, 12, 31)),
        ({"school_year": 11, "on": "09-01"}, 0, date(2027, 9, 1)),
        ({"school_year": 11, "on": "08-31"}, 0, date(2028, 8, 31)),
        ({"school_year": 11, "on": "last_friday_june"}, 0, date(2028, 6, 30)),
        ({"school_year": 11, "on": "03-31"}, 1, date(2029, 3, 31)),
        ({"school_year": 11, "on": "03-31"}, -1, date(2027, 3, 31)),
        # Ages are ages: the offset does not move them.
        ({"age": "17y6m"}, 1, date(2029, 3, 1)),
        ({"event": "When a placement or job starts"}, 0, None),
    ],
)
def test_resolve(anchor, offset, expected):
    assert resolve(parse_anchor(anchor), date(2011, 9, 1), offset) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"age": "17y6m"}, "Age 17 years 6 months"),
        ({"age": "16y0m"}, "Age 16"),
        ({"school_year": 9, "on": "start"}, "Start of Year 9"),
        ({"school_year": 11, "on": "03-31"}, "31 March in Year 11"),
        ({"school_year": 11, "on": "last_friday_june"}, "Last Friday in June of Year 11"),
        ({"event": "When a placement or job starts"}, "When a placement or job starts"),
    ],
)
def test_anchor_describe(value, expected):
    assert parse_anchor(value).describe() == expected


# --- checking framework data ---


def _minimal() -> dict:
    return {
        "name": "Test framework",
        "version": 1,
        "disclaimer": "For tests only.",
        "areas": {
            "process": {"title": "Process", "plain_title": "My plan", "description": "Steps."},
        },
        "milestones": [
            {
                "code": "T01",
                "area": "process",
                "title": "A milestone",
                "description": "Something to do.",
                "plain_title": "Something",
                "status": "law",
                "source": "An Act",
                "lead": "LA-SEND",
                "opens": {"age": "14y"},
                "due": {"age": "16y"},
            }
        ],
    }


def test_minimal_framework_is_valid():
    framework = framework_from_dict(_minimal())
    assert framework.by_code()["T01"].due == Anchor("age", years=16)


def _problems(data) -> list[str]:
    with pytest.raises(FrameworkError) as caught:
        framework_from_dict(data)
    return caught.value.problems


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["milestones"].append(copy.deepcopy(d["milestones"][0])), "more than once"),
        (lambda d: d["milestones"][0].update(area="leisure"), "not one of the framework's areas"),
        (lambda d: d["milestones"][0].update(status="custom"), "status 'custom' must be one of"),
        (
            lambda d: d["milestones"][0].update(opens={"age": "17y"}),
            "opens (1 March 2029) is after it is due (29 February 2028)",
        ),
        (lambda d: d["milestones"][0].update(title="x" * 61), "longer than 60"),
        (lambda d: d["milestones"][0].pop("source"), "missing 'source'"),
        (lambda d: d["milestones"][0].update(colour="red"), "unknown key(s) 'colour'"),
        (lambda d: d["milestones"][0].update(local="yes"), "local must be true or false"),
        (lambda d: d["milestones"][0].update(repeats="monthly"), "repeats 'monthly'"),
        (lambda d: d["milestones"][0].update(due={"age": "16"}), "Milestone T01: due: Age"),
        (lambda d: d["milestones"][0].update(code="t 1"), "capital letters and digits"),
        (lambda d: d["areas"].update(leisure={}), "Unknown area 'leisure'"),
        (lambda d: d.update(version=0), "version must be"),
        (lambda d: d.update(milestones=[]), "at least one milestone"),
        (lambda d: d.update(author="me"), "Unknown top-level key(s) 'author'"),
    ],
    ids=[
        "duplicate-code",
        "unknown-area",
        "unknown-status",
        "opens-after-due",
        "long-title",
        "missing-field",
        "unknown-field",
        "flag-not-boolean",
        "unknown-repeats",
        "bad-anchor",
        "bad-code",
        "unknown-area-definition",
        "bad-version",
        "no-milestones",
        "unknown-top-level-key",
    ],
)
def test_framework_problems_are_named(change, message):
    data = _minimal()
    change(data)
    problems = _problems(data)
    assert any(message in problem for problem in problems), problems


def test_every_problem_is_reported_at_once():
    data = _minimal()
    data["milestones"][0].update(status="custom", area="leisure")
    assert len(_problems(data)) == 2


def test_not_a_mapping():
    assert _problems(["P01"]) == [
        "The framework must be a mapping of name, version, areas and milestones"
    ]


def test_yaml_reads_an_unquoted_on_key(tmp_path):
    # YAML 1.1 would read `on` as true; councils should not need to quote it.
    path = tmp_path / "framework.yaml"
    path.write_text(
        """
name: Test framework
version: 2
disclaimer: For tests only.
areas:
  process: {title: Process, plain_title: My plan, description: Steps.}
milestones:
  - code: T01
    area: process
    title: A milestone
    description: Something to do.
    plain_title: Something
    status: local
    source: yes
    lead: LA-SEND
    due: {school_year: 9, on: start}
    local: true
""",
        encoding="utf-8",
    )
    milestone = load_framework(path).by_code()["T01"]
    assert milestone.due == Anchor("school_year", year_group=9, on="start")
    assert milestone.local is True
    assert milestone.source == "yes"


# --- council edits ---


def _with_changes(framework, **changes_by_code):
    milestones = tuple(
        dataclasses.replace(m, **changes_by_code[m.code]) if m.code in changes_by_code else m
        for m in framework.milestones
    )
    return dataclasses.replace(framework, milestones=milestones)


def test_a_council_may_move_a_local_milestone_and_reword_any(framework):
    edited = _with_changes(
        framework,
        P13={"due": Anchor("age", years=17, months=9)},
        P02={"title": "Year 9 review"},
    )
    check_council_changes(framework, edited)


def test_a_council_may_add_its_own_and_drop_good_practice(framework):
    extra = dataclasses.replace(framework.by_code()["E03"], code="L01", local=True)
    kept = tuple(m for m in framework.milestones if m.code != "E03") + (extra,)
    check_council_changes(framework, dataclasses.replace(framework, milestones=kept))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"P02": {"due": Anchor("age", years=15)}}, "P02: only local milestones can be moved"),
        ({"P16": {"opens": None}}, "P16: only local milestones can be moved"),
        ({"P02": {"local": True}}, "P02: its status"),
        ({"P13": {"status": "local"}}, "P13: its status"),
    ],
)
def test_a_council_may_not_move_fixed_milestones(framework, changes, message):
    with pytest.raises(FrameworkError, match=message):
        check_council_changes(framework, _with_changes(framework, **changes))


def test_a_council_may_not_drop_a_statutory_milestone(framework):
    kept = tuple(m for m in framework.milestones if m.code != "P02")
    with pytest.raises(FrameworkError, match="P02 is required by law"):
        check_council_changes(framework, dataclasses.replace(framework, milestones=kept))


# --- applicability, late joiners and yearly repeats ---


def _placed(framework, facts):
    placed: dict[str, list] = {}
    for item in schedule(framework, facts):
        placed.setdefault(item.code, []).append(item)
    return placed


def test_without_an_ehc_plan_no_ehc_plan_milestone_applies(framework):
    placed = _placed(framework, PersonFacts(date(2011, 9, 1), ehc_plan=False))
    for code in ("P02", "P03", "P04", "P06", "P07", "P23"):
        assert {p.does_not_apply for p in placed[code]} == {"they do not have an EHC plan"}
    assert placed["P10"][0].does_not_apply is None


@pytest.mark.parametrize(
    ("facts", "code", "applies"),
    [
        (PersonFacts(date(2011, 9, 1), chc_status="not_needed"), "H10", False),
        (PersonFacts(date(2011, 9, 1), chc_status="in_progress"), "H10", True),
        (PersonFacts(date(2011, 9, 1), ld_register=False), "H01", False),
        (PersonFacts(date(2011, 9, 1), ld_register=True), "H01", True),
        # Not recorded yet: a duty is never hidden because a box was left empty.
        (PersonFacts(date(2011, 9, 1), ld_register=None), "H01", True),
        (PersonFacts(date(2011, 9, 1), camhs=False), "H13", False),
        (PersonFacts(date(2011, 9, 1), post16_destination="school_sixth_form"), "P06", False),
        (PersonFacts(date(2011, 9, 1), post16_destination="post16_institution"), "P06", True),
        (PersonFacts(date(2011, 9, 1), young_carer=True), "P12", True),
    ],
)
def test_applicability_follows_the_record(framework, facts, code, applies):
    assert (_placed(framework, facts)[code][0].does_not_apply is None) is applies


def test_a_late_joiner_at_17_years_1_month(framework):
    dob = date(2009, 3, 10)
    joined = date(2026, 4, 10)  # 17 years 1 month
    placed = _placed(framework, PersonFacts(dob, joined_on=joined, chc_status="in_progress"))
    catch_up = date(2026, 5, 8)
    assert placed["P00"][0].due == catch_up and placed["P00"][0].does_not_apply is None
    # Law or statutory guidance that still matters is due with the catch-up plan.
    assert placed["H04"][0].due == catch_up
    assert placed["H04"][0].caught_up_from == date(2023, 3, 10)
    assert placed["H09"][0].due == catch_up
    # Done and gone before they joined: shown as such, never overdue.
    assert placed["P02"][0].before_joining
    assert placed["E03"][0].before_joining
    # Nothing they have now is due before they joined.
    counted = [p for items in placed.values() for p in items if not p.before_joining]
    assert all(p.due is None or p.due >= joined for p in counted)


def test_someone_who_joined_before_year_9_gets_no_catch_up_plan(framework):
    placed = _placed(framework, PersonFacts(date(2012, 10, 1), joined_on=date(2025, 6, 1)))
    assert placed["P00"][0].does_not_apply == "they joined the service before Year 9 started"


def test_ehc_plan_reviews_once_a_year_from_year_9_to_the_end_of_the_plan(framework):
    dob = date(2011, 9, 1)  # Year 9 is 2025/26; the plan can run to 31 July 2037
    placed = _placed(framework, PersonFacts(dob))
    reviews = [placed["P02"][0].due] + [p.due for p in placed["P03"]]
    assert reviews[0] == date(2026, 7, 31)
    assert reviews[1] == date(2027, 7, 31)
    assert reviews[-1] <= date(2037, 7, 31)
    assert len(reviews) == 12
    assert all(b.year == a.year + 1 for a, b in zip(reviews, reviews[1:], strict=False))


def test_the_next_review_is_due_12_months_less_a_day_after_the_last(framework):
    facts = PersonFacts(date(2011, 9, 1), last_review_on=date(2028, 3, 10))
    dues = [p.due for p in _placed(framework, facts)["P03"]]
    assert date(2029, 3, 9) in dues
    assert dues[dues.index(date(2029, 3, 9)) + 1] == date(2030, 3, 8)
    assert chain_from(framework.by_code()["P03"], date(2028, 2, 29), date(2011, 9, 1))[0] == (
        date(2029, 2, 28)
    )


def test_annual_health_check_yearly_from_14_on_the_register(framework):
    dob = date(2012, 2, 29)
    checks = _placed(framework, PersonFacts(dob, ld_register=True))["H01"]
    assert [c.due for c in checks[:3]] == [date(2026, 3, 1), date(2027, 3, 1), date(2028, 3, 1)]
    assert checks[-1].due <= date(2037, 3, 1)


def test_rights_are_their_own_basis(framework):
    rights = {m.code for m in framework.milestones if m.status == "right"}
    assert {"C05", "C06", "IL04", "IL10", "IL12", "H07", "E06"} <= rights
    assert not any(framework.by_code()[code].statutory for code in rights)


def test_a_council_may_switch_off_a_right(framework):
    edited = dataclasses.replace(
        framework, milestones=tuple(m for m in framework.milestones if m.code != "C05")
    )
    check_council_changes(framework, edited)


@pytest.mark.parametrize(
    ("code", "status", "local"),
    [("P04", "statutory_guidance", False), ("P05", "law", True), ("P10", "law", True)],
)
def test_corrected_sources(framework, code, status, local):
    milestone = framework.by_code()[code]
    assert (milestone.status, milestone.local) == (status, local)
    # A duty whose timing is one council's choice is amber when late, not red.
    assert milestone.makes_red is (status in {"law", "statutory_guidance"} and not local)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"applies_when": {"ehc_plan": "yes"}}, "ehc_plan must be true or false"),
        ({"applies_when": {"horoscope": True}}, "unknown fact 'horoscope'"),
        ({"until": {"age": "19y"}}, "until is only for a milestone that repeats"),
        ({"follows": "Z99", "repeats": "yearly"}, "follows Z99, which is not in the framework"),
    ],
)
def test_bad_applicability_and_repeats_are_refused(framework, fields, message):
    data = framework_to_dict(framework)
    data["milestones"][5].update(fields)
    with pytest.raises(FrameworkError, match=message):
        framework_from_dict(data)
