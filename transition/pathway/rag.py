"""Red, amber and green: the one place the rating rules live.

Ratings are computed from due dates, statuses, the facts on the record and today, never
typed in, so a page, a report and a calendar feed can never disagree about who is
drifting. `person_rating` is the rule for a person and `adult_service_decision` the rule
for "has an adult service decided?"; everything else that counts people calls them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, NamedTuple

from transition.pathway.dates import add_age, format_date

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
ACHIEVED = "achieved"
NOT_APPLICABLE = "not_applicable"
MISSED = "missed"

# (code, label) pairs, in the order a form should offer them.
STATUSES: tuple[tuple[str, str], ...] = (
    (NOT_STARTED, "Not started"),
    (IN_PROGRESS, "In progress"),
    (ACHIEVED, "Achieved"),
    (NOT_APPLICABLE, "Not applicable"),
    (MISSED, "Missed"),
)
STATUS_LABELS = dict(STATUSES)

# Done or ruled out: these can never be late.
CLOSED = frozenset({ACHIEVED, NOT_APPLICABLE})

# How far ahead an unstarted milestone turns amber.
AMBER_WINDOW_DAYS = 90

# Reasons listed before "and N more", so an explanation stays readable.
MAX_REASONS = 3

Colour = Literal["red", "amber", "green"]
_RANK: dict[str, int] = {"green": 0, "amber": 1, "red": 2}


@dataclass(frozen=True)
class Rating:
    colour: Colour
    reasons: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.colour.capitalize()

    @property
    def rank(self) -> int:
        """0 for green, 1 amber, 2 red: for sorting worst first."""
        return _RANK[self.colour]

    def explain(self) -> str:
        """A sentence such as "Red because: Year 9 review is 3 months overdue"."""
        if not self.reasons:
            return self.label
        return f"{self.label} because: {'; '.join(self.reasons)}"


# The young person's own rights and choices: things to talk about, never amber or red.
RIGHT = "right"
BEFORE_JOINING = "Before they joined"
# Overdue and not done, a law or statutory guidance duty is due within this many days of
# the review meeting: the council's decision to keep, amend or cease the plan (SEND
# Regulations 2014 reg 20(10)).
REVIEW_DECISION_DAYS = 28
# A handover still needed is late once its target date is this close.
LATE_HANDOVER_MONTHS = 3
HANDOVER_ACCEPTED = frozenset({"accepted", "completed"})
# Care Act transition assessment outcomes (Care Act 2014 s58-59).
LIKELY_ELIGIBLE = "likely_eligible_needs"
NO_LIKELY_ELIGIBLE = "no_likely_eligible_needs"
DECLINED = "declined_with_capacity"
CARE_ACT_OUTCOMES = {
    LIKELY_ELIGIBLE: "Likely eligible needs: a handover to adult services is expected",
    NO_LIKELY_ELIGIBLE: "No likely eligible needs, with written reasons (Care Act s58(5))",
    DECLINED: "The young person, having capacity, declined an assessment",
}


class MilestoneFacts(NamedTuple):
    """What the area and person ratings need to know about one milestone.

    ``statutory`` means "overdue makes the person red": a duty in law or statutory
    guidance whose timing is not one council's choice. ``excluded`` holds why it never
    counts ("Does not apply: ...", "Before they joined"), or None.
    """

    title: str
    due: date | None
    status: str
    statutory: bool
    basis: str = ""
    excluded: str | None = None

    @property
    def counts(self) -> bool:
        return self.excluded is None and self.basis != RIGHT


@dataclass(frozen=True)
class HandoverFacts:
    state: str
    target_date: date


@dataclass(frozen=True)
class DecisionFacts:
    """What the record says about an adult service decision.

    ``handovers`` oldest first. ``no_adult_service_reason`` is a manager's recorded
    reason that no adult service is needed.
    """

    handovers: tuple[HandoverFacts, ...] = ()
    care_act_outcome: str | None = None
    no_adult_service_reason: str | None = None


@dataclass(frozen=True)
class ReviewFacts:
    """One EHC plan review: the meeting, and when the council sent its decision."""

    meeting_on: date
    decision_sent_on: date | None = None


def humanise_days(n: int) -> str:
    """A length of time in plain words: "1 day", "10 days", "2 weeks", "3 months", "2 years".

    Rounded down, so "3 months overdue" never overstates how late something is.
    """
    if n < 0:
        raise ValueError(f"A number of days cannot be negative (got {n})")
    if n < 14:
        return _plural(n, "day")
    if n < 60:
        return _plural(n // 7, "week")
    if n < 730:
        return _plural(n // 30, "month")
    return _plural(n // 365, "year")


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def _check_status(status: str) -> None:
    if status not in STATUS_LABELS:
        choices = ", ".join(STATUS_LABELS)
        raise ValueError(f"Unknown milestone status {status!r}: use one of {choices}")


def milestone_rating(
    due: date | None,
    status: str,
    today: date,
    title: str = "This milestone",
    *,
    basis: str = "",
    excluded: str | None = None,
    makes_red: bool = True,
) -> Rating:
    """Rate one milestone.

    Red: missed, or past its due date and not achieved or not applicable.
    Amber: not started and due within 90 days (due today counts; overdue starts tomorrow).
    Green: everything else, including anything with no due date yet, anything that does
    not apply or was due before they joined (``excluded``), and the young person's own
    rights and choices, which are things to talk about and never late. Late, a
    milestone that is not a duty on its own date (``makes_red`` false) is amber.
    """
    _check_status(status)
    if status in CLOSED:
        return Rating("green", (f"{title} is {STATUS_LABELS[status].lower()}",))
    if excluded is not None:
        return Rating("green", (f"{title}: {excluded.lower()}",))
    if basis == RIGHT:
        return Rating("green", (f"{title} is their own choice: something to talk about",))
    late_colour: Colour = "red" if makes_red else "amber"
    if status == MISSED:
        return Rating(late_colour, (f"{title} was missed",))
    if due is None:
        return Rating("green", (f"{title} has no due date yet",))
    days = (due - today).days
    if days < 0:
        return Rating(late_colour, (f"{title} is {humanise_days(-days)} overdue",))
    when = "due today" if days == 0 else f"due in {humanise_days(days)}"
    if status == NOT_STARTED and days <= AMBER_WINDOW_DAYS:
        return Rating("amber", (f"{title} is {when} and has not been started",))
    if status == IN_PROGRESS:
        return Rating("green", (f"{title} is in progress and {when}",))
    return Rating("green", (f"{title} is {when}",))


def _capped(reasons: list[str]) -> tuple[str, ...]:
    if len(reasons) <= MAX_REASONS:
        return tuple(reasons)
    return (*reasons[:MAX_REASONS], f"and {len(reasons) - MAX_REASONS} more")


def _rate_all(items: Iterable[tuple], today: date) -> list[tuple[MilestoneFacts, Rating]]:
    rated = []
    for item in items:
        facts = MilestoneFacts(*item)
        if not facts.counts:
            continue
        rated.append((facts, milestone_rating(facts.due, facts.status, today, facts.title)))
    return rated


def _reasons(rated: list[tuple[MilestoneFacts, Rating]]) -> list[str]:
    return [reason for _, rating in rated for reason in rating.reasons]


def _worst_first(rated: list[tuple[MilestoneFacts, Rating]]) -> list[tuple[MilestoneFacts, Rating]]:
    # Red before amber; statutory first; then the longest overdue or soonest due.
    return sorted(
        rated,
        key=lambda pair: (-pair[1].rank, not pair[0].statutory, pair[0].due or date.max),
    )


def _colour_of(facts: MilestoneFacts, rating: Rating) -> str:
    # Only a late duty or statutory guidance makes red; anything else late is amber.
    if rating.colour == "red" and not facts.statutory:
        return "amber"
    return rating.colour


def _flagged(items: Iterable[tuple], today: date) -> list[tuple[MilestoneFacts, Rating]]:
    return [pair for pair in _worst_first(_rate_all(items, today)) if pair[1].colour != "green"]


def area_rating(items: Iterable[tuple], today: date) -> Rating:
    """Rate an outcome area: the worst of the milestones that count in it.

    ``items`` are (title, due, status, statutory[, basis, excluded]) tuples or
    MilestoneFacts. Red only for a late duty or statutory guidance; anything else late
    or due soon without being started is amber.
    """
    flagged = _flagged(items, today)
    if not flagged:
        return Rating("green", ("nothing is overdue or due soon without being started",))
    colour = max((_colour_of(*pair) for pair in flagged), key=_RANK.__getitem__)
    return Rating(colour, _capped(_reasons(flagged)))  # type: ignore[arg-type]


def area_reasoning(items: Iterable[tuple]) -> str:
    """How an area's rating is worked out, in one plain sentence, with what is left out."""
    facts = [MilestoneFacts(*item) for item in items]
    counted = sum(1 for f in facts if f.counts)
    left_out = {
        "do not apply": sum(1 for f in facts if (f.excluded or "").startswith("Does not apply")),
        "were due before they joined": sum(1 for f in facts if f.excluded == BEFORE_JOINING),
        "are their own rights and choices": sum(
            1 for f in facts if f.excluded is None and f.basis == RIGHT
        ),
    }
    sentence = (
        f"{_plural(counted, 'milestone')} {'counts' if counted == 1 else 'count'} here: "
        "red if a duty in law "
        "or statutory guidance is overdue, amber if anything else is overdue or due within "
        f"{AMBER_WINDOW_DAYS} days and not started, otherwise green."
    )
    parts = [f"{n} {what}" for what, n in left_out.items() if n]
    if parts:
        sentence += " Not counted: " + ", ".join(parts) + "."
    return sentence


def review_decision_facts(reviews: Iterable[ReviewFacts]) -> list[MilestoneFacts]:
    """The council's decision after each review meeting, as a duty due within 4 weeks."""
    return [
        MilestoneFacts(
            f"Decision after the review meeting on {format_date(review.meeting_on)}",
            review.meeting_on + timedelta(days=REVIEW_DECISION_DAYS),
            "not_started" if review.decision_sent_on is None else "achieved",
            True,
            "law",
        )
        for review in reviews
    ]


def adult_service_decision(facts: DecisionFacts) -> str | None:
    """The adult service decision on the record, in words, or None when there is none.

    A decision is any of: a handover accepted by an adult team; a recorded Care Act
    transition assessment outcome (likely eligible needs, or none with written reasons,
    or the young person declined having capacity); a manager's recorded "no adult
    service needed" with a reason. A returned handover is not a decision.
    """
    if any(h.state in HANDOVER_ACCEPTED for h in facts.handovers):
        return "An adult team accepted a handover"
    if facts.care_act_outcome in CARE_ACT_OUTCOMES:
        return CARE_ACT_OUTCOMES[facts.care_act_outcome]
    if facts.no_adult_service_reason:
        reason = facts.no_adult_service_reason
        return f"A manager recorded that no adult service is needed: {reason}"
    return None


def handover_still_needed(facts: DecisionFacts) -> bool:
    """No adult team has accepted, and nothing recorded says none is needed."""
    if any(h.state in HANDOVER_ACCEPTED for h in facts.handovers):
        return False
    if facts.no_adult_service_reason:
        return False
    return facts.care_act_outcome not in {NO_LIKELY_ELIGIBLE, DECLINED}


def late_handover(facts: DecisionFacts, today: date) -> bool:
    """A handover is late: one is still needed, and the latest one's target date is past
    or under three months away (whatever its state, a returned one included)."""
    if not facts.handovers or not handover_still_needed(facts):
        return False
    return facts.handovers[-1].target_date <= add_age(today, 0, LATE_HANDOVER_MONTHS)


def _decision_reasons(dob: date, today: date, decision: DecisionFacts) -> tuple[str, str | None]:
    """(colour, reason) from the adult service decision rule; ("green", None) when quiet."""
    if today < add_age(dob, 17, 6):
        return "green", None
    birthday_18 = add_age(dob, 18)
    if adult_service_decision(decision) is None:
        if today < birthday_18:
            when = f"18th birthday is in {humanise_days((birthday_18 - today).days)}"
        elif today == birthday_18:
            when = "turned 18 today"
        else:
            when = (
                f"turned 18 {humanise_days((today - birthday_18).days)} ago "
                f"(18th birthday {format_date(birthday_18)})"
            )
        return "red", f"{when} and no adult service has accepted a handover or decided"
    if decision.care_act_outcome == LIKELY_ELIGIBLE and handover_still_needed(decision):
        return "amber", "likely eligible adult care needs and no adult team has accepted a handover"
    return "green", None


def person_rating(
    items: Iterable[tuple],
    dob: date,
    today: date,
    decision: DecisionFacts,
    reviews: Iterable[ReviewFacts] = (),
) -> Rating:
    """Rate a young person: the one rule every page, count, report and feed uses.

    Red: a duty in law or statutory guidance is overdue or missed (its timing set by
    law or guidance, not a council); or, from 17 and a half, there is no adult service
    decision. That stays red after 18 until there is one: children's services must
    carry on until then (Care Act 2014 s66), and a gap at 18 is what this rating
    exists to show.
    Amber: anything else that counts is overdue, missed or due soon without being
    started; or likely eligible adult care needs and no accepted handover.
    Green: otherwise. Milestones that do not apply, were due before they joined, or are
    the young person's own rights and choices never count.
    """
    facts = [*items, *review_decision_facts(reviews)]
    flagged = _flagged(facts, today)
    red_reasons = [
        reason
        for milestone, rating in flagged
        if _colour_of(milestone, rating) == "red"
        for reason in rating.reasons
    ]
    colour, decision_reason = _decision_reasons(dob, today, decision)
    if decision_reason and colour == "red":
        red_reasons.insert(0, decision_reason)
    if red_reasons:
        return Rating("red", _capped(red_reasons))
    amber_reasons = _reasons(flagged)
    if decision_reason:
        amber_reasons.insert(0, decision_reason)
    if amber_reasons:
        return Rating("amber", _capped(amber_reasons))
    return Rating("green", ("nothing is overdue or due soon without being started",))
