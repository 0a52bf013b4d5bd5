"""Red, amber and green: the one place the rating rules live.

Ratings are computed from due dates, statuses and today, never typed in, so a page,
a report and a calendar feed can never disagree about who is drifting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal, NamedTuple

from transition.pathway.dates import add_age


class MilestoneStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    NOT_APPLICABLE = "not_applicable"
    MISSED = "missed"


NOT_STARTED = MilestoneStatus.NOT_STARTED
IN_PROGRESS = MilestoneStatus.IN_PROGRESS
ACHIEVED = MilestoneStatus.ACHIEVED
NOT_APPLICABLE = MilestoneStatus.NOT_APPLICABLE
MISSED = MilestoneStatus.MISSED

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


class MilestoneFacts(NamedTuple):
    """What the area and person ratings need to know about one milestone."""

    title: str
    due: date | None
    status: str
    statutory: bool


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
    due: date | None, status: str, today: date, title: str = "This milestone"
) -> Rating:
    """Rate one milestone.

    Red: missed, or past its due date and not achieved or not applicable.
    Amber: not started and due within 90 days (due today counts; overdue starts tomorrow).
    Green: everything else, including anything with no due date yet.
    """
    _check_status(status)
    if status in CLOSED:
        return Rating("green", (f"{title} is {STATUS_LABELS[status].lower()}",))
    if status == MISSED:
        return Rating("red", (f"{title} was missed",))
    if due is None:
        return Rating("green", (f"{title} has no due date yet",))
    days = (due - today).days
    if days < 0:
        return Rating("red", (f"{title} is {humanise_days(-days)} overdue",))
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


def _rate_all(
    items: Iterable[tuple[str, date | None, str, bool]], today: date
) -> list[tuple[MilestoneFacts, Rating]]:
    rated = []
    for item in items:
        facts = MilestoneFacts(*item)
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


def area_rating(items: Iterable[tuple[str, date | None, str, bool]], today: date) -> Rating:
    """Rate an outcome area: the worst of its milestones.

    ``items`` are (title, due, status, statutory) tuples or MilestoneFacts.
    """
    flagged = [pair for pair in _worst_first(_rate_all(items, today)) if pair[1].colour != "green"]
    if not flagged:
        return Rating("green", ("nothing is overdue or due soon without being started",))
    colour = flagged[0][1].colour
    return Rating(colour, _capped(_reasons(flagged)))


def person_rating(
    items: Iterable[tuple[str, date | None, str, bool]],
    dob: date,
    today: date,
    has_adult_service_decision: bool,
) -> Rating:
    """Rate a young person.

    Red: a law or statutory guidance milestone is overdue (or missed), or they are
    between 17 and a half and 18 with no adult service decision.
    Amber: any other milestone is overdue, missed or due soon without being started.
    Green: otherwise.

    The no-decision rule stops at the 18th birthday: from then on the law milestones
    due at 18 (such as the Care Act s66 duty to carry on support) are overdue instead,
    which keeps the person red with a more precise reason.
    """
    flagged = [pair for pair in _worst_first(_rate_all(items, today)) if pair[1].colour != "green"]
    red_reasons = [
        reason
        for facts, rating in flagged
        if rating.colour == "red" and facts.statutory
        for reason in rating.reasons
    ]
    birthday_18 = add_age(dob, 18)
    if not has_adult_service_decision and add_age(dob, 17, 6) <= today < birthday_18:
        days = (birthday_18 - today).days
        red_reasons.insert(
            0,
            f"18th birthday is in {humanise_days(days)} and no adult service has "
            "accepted a handover",
        )
    if red_reasons:
        return Rating("red", _capped(red_reasons))
    if flagged:
        return Rating("amber", _capped(_reasons(flagged)))
    return Rating("green", ("nothing is overdue or due soon without being started",))
