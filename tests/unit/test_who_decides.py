"""Who may decide, by the law at 16 and 18 (issue 12's table and more), as one table."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from transition.pathway.decisions import (
    WAYS,
    Authority,
    Situation,
    capacity_for,
    latest_assessment,
    who_decides,
)

HW_LPA = Authority("lpa_health_welfare", frozenset({"share_handover", "care_act_assessment"}))
PA_LPA = Authority("lpa_property_affairs", frozenset({"money"}))
WELFARE_DEPUTY = Authority("deputy_welfare", frozenset({"care_act_assessment", "parent_access"}))
PROPERTY_DEPUTY = Authority("deputy_property", frozenset({"money"}))
APPOINTEE = Authority("dwp_appointee", frozenset())
ADVOCATE = Authority("advocate_care_act", frozenset())
IMCA = Authority("imca", frozenset())
S80 = Authority("cfa_s80", frozenset({"ehc_plan", "parent_access"}))

CA, SH, PA, EHC, MONEY = (
    "care_act_assessment",
    "share_handover",
    "parent_access",
    "ehc_plan",
    "money",
)
YES, NO = True, False

# (age, capacity 16+, competent under 16, representatives, decision, way, allowed)
TABLE = [
    # The issue's table
    (20, "lacks", None, (), CA, "parent_carer", NO),  # parental responsibility ends at 18
    (17, "lacks", None, (), SH, "young_person", NO),  # consent without capacity is not valid
    (19, "presumed", None, (WELFARE_DEPUTY,), CA, "deputy", NO),  # MCA s20(1)
    (17, "presumed", None, (), CA, "best_interests", NO),
    (15, None, False, (), CA, "best_interests", YES),  # Care Act s58(3)(b)
    (17, "has", None, (), CA, "parent_carer", NO),  # a parent's refusal has no effect
    # Under 16: a parent, or the child if competent
    (13, None, None, (), PA, "parent_carer", YES),
    (13, None, None, (), PA, "young_person", NO),  # not assessed as competent
    (14, None, True, (), PA, "young_person", YES),  # Gillick competent
    (14, None, True, (), PA, "parent_carer", NO),
    (15, None, False, (), PA, "parent_carer", YES),
    (15, None, False, (), PA, "best_interests", NO),  # only for a Care Act assessment
    (15, None, None, (), CA, "best_interests", NO),  # competence not assessed
    (15, None, True, (), CA, "best_interests", NO),
    (15, None, False, (WELFARE_DEPUTY,), CA, "deputy", NO),  # under 16
    (15, None, False, (S80,), EHC, "s80_representative", NO),
    (14, None, False, (), SH, "attorney", NO),
    # 16 and 17: the young person, or best interests if they lack capacity
    (16, "presumed", None, (), SH, "young_person", YES),
    (16, "has", None, (), PA, "young_person", YES),
    (16, "presumed", None, (), PA, "parent_carer", NO),
    (16, "lacks", None, (), CA, "best_interests", YES),
    (16, "lacks", None, (), CA, "parent_carer", NO),  # consulted, not the decider
    (17, "lacks", None, (S80,), EHC, "s80_representative", YES),
    (17, "lacks", None, (S80,), CA, "s80_representative", NO),  # s80 is EHC matters only
    (17, "has", None, (S80,), EHC, "s80_representative", NO),
    (17, "lacks", None, (HW_LPA,), SH, "attorney", NO),  # an LPA is made at 18+
    (17, "lacks", None, (WELFARE_DEPUTY,), CA, "deputy", YES),
    (17, "lacks", None, (WELFARE_DEPUTY,), CA, "best_interests", NO),  # the deputy decides
    # 18 and over
    (18, "presumed", None, (), SH, "young_person", YES),
    (18, "presumed", None, (), PA, "parent_carer", NO),
    (18, "has", None, (HW_LPA,), SH, "attorney", NO),  # has capacity: the LPA is not in use
    (18, "lacks", None, (HW_LPA,), SH, "attorney", YES),
    (18, "lacks", None, (HW_LPA,), SH, "best_interests", NO),  # the attorney decides
    (19, "lacks", None, (PA_LPA,), SH, "attorney", NO),  # property LPA: not this decision
    (19, "lacks", None, (PA_LPA,), SH, "best_interests", YES),
    (19, "lacks", None, (PA_LPA,), MONEY, "attorney", YES),
    (20, "lacks", None, (PROPERTY_DEPUTY,), CA, "deputy", NO),  # property, not welfare
    (20, "lacks", None, (PROPERTY_DEPUTY,), MONEY, "deputy", YES),
    (21, "lacks", None, (WELFARE_DEPUTY,), PA, "deputy", YES),
    (21, "lacks", None, (WELFARE_DEPUTY,), PA, "young_person", NO),
    (22, "lacks", None, (), PA, "best_interests", YES),
    (22, "lacks", None, (), PA, "parent_carer", NO),  # a parent of a 22-year-old
    (22, "lacks", None, (APPOINTEE,), CA, "best_interests", YES),  # an appointee cannot decide
    (23, "lacks", None, (ADVOCATE, IMCA), CA, "best_interests", YES),  # advocates support
    (23, "has", None, (ADVOCATE,), CA, "young_person", YES),
    (24, "lacks", None, (S80,), PA, "s80_representative", YES),
    (25, "has", None, (WELFARE_DEPUTY,), CA, "deputy", NO),
    (25, "presumed", None, (), CA, "best_interests", NO),
    (25, "lacks", None, (WELFARE_DEPUTY,), CA, "deputy", YES),
    (25, "lacks", None, (), SH, "young_person", NO),
]


@pytest.mark.parametrize(
    ("age", "capacity", "competent", "reps", "decision", "way", "allowed"),
    TABLE,
    ids=[
        f"{age}-{capacity or competent}-{'+'.join(r.kind for r in reps) or 'none'}-{d}-{w}"
        for age, capacity, competent, reps, d, w, _ in TABLE
    ],
)
def test_who_may_decide(age, capacity, competent, reps, decision, way, allowed):
    result = who_decides(
        Situation(
            decision=decision,
            age=age,
            capacity=capacity or "presumed",
            competent=competent,
            representatives=reps,
        )
    )
    assert result.may(way) is allowed, result.why(way)
    # Every way comes with a reason in plain words, open or not.
    assert set(w.way for w in result.ways) == set(WAYS)
    assert all(len(w.why) > 20 for w in result.ways)


def test_the_table_covers_the_ages_and_cases_the_issue_asks_for():
    assert len(TABLE) >= 30
    assert {row[0] for row in TABLE} >= set(range(13, 26))
    assert {row[1] for row in TABLE} >= {"presumed", "has", "lacks"}
    assert {row[2] for row in TABLE} >= {True, False, None}
    assert {r.kind for row in TABLE for r in row[3]} >= {
        "lpa_health_welfare",
        "lpa_property_affairs",
        "deputy_welfare",
        "deputy_property",
        "dwp_appointee",
        "advocate_care_act",
        "imca",
        "cfa_s80",
    }


def test_exactly_one_kind_of_decider_applies_for_an_adult_without_capacity():
    result = who_decides(Situation(CA, 20, "lacks", representatives=(WELFARE_DEPUTY,)))
    assert result.allowed == ("deputy",)
    assert "has authority" in result.why("best_interests")


def test_reasons_say_why_a_parent_cannot_decide_for_an_adult():
    result = who_decides(Situation(PA, 22, "lacks"))
    assert result.why("parent_carer").startswith("Parental responsibility ends at 18")


def test_advocates_and_appointees_are_explained_not_offered():
    result = who_decides(Situation(CA, 20, "lacks", representatives=(APPOINTEE, IMCA)))
    assert any("benefits" in note for note in result.notes)
    assert any("does not decide" in note for note in result.notes)


def test_past_compulsory_school_age_parents_access_is_theirs_even_at_15():
    # Born in August: compulsory school age ends in June, before the 16th birthday.
    before = who_decides(Situation(PA, 15))
    after = who_decides(Situation(PA, 15, past_compulsory_school_age=True))
    assert before.allowed == ("parent_carer",)
    assert after.allowed == ("young_person",)
    assert "a parent's consent or refusal has no effect" in after.why("parent_carer")
    # A Care Act assessment is not a Children and Families Act matter: still under 16 rules.
    assert who_decides(Situation(CA, 15, past_compulsory_school_age=True)).may("parent_carer")


def test_unknown_decision_is_refused():
    with pytest.raises(ValueError):
        who_decides(Situation("vote", 18))


def _a(id, decision, on, outcome):
    return SimpleNamespace(id=id, decision=decision, assessed_on=on, outcome=outcome)


def test_capacity_is_per_decision_and_the_latest_applies():
    assessments = [
        _a(1, CA, date(2026, 1, 5), "lacks_capacity"),
        _a(2, CA, date(2026, 6, 1), "has_capacity"),
        _a(3, SH, date(2026, 7, 1), "lacks_capacity"),
    ]
    assert capacity_for(assessments, CA, 17) == ("has", None)
    assert capacity_for(assessments, SH, 17) == ("lacks", None)
    assert capacity_for(assessments, PA, 17) == ("presumed", None)
    # On a date before the later assessment, the earlier one applied.
    assert capacity_for(assessments, CA, 17, on=date(2026, 3, 1)) == ("lacks", None)


def test_a_competence_finding_under_16_does_not_carry_past_16():
    assessments = [_a(1, PA, date(2025, 1, 5), "not_competent")]
    assert capacity_for(assessments, PA, 15) == ("presumed", False)
    assert capacity_for(assessments, PA, 16) == ("presumed", None)
    assert latest_assessment(assessments, PA, 16) is None
