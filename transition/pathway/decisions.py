"""Who may make a decision for a young person, and how: the law at 16 and 18, as one rule.

Pure: no database, no clock. Every form that records a decision asks `who_decides` and
shows its plain-words reasons for each way of deciding that is not open.

- Under 16: a parent with parental responsibility decides, or the child if they have
  been assessed as competent to make this decision (Gillick). For a Care Act transition
  assessment of a child who is not competent, a best-interests decision (Care Act
  s58(3)(b)).
- 16 and 17: the Mental Capacity Act 2005 applies and capacity is presumed (s1(2)). With
  capacity the decision is the young person's alone: a parent's consent or refusal has no
  effect. Without it, a best-interests decision (MCA ss4-5); a parent may be consulted
  and may act as their representative under the Children and Families Act 2014 s80; a
  Court of Protection deputy acts where one has authority for this decision.
- 18 and over: parental responsibility has ended. The young person decides; if they lack
  capacity for this decision, an attorney or deputy whose authority covers it decides,
  otherwise a best-interests decision. A deputy or attorney never acts for someone who
  has capacity for the decision (MCA s20(1)).

Capacity is about one decision at one time (MCA s2): `capacity_for` picks the latest
assessment for the decision in question, and only the kind that fits the age.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

# The decisions a capacity assessment, a representative's authority or a recorded
# decision can be about.
DECISIONS = {
    "share_handover": "sharing their information with adult services",
    "care_act_assessment": "having a Care Act transition assessment",
    "parent_access": "letting their parents or carers see their pathway",
    "ehc_plan": "their education, health and care (EHC) plan",
    "care_and_support": "their care and support",
    "money": "their money and property",
}
WELFARE_DECISIONS = frozenset(
    {"share_handover", "care_act_assessment", "parent_access", "ehc_plan", "care_and_support"}
)
# Children and Families Act 2014 Part 3 matters: what a section 80 representative covers.
SEND_DECISIONS = frozenset({"ehc_plan", "parent_access"})

# Ways a decision is made: the `decided_by` of a recorded decision.
WAYS = {
    "young_person": "The young person",
    "parent_carer": "A parent or carer with parental responsibility",
    "attorney": "An attorney under a lasting power of attorney",
    "deputy": "A deputy appointed by the Court of Protection",
    "s80_representative": "Their representative under the Children and Families Act (section 80)",
    "best_interests": "A best-interests decision (they lack capacity or competence for it)",
}

REPRESENTATIVE_KINDS = {
    "lpa_health_welfare": "Lasting power of attorney for health and welfare",
    "lpa_property_affairs": "Lasting power of attorney for property and financial affairs",
    "deputy_welfare": "Court of Protection deputy for personal welfare",
    "deputy_property": "Court of Protection deputy for property and affairs",
    "dwp_appointee": "DWP appointee (benefits only)",
    "advocate_care_act": "Independent advocate (Care Act 2014 section 67)",
    "imca": "Independent mental capacity advocate (IMCA)",
    "cfa_s80": "Representative under the Children and Families Act 2014 section 80",
}
# What each kind of representative may ever be given authority for.
MAY_COVER = {
    "lpa_health_welfare": WELFARE_DECISIONS,
    "lpa_property_affairs": frozenset({"money"}),
    "deputy_welfare": WELFARE_DECISIONS,
    "deputy_property": frozenset({"money"}),
    "dwp_appointee": frozenset(),
    "advocate_care_act": frozenset(),
    "imca": frozenset(),
    "cfa_s80": SEND_DECISIONS,
}
ATTORNEYS = frozenset({"lpa_health_welfare", "lpa_property_affairs"})
DEPUTIES = frozenset({"deputy_welfare", "deputy_property"})
ADVOCATES = frozenset({"advocate_care_act", "imca"})

# Outcomes of a capacity (16+) or competence (under 16) assessment.
CAPACITY_OUTCOMES = {
    "has_capacity": "Has capacity for this decision",
    "lacks_capacity": "Lacks capacity for this decision",
    "competent": "Competent to make this decision (Gillick, under 16)",
    "not_competent": "Not competent to make this decision (Gillick, under 16)",
}
ADULT_OUTCOMES = ("has_capacity", "lacks_capacity")
CHILD_OUTCOMES = ("competent", "not_competent")

MCA_AGE = 16
ADULT_AGE = 18


@dataclass(frozen=True)
class Authority:
    """A representative as the rule sees them: what they are and what they cover."""

    kind: str
    covers: frozenset[str]
    name: str | None = None

    @property
    def label(self) -> str:
        kind = REPRESENTATIVE_KINDS[self.kind]
        return f"{self.name} ({kind[0].lower()}{kind[1:]})" if self.name else kind


@dataclass(frozen=True)
class Situation:
    """Everything the rule needs, on the date of the decision."""

    decision: str
    age: int
    # 16 and over: "presumed" (not assessed), "has" or "lacks" capacity for this decision.
    capacity: str = "presumed"
    # Under 16: True or False once assessed for this decision, None if not assessed.
    competent: bool | None = None
    representatives: tuple[Authority, ...] = ()
    # Past the end of compulsory school age: for EHC plan matters and parents' access
    # the Children and Families Act treats them as a young person even before 16.
    past_compulsory_school_age: bool = False


@dataclass(frozen=True)
class Way:
    way: str
    allowed: bool
    why: str

    @property
    def label(self) -> str:
        return WAYS[self.way]


@dataclass(frozen=True)
class WhoDecides:
    ways: tuple[Way, ...]
    # Plain-words notes about representatives who cannot decide this (advocates, ...).
    notes: tuple[str, ...] = field(default=())

    @property
    def allowed(self) -> tuple[str, ...]:
        return tuple(w.way for w in self.ways if w.allowed)

    def may(self, way: str) -> bool:
        return way in self.allowed

    def why(self, way: str) -> str:
        for w in self.ways:
            if w.way == way:
                return w.why
        return "This is not a way to make a decision"

    @property
    def not_available(self) -> tuple[Way, ...]:
        return tuple(w for w in self.ways if not w.allowed)


def _covering(situation: Situation, kinds: frozenset[str]) -> list[Authority]:
    return [
        r
        for r in situation.representatives
        if r.kind in kinds and situation.decision in r.covers & MAY_COVER[r.kind]
    ]


def _names(reps: list[Authority]) -> str:
    return " and ".join(r.label for r in reps)


def who_decides(situation: Situation) -> WhoDecides:
    """Who may make `situation.decision`, and why each other way is not open."""
    if situation.decision not in DECISIONS:
        raise ValueError(f"Unknown decision {situation.decision!r}")
    if situation.capacity not in ("presumed", "has", "lacks"):
        raise ValueError(f"Unknown capacity {situation.capacity!r}")
    young_person_in_law = (
        situation.past_compulsory_school_age and situation.decision in SEND_DECISIONS
    )
    if situation.age < MCA_AGE and not young_person_in_law:
        ways = _under_16(situation)
    else:
        ways = _from_16(situation)
    return WhoDecides(ways=tuple(ways), notes=tuple(_notes(situation)))


def _under_16(s: Situation) -> list[Way]:
    competent = s.competent is True
    if competent:
        yp = Way("young_person", True, "They were assessed as competent to make this decision")
        parent = Way(
            "parent_carer",
            False,
            "They were assessed as competent to make this decision, so it is theirs: "
            "a parent cannot make it for them",
        )
    else:
        yp = Way(
            "young_person",
            False,
            "They were assessed as not competent to make this decision, so a parent "
            "decides for them"
            if s.competent is False
            else "Under 16 they decide for themself only once assessed as competent "
            "(Gillick) to make this decision. Record a competence assessment first",
        )
        parent = Way(
            "parent_carer",
            True,
            "They are under 16 and not assessed as competent, so a parent with "
            "parental responsibility decides",
        )
    if competent:
        best = Way(
            "best_interests",
            False,
            "They are competent to make this decision, so it cannot be made in their "
            "best interests",
        )
    elif s.decision == "care_act_assessment":
        best = Way(
            "best_interests",
            s.competent is False,
            "The assessment may go ahead in their best interests (Care Act s58(3)(b))"
            if s.competent is False
            else "A best-interests decision needs a competence assessment that found "
            "they are not competent to make this decision",
        )
    else:
        best = Way(
            "best_interests",
            False,
            "Under 16 a parent with parental responsibility decides for a child who is "
            "not competent; a best-interests decision is only for a Care Act assessment",
        )
    return [
        yp,
        parent,
        Way("attorney", False, "A lasting power of attorney can only be made at 18 or over"),
        Way("deputy", False, "A Court of Protection deputy acts only for someone 16 or over"),
        Way(
            "s80_representative",
            False,
            "A section 80 representative acts only for a young person over compulsory school age",
        ),
        best,
    ]


def _from_16(s: Situation) -> list[Way]:
    adult = s.age >= ADULT_AGE
    lacks = s.capacity == "lacks"
    attorneys = _covering(s, ATTORNEYS)
    deputies = _covering(s, DEPUTIES)
    representatives_80 = _covering(s, frozenset({"cfa_s80"}))
    decision = DECISIONS[s.decision]
    not_needed = (
        "they were assessed as having capacity for this decision"
        if s.capacity == "has"
        else "from 16 they are presumed to have capacity for this decision and no "
        "assessment has found otherwise"
    )

    if lacks:
        yp = Way(
            "young_person",
            False,
            "They were assessed as lacking capacity for this decision, so their own "
            "consent or refusal is not valid. Record who decided for them",
        )
    else:
        yp = Way("young_person", True, f"The decision is theirs: {not_needed}")

    if adult:
        parent = Way(
            "parent_carer",
            False,
            "Parental responsibility ends at 18. A parent can decide only as an attorney "
            "or deputy whose authority covers this decision",
        )
    elif lacks:
        parent = Way(
            "parent_carer",
            False,
            "From 16 a parent cannot decide for them. A parent may be consulted, and may "
            "act as their representative under section 80, but the decision is made in "
            "their best interests",
        )
    else:
        parent = Way(
            "parent_carer",
            False,
            "From 16 this decision is theirs: a parent's consent or refusal has no effect",
        )

    def by_authority(way: str, reps: list[Authority], what: str, only_adult: bool) -> Way:
        if only_adult and not adult:
            return Way(way, False, "A lasting power of attorney can only be made at 18 or over")
        if not lacks:
            return Way(
                way,
                False,
                f"{what} acts only where the person lacks capacity for the decision (MCA "
                f"s20(1)), and {not_needed}",
            )
        if not reps:
            return Way(
                way,
                False,
                f"No {what.lower()} with authority for {decision} is recorded on their record",
            )
        return Way(way, True, f"{_names(reps)} has authority for {decision}")

    attorney = by_authority("attorney", attorneys, "An attorney", only_adult=True)
    deputy = by_authority("deputy", deputies, "A deputy", only_adult=False)
    if s.age >= 26:
        s80 = Way("s80_representative", False, "Section 80 applies only up to 25")
    elif not lacks:
        s80 = Way(
            "s80_representative",
            False,
            f"A section 80 representative acts only where they lack capacity, and {not_needed}",
        )
    elif not representatives_80:
        s80 = Way(
            "s80_representative",
            False,
            "No section 80 representative for this decision is recorded"
            if s.decision in SEND_DECISIONS
            else "A section 80 representative acts only on EHC plan matters",
        )
    else:
        s80 = Way("s80_representative", True, f"{_names(representatives_80)} acts for them")

    if not lacks:
        best = Way(
            "best_interests",
            False,
            "A best-interests decision is only for someone assessed as lacking capacity "
            f"for this decision (MCA s4), and {not_needed}",
        )
    elif attorneys or deputies:
        best = Way(
            "best_interests",
            False,
            f"{_names(attorneys + deputies)} has authority for {decision}, so they make it, "
            "in the young person's best interests",
        )
    else:
        best = Way(
            "best_interests",
            True,
            "They lack capacity for this decision, so it is made in their best interests "
            "(MCA ss4-5)",
        )
    return [yp, parent, attorney, deputy, s80, best]


def _notes(s: Situation) -> Iterable[str]:
    for rep in s.representatives:
        if rep.kind in ADVOCATES:
            yield f"{rep.label} helps them take part and speaks up for them, but does not decide"
        elif rep.kind == "dwp_appointee":
            yield f"{rep.label} deals only with benefits, not this decision"
        elif s.decision not in rep.covers & MAY_COVER[rep.kind]:
            yield f"{rep.label} has no authority for {DECISIONS[s.decision]}"


# --- Capacity for one decision at one time -----------------------------------------------


class AssessmentLike(Protocol):
    decision: str
    assessed_on: date
    outcome: str
    id: int | None


def latest_assessment(
    assessments: Iterable[AssessmentLike], decision: str, age: int, on: date | None = None
) -> AssessmentLike | None:
    """The assessment that applies to `decision` for someone of `age`: the latest one.

    From 16 only a capacity assessment counts (a competence finding at 15 does not carry
    over: the presumption of capacity applies); under 16 only a competence assessment.
    Assessments after `on` are ignored.
    """
    kinds = ADULT_OUTCOMES if age >= MCA_AGE else CHILD_OUTCOMES
    fitting = [
        a
        for a in assessments
        if a.decision == decision and a.outcome in kinds and (on is None or a.assessed_on <= on)
    ]
    if not fitting:
        return None
    return max(fitting, key=lambda a: (a.assessed_on, a.id or 0))


def capacity_for(
    assessments: Iterable[AssessmentLike], decision: str, age: int, on: date | None = None
) -> tuple[str, bool | None]:
    """(capacity, competent) for the rule, from the latest assessment for `decision`."""
    latest = latest_assessment(assessments, decision, age, on)
    if age >= MCA_AGE:
        if latest is None:
            return "presumed", None
        return ("has" if latest.outcome == "has_capacity" else "lacks"), None
    if latest is None:
        return "presumed", None
    return "presumed", latest.outcome == "competent"
