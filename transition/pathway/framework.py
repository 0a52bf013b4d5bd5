"""The milestone framework: definitions as data, anchors, and each person's schedule.

A framework is data (YAML shipped with the app, JSON once a council edits it), so the
legal references can change without a code change. This module reads and checks it, and
turns each milestone's anchor into a date for one person.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import IO, Any, Literal

import yaml

from transition.pathway.dates import (
    add_age,
    add_months_less_a_day,
    end_of_compulsory_school_age,
    format_date,
    last_friday_in_june,
    school_year_end,
    school_year_start,
)

AREAS = ("process", "employment", "independent_living", "community", "health")

# The basis of a milestone: whose duty it is and how strong. "right" is the young
# person's own right or choice (voting, driving, benefits, a power of attorney,
# consent): something to talk about, never a duty on anyone, never amber or red.
STATUSES = (
    "law",
    "statutory_guidance",
    "national_guidance",
    "good_practice",
    "local",
    "right",
)

# Agencies must follow law and have regard to statutory guidance; these milestones are
# what makes a person red when overdue.
STATUTORY = frozenset({"law", "statutory_guidance"})
RIGHT = "right"

# Plain words for each basis, shown on every milestone.
BASIS_WORDS = {
    "law": "The council, the NHS or a school must do this by law",
    "statutory_guidance": (
        "Statutory guidance: agencies must follow it unless there is a good reason"
    ),
    "national_guidance": "National guidance (such as NICE): recommended, not a legal duty",
    "good_practice": "Good practice: recommended, not a legal duty",
    "local": "Our local practice",
    "right": "Their own right or choice: something to talk about, never a duty",
    "custom": "Added for this young person",
}

# yearly: due a year after the last one (an annual health check).
# within_12_months: due 12 months less a day after the last one was held (an EHC plan
# review, Children and Families Act 2014 s44(1): "within 12 months starting with").
REPEATS = ("yearly", "within_12_months")

# Someone who joins after the start of Year 9 gets a catch-up plan this many weeks
# after joining unless the framework says otherwise (NICE QS140 statement 1).
CATCH_UP_WEEKS = 4

AnchorKind = Literal["age", "school_year", "event", "named", "after_joining"]

# Dates that come from the law rather than a plain age or class.
NAMED_DATES = {
    # Education Act 1996 s8(3): from age alone, whatever class they are in.
    "end_of_compulsory_school_age": "End of compulsory school age",
    # SEND Regulations 2014 reg 46(1)(a): 31 July of the academic year they turn 25.
    "latest_end_of_plan": "Latest end of the EHC plan",
}
_WEEKS = re.compile(r"(\d{1,2})w")

_AGE = re.compile(r"(\d{1,2})y(?:(\d{1,2})m)?")
_MONTH_DAY = re.compile(r"(\d{2})-(\d{2})")
_CODE = re.compile(r"[A-Z][A-Z0-9]{0,11}")
_SCHOOL_YEAR_ONS = ("start", "end", "last_friday_june")
_YEAR_GROUPS = range(7, 15)
_TITLE_MAX = 60

# The opens-before-due check runs on births at both edges of the school year and on a
# leap day, where rounding rules are most likely to cross.
_SAMPLE_BIRTHS = (date(2012, 2, 29), date(2011, 9, 1), date(2011, 8, 31))

_ANCHOR_FORMS = (
    '{age: "17y6m"}, {school_year: 9, on: start}, {named: end_of_compulsory_school_age}, '
    '{after_joining: "4w"} or {event: "..."}'
)


class _FrameworkLoader(yaml.SafeLoader):
    """Safe YAML loading where only true/false are booleans (as in YAML 1.2).

    PyYAML follows YAML 1.1, which reads the anchor key ``on`` (and yes/no/off) as a
    boolean; a council editing the file should not have to know to quote it.
    """


_BOOL_TAG = "tag:yaml.org,2002:bool"
_FrameworkLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FrameworkLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class Anchor:
    """When a milestone falls: at an age, at a point in a school year, or after an event."""

    kind: AnchorKind
    years: int = 0
    months: int = 0
    year_group: int | None = None
    on: str | None = None
    event_text: str | None = None
    weeks: int = 0

    def to_data(self) -> dict[str, Any]:
        """The anchor in the same form the framework file uses."""
        if self.kind == "age":
            return {"age": f"{self.years}y{self.months}m" if self.months else f"{self.years}y"}
        if self.kind == "school_year":
            return {"school_year": self.year_group, "on": self.on}
        if self.kind == "named":
            return {"named": self.on}
        if self.kind == "after_joining":
            return {"after_joining": f"{self.weeks}w"}
        return {"event": self.event_text}

    def describe(self) -> str:
        """Plain words for a manager reading the framework, such as "Start of Year 9"."""
        if self.kind == "age":
            return f"Age {self.years}" + (f" years {self.months} months" if self.months else "")
        if self.kind == "school_year":
            where = {
                "start": "Start of",
                "end": "End of",
                "last_friday_june": "Last Friday in June of",
            }.get(str(self.on))
            if where is None:
                month, day = (int(part) for part in str(self.on).split("-"))
                where = format_date(date(2000, month, day)).removesuffix(" 2000") + " in"
            return f"{where} Year {self.year_group}"
        if self.kind == "named":
            return NAMED_DATES[str(self.on)]
        if self.kind == "after_joining":
            return f"{self.weeks} weeks after joining the service"
        return str(self.event_text)


# The facts on a record that decide whether a milestone applies. Each names the words
# used when it does not: "Does not apply: <reason>".
APPLICABILITY_FACTS: dict[str, str] = {
    "ehc_plan": "they do not have an EHC plan",
    "chc_status": "continuing healthcare is recorded as not needed",
    "ld_register": "they are not on the GP learning disability register",
    "young_carer": "they are not a young carer",
    "camhs": "they are not involved with CAMHS",
    "post16_destination": "they are not moving from school to a post-16 institution",
    "joined_after_year_9": "they joined the service before Year 9 started",
}
_BOOLEAN_FACTS = frozenset(
    {"ehc_plan", "ld_register", "young_carer", "camhs", "joined_after_year_9"}
)
_FACT_VALUES = {
    "chc_status": ("not_needed", "not_started", "in_progress", "complete"),
    "post16_destination": (
        "school_sixth_form",
        "post16_institution",
        "apprenticeship",
        "work_or_other",
    ),
}


@dataclass(frozen=True)
class PersonFacts:
    """What the framework needs to know about one person to place their milestones.

    None for a yes/no fact means "not recorded": a milestone that depends on it still
    applies, so a duty is never hidden because a box was left empty.
    """

    dob: date
    year_offset: int = 0
    joined_on: date | None = None
    ehc_plan: bool = True
    chc_status: str = "not_started"
    ld_register: bool | None = None
    young_carer: bool | None = None
    camhs: bool | None = None
    post16_destination: str | None = None
    # The meeting date of the last EHC plan review held, if known.
    last_review_on: date | None = None

    @property
    def joined_after_year_9(self) -> bool:
        return self.joined_on is not None and self.joined_on > school_year_start(
            self.dob, 9, self.year_offset
        )

    def value(self, fact: str) -> object:
        return getattr(self, fact)


Condition = tuple[str, tuple[Any, ...]]


def does_not_apply(conditions: tuple[Condition, ...], facts: PersonFacts) -> str | None:
    """Why a milestone does not apply to this person, or None when it applies.

    Each condition is (fact, values that make it apply); all must hold. A fact that is
    not recorded (None) never rules a milestone out.
    """
    for fact, allowed in conditions:
        value = facts.value(fact)
        if value is None or value in allowed:
            continue
        return APPLICABILITY_FACTS[fact]
    return None


def conditions_to_data(conditions: tuple[Condition, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for fact, allowed in conditions:
        data[fact] = allowed[0] if fact in _BOOLEAN_FACTS else list(allowed)
    return data


def parse_conditions(value: object) -> tuple[Condition, ...]:
    """Read applies_when: {ehc_plan: true, chc_status: [not_started, ...]}."""
    if not isinstance(value, Mapping) or not value:
        raise ValueError("applies_when must map facts to the values that make it apply")
    conditions = []
    for fact, wanted in value.items():
        if fact not in APPLICABILITY_FACTS:
            raise ValueError(
                f"applies_when: unknown fact {fact!r}: use {', '.join(APPLICABILITY_FACTS)}"
            )
        if fact in _BOOLEAN_FACTS:
            if not isinstance(wanted, bool):
                raise ValueError(f"applies_when: {fact} must be true or false")
            conditions.append((fact, (wanted,)))
            continue
        values = wanted if isinstance(wanted, list) else [wanted]
        unknown = [v for v in values if v not in _FACT_VALUES[fact]]
        if unknown or not values:
            raise ValueError(
                f"applies_when: {fact} must be a list of {', '.join(_FACT_VALUES[fact])}"
            )
        conditions.append((fact, tuple(values)))
    return tuple(conditions)


@dataclass(frozen=True)
class Area:
    code: str
    title: str
    plain_title: str
    description: str


@dataclass(frozen=True)
class MilestoneDefinition:
    code: str
    area: str
    title: str
    description: str
    plain_title: str
    status: str
    source: str
    lead: str
    due: Anchor
    opens: Anchor | None = None
    unverified: bool = False
    # True when the timing is one council's choice; only these may be moved by a council.
    local: bool = False
    repeats: str | None = None
    # Until when a repeating milestone repeats (inclusive).
    until: Anchor | None = None
    # A repeating milestone whose first date follows from another one being done (the
    # yearly reviews follow the Year 9 review).
    follows: str | None = None
    applies_when: tuple[Condition, ...] = ()
    # A law or statutory guidance milestone due before someone joined still matters,
    # and is due with the catch-up plan, if they joined before this date.
    catch_up_until: Anchor | None = None

    @property
    def statutory(self) -> bool:
        return self.status in STATUTORY

    @property
    def makes_red(self) -> bool:
        """Overdue makes a person red: a duty or statutory guidance with a date they set.

        A duty whose timing is one council's choice (the Care Act sets no age for a
        transition assessment) is amber when late: the date is not the law's.
        """
        return self.statutory and not self.local


@dataclass(frozen=True)
class Framework:
    name: str
    version: int
    disclaimer: str
    areas: tuple[Area, ...]
    milestones: tuple[MilestoneDefinition, ...]

    def by_code(self) -> dict[str, MilestoneDefinition]:
        return {milestone.code: milestone for milestone in self.milestones}

    def area(self, code: str) -> Area:
        for area in self.areas:
            if area.code == code:
                return area
        raise KeyError(code)


@dataclass(frozen=True)
class ScheduledMilestone:
    """One milestone (one occurrence of a repeating one) placed on one person's calendar."""

    code: str
    area: str
    title: str
    plain_title: str
    opens: date | None
    due: date | None
    statutory: bool
    occurrence: int = 1
    # Due before they joined and not carried into the catch-up plan: never counts.
    before_joining: bool = False
    # Due before they joined, still matters, so due with the catch-up plan instead.
    caught_up_from: date | None = None
    does_not_apply: str | None = None


class FrameworkError(ValueError):
    """A framework that cannot be used, with every problem found (not just the first)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("The framework has problems:\n- " + "\n- ".join(problems))


def parse_anchor(value: object) -> Anchor:
    """Read an anchor from framework data; raise ValueError saying what is wrong."""
    if not isinstance(value, Mapping):
        raise ValueError(f"An anchor must be one of {_ANCHOR_FORMS}, not {value!r}")
    keys = set(value)
    if keys == {"age"}:
        return _parse_age(value["age"])
    if "school_year" in keys:
        unknown = keys - {"school_year", "on"}
        if unknown:
            raise ValueError(
                f"Unknown key(s) {_names(unknown)} in school year anchor {dict(value)!r}"
            )
        if "on" not in keys:
            raise ValueError(
                f"School year anchor {dict(value)!r} needs 'on': start, end, "
                'last_friday_june or a month and day such as "03-31"'
            )
        return _parse_school_year(value["school_year"], value["on"])
    if keys == {"named"}:
        if value["named"] not in NAMED_DATES:
            choices = ", ".join(NAMED_DATES)
            raise ValueError(f"named date {value['named']!r} must be one of {choices}")
        return Anchor(kind="named", on=str(value["named"]))
    if keys == {"after_joining"}:
        text = value["after_joining"]
        match = _WEEKS.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f'after_joining {text!r} must be written like "4w"')
        return Anchor(kind="after_joining", weeks=int(match[1]))
    if keys == {"event"}:
        text = value["event"]
        if not isinstance(text, str) or not text.strip():
            raise ValueError("An event anchor needs text saying what the event is")
        return Anchor(kind="event", event_text=text.strip())
    raise ValueError(f"Unknown key(s) {_names(keys)} in anchor: use {_ANCHOR_FORMS}")


def _names(keys: set[Any]) -> str:
    return ", ".join(repr(key) for key in sorted(keys, key=str)) or "(none)"


def _parse_age(text: object) -> Anchor:
    # Ages are text such as "17y6m" so a bare number cannot be misread as months.
    match = _AGE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f'Age {text!r} must be written like "17y6m" or "14y"')
    years, months = int(match[1]), int(match[2] or 0)
    if months > 11:
        raise ValueError(f"Age {text!r} has {months} months: months must be 0 to 11")
    return Anchor(kind="age", years=years, months=months)


def _parse_school_year(year_group: object, on: object) -> Anchor:
    if isinstance(year_group, bool) or not isinstance(year_group, int):
        raise ValueError(f"School year {year_group!r} must be a whole number from 7 to 14")
    if year_group not in _YEAR_GROUPS:
        raise ValueError(f"School year {year_group} is out of range: use Year 7 to Year 14")
    if on in _SCHOOL_YEAR_ONS:
        return Anchor(kind="school_year", year_group=year_group, on=str(on))
    match = _MONTH_DAY.fullmatch(on) if isinstance(on, str) else None
    if match is None:
        raise ValueError(
            f"'on' {on!r} must be start, end, last_friday_june or a month and day such as \"03-31\""
        )
    try:
        # 2001 is a common year, so "02-29" is refused: it is missing three years in four.
        date(2001, int(match[1]), int(match[2]))
    except ValueError:
        raise ValueError(f"'on' {on!r} is not a day that exists every year") from None
    return Anchor(kind="school_year", year_group=year_group, on=on)


def resolve(
    anchor: Anchor, dob: date, year_offset: int = 0, joined_on: date | None = None
) -> date | None:
    """The date an anchor falls on for one person; None for an event (a worker sets it).

    ``year_offset`` moves school-year anchors for a child taught out of their age group;
    ages are ages, so age anchors (and the end of compulsory school age) ignore it.
    """
    if anchor.kind == "age":
        return add_age(dob, anchor.years, anchor.months)
    if anchor.kind == "event":
        return None
    if anchor.kind == "named":
        if anchor.on == "end_of_compulsory_school_age":
            return end_of_compulsory_school_age(dob)
        birthday_25 = add_age(dob, 25)
        return date(birthday_25.year + 1 if birthday_25.month >= 8 else birthday_25.year, 7, 31)
    if anchor.kind == "after_joining":
        return None if joined_on is None else joined_on + timedelta(weeks=anchor.weeks)
    year_group = anchor.year_group
    if year_group is None or anchor.on is None:
        raise ValueError(f"School year anchor {anchor!r} is incomplete")
    start = school_year_start(dob, year_group, year_offset)
    if anchor.on == "start":
        return start
    if anchor.on == "end":
        return school_year_end(dob, year_group, year_offset)
    if anchor.on == "last_friday_june":
        return last_friday_in_june(start.year + 1)
    month, day = (int(part) for part in anchor.on.split("-"))
    # September to December fall in the autumn the year starts; January to August in
    # the following calendar year.
    return date(start.year if month >= 9 else start.year + 1, month, day)


def next_due_after(repeats: str, last: date) -> date:
    """When a repeating milestone is next due, from the date the last one was due or done."""
    if repeats == "within_12_months":
        return add_months_less_a_day(last, 12)
    return add_age(last, 1)


def repeat_dues(
    definition: MilestoneDefinition, first: date, dob: date, year_offset: int = 0
) -> list[date]:
    """Every due date of a repeating milestone from ``first`` to its end (inclusive)."""
    if definition.repeats is None:
        return [first]
    until = resolve(definition.until, dob, year_offset) if definition.until else add_age(dob, 25)
    dues = [first]
    while until is not None and len(dues) < 30:
        following = next_due_after(definition.repeats, dues[-1])
        if following > until:
            break
        dues.append(following)
    return dues


def chain_from(
    definition: MilestoneDefinition, done_on: date, dob: date, year_offset: int = 0
) -> list[date]:
    """Due dates of the occurrences after one done on ``done_on``, to the series' end."""
    repeats = definition.repeats or "yearly"
    first = next_due_after(repeats, done_on)
    until = resolve(definition.until, dob, year_offset) if definition.until else add_age(dob, 25)
    if until is not None and first > until:
        return []
    return repeat_dues(definition, first, dob, year_offset)


def catch_up_due(framework: Framework, facts: PersonFacts) -> date | None:
    """When the catch-up plan is due for someone who joined after Year 9 started."""
    if not facts.joined_after_year_9 or facts.joined_on is None:
        return None
    for m in framework.milestones:
        if m.due.kind == "after_joining":
            return resolve(m.due, facts.dob, facts.year_offset, facts.joined_on)
    return facts.joined_on + timedelta(weeks=CATCH_UP_WEEKS)


def schedule(framework: Framework, facts: PersonFacts) -> list[ScheduledMilestone]:
    """Every milestone (each yearly occurrence) for one person, soonest due first.

    Milestones due before they joined are "before they joined" and never count, except
    law and statutory guidance milestones that still matter (catch_up_until), which are
    due with the catch-up plan instead (NICE QS140 statement 1: plan straight away).
    """
    dob, offset, joined = facts.dob, facts.year_offset, facts.joined_on
    catch_up = catch_up_due(framework, facts)
    placed = []
    for m in framework.milestones:
        due = resolve(m.due, dob, offset, joined)
        opens = resolve(m.opens, dob, offset, joined) if m.opens else None
        reason = does_not_apply(m.applies_when, facts)
        dues: list[date | None] = list(repeat_dues(m, due, dob, offset)) if due else [due]
        last = facts.last_review_on
        if m.repeats == "within_12_months" and last is not None and due is not None:
            # The next review is due 12 months less a day after the last one held.
            dues = [d for d in dues if d is not None and d <= last]
            dues += chain_from(m, last, dob, offset)
        for occurrence, when in enumerate(dues, start=1):
            before = joined is not None and when is not None and when < joined
            caught_up_from = None
            if before and catch_up is not None and m.statutory and m.catch_up_until:
                still_matters = resolve(m.catch_up_until, dob, offset, joined)
                if still_matters is not None and joined < still_matters:
                    caught_up_from, when, before = when, catch_up, False
            placed.append(
                ScheduledMilestone(
                    code=m.code,
                    area=m.area,
                    title=m.title,
                    plain_title=m.plain_title,
                    opens=opens if occurrence == 1 and caught_up_from is None else None,
                    due=when,
                    statutory=m.statutory,
                    occurrence=occurrence,
                    before_joining=before,
                    caught_up_from=caught_up_from,
                    does_not_apply=reason,
                )
            )
    # Stable sort: milestones due the same day keep the framework's order.
    return sorted(placed, key=lambda s: (s.due is None, s.due or date.min))


def load_framework(path: str | os.PathLike[str] | None = None) -> Framework:
    """Load and check a framework file; with no path, the packaged default."""
    if path is None:
        return _default_framework()
    with open(path, encoding="utf-8") as handle:
        return framework_from_dict(_read_yaml(handle))


@functools.cache
def _default_framework() -> Framework:
    # The default never changes while the app runs, and frameworks are immutable, so
    # every caller can share one parsed copy.
    text = resources.files("transition.frameworks").joinpath("pfa-default.yaml").read_text("utf-8")
    return framework_from_dict(_read_yaml(text))


def _read_yaml(stream: str | IO[str]) -> object:
    # What yaml.load does, spelt out so the safe loader subclass is plain to see.
    loader = _FrameworkLoader(stream)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


_TOP_KEYS = {"name", "version", "disclaimer", "areas", "milestones"}
_AREA_KEYS = {"title", "plain_title", "description"}
_REQUIRED_KEYS = {
    "code",
    "area",
    "title",
    "description",
    "plain_title",
    "status",
    "source",
    "lead",
    "due",
}
_OPTIONAL_KEYS = {
    "opens",
    "unverified",
    "local",
    "repeats",
    "until",
    "follows",
    "applies_when",
    "catch_up_until",
}


def framework_from_dict(data: object) -> Framework:
    """Build a framework from parsed YAML or stored JSON, checking everything.

    Raises FrameworkError listing every problem, so a council editing its framework sees
    them all at once.
    """
    if not isinstance(data, Mapping):
        raise FrameworkError(
            ["The framework must be a mapping of name, version, areas and milestones"]
        )
    problems: list[str] = []
    unknown = set(data) - _TOP_KEYS
    if unknown:
        problems.append(f"Unknown top-level key(s) {_names(unknown)}")
    name = _text(data, "name", "The framework", problems)
    disclaimer = _text(data, "disclaimer", "The framework", problems)
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        problems.append(f"version must be a whole number of 1 or more, not {version!r}")
        version = 0
    areas = _read_areas(data.get("areas"), problems)
    milestones = _read_milestones(data.get("milestones"), {a.code for a in areas}, problems)
    if problems:
        raise FrameworkError(problems)
    return Framework(
        name=name,
        version=version,
        disclaimer=disclaimer,
        areas=areas,
        milestones=milestones,
    )


def _text(data: Mapping[str, Any], key: str, where: str, problems: list[str]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: {key} must be some text")
        return ""
    return value.strip()


def _read_areas(raw: object, problems: list[str]) -> tuple[Area, ...]:
    if not isinstance(raw, Mapping) or not raw:
        problems.append("areas must map each area code to its title, plain_title and description")
        return ()
    areas = []
    for code, fields in raw.items():
        if code not in AREAS:
            problems.append(f"Unknown area {code!r}: use one of {', '.join(AREAS)}")
            continue
        if not isinstance(fields, Mapping):
            problems.append(f"Area {code}: give its title, plain_title and description")
            continue
        unknown = set(fields) - _AREA_KEYS
        if unknown:
            problems.append(f"Area {code}: unknown key(s) {_names(unknown)}")
        where = f"Area {code}"
        areas.append(
            Area(
                code=code,
                title=_text(fields, "title", where, problems),
                plain_title=_text(fields, "plain_title", where, problems),
                description=_text(fields, "description", where, problems),
            )
        )
    return tuple(areas)


def _read_milestones(
    raw: object, area_codes: set[str], problems: list[str]
) -> tuple[MilestoneDefinition, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append("milestones must be a list with at least one milestone")
        return ()
    milestones: list[MilestoneDefinition] = []
    seen: set[str] = set()
    for position, fields in enumerate(raw, start=1):
        milestone = _read_milestone(position, fields, area_codes, problems)
        if milestone is None:
            continue
        if milestone.code in seen:
            problems.append(f"Milestone code {milestone.code} is used more than once")
        seen.add(milestone.code)
        milestones.append(milestone)
    for milestone in milestones:
        if milestone.follows is not None and milestone.follows not in seen:
            problems.append(
                f"Milestone {milestone.code}: follows {milestone.follows}, which is not in "
                "the framework"
            )
    return tuple(milestones)


def _read_milestone(
    position: int, fields: object, area_codes: set[str], problems: list[str]
) -> MilestoneDefinition | None:
    if not isinstance(fields, Mapping):
        problems.append(f"Milestone {position} must be a mapping of its fields")
        return None
    code = fields.get("code")
    where = f"Milestone {code}" if isinstance(code, str) else f"Milestone {position}"
    before = len(problems)
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        problems.append(f"{where}: code must be capital letters and digits, such as P02")
    missing = _REQUIRED_KEYS - set(fields)
    if missing:
        problems.append(f"{where}: missing {_names(missing)}")
    unknown = set(fields) - _REQUIRED_KEYS - _OPTIONAL_KEYS
    if unknown:
        problems.append(f"{where}: unknown key(s) {_names(unknown)}")
    texts = {
        key: _text(fields, key, where, problems)
        for key in ("title", "description", "plain_title", "source", "lead")
        if key in fields
    }
    if len(texts.get("title", "")) > _TITLE_MAX:
        problems.append(f"{where}: title is longer than {_TITLE_MAX} characters")
    area = fields.get("area")
    if "area" in fields and area not in area_codes:
        problems.append(f"{where}: area {area!r} is not one of the framework's areas")
    status = fields.get("status")
    if "status" in fields and status not in STATUSES:
        problems.append(f"{where}: status {status!r} must be one of {', '.join(STATUSES)}")
    repeats = fields.get("repeats")
    if repeats is not None and repeats not in REPEATS:
        problems.append(f"{where}: repeats {repeats!r} must be one of {', '.join(REPEATS)}")
    flags = {}
    for flag in ("unverified", "local"):
        value = fields.get(flag, False)
        if not isinstance(value, bool):
            problems.append(f"{where}: {flag} must be true or false")
        flags[flag] = value is True
    due = _read_anchor(fields, "due", where, problems)
    opens = _read_anchor(fields, "opens", where, problems)
    until = _read_anchor(fields, "until", where, problems)
    catch_up_until = _read_anchor(fields, "catch_up_until", where, problems)
    if until is not None and repeats is None:
        problems.append(f"{where}: until is only for a milestone that repeats")
    follows = fields.get("follows")
    if follows is not None and (not isinstance(follows, str) or not _CODE.fullmatch(follows)):
        problems.append(f"{where}: follows must be another milestone's code, such as P02")
    conditions: tuple[Condition, ...] = ()
    if fields.get("applies_when") is not None:
        try:
            conditions = parse_conditions(fields["applies_when"])
        except ValueError as error:
            problems.append(f"{where}: {error}")
    if len(problems) > before or due is None:
        return None
    if repeats is not None and due.kind in {"event", "after_joining"}:
        problems.append(f"{where}: a repeating milestone needs a date, not an event")
        return None
    milestone = MilestoneDefinition(
        code=str(code),
        area=str(area),
        title=texts["title"],
        description=texts["description"],
        plain_title=texts["plain_title"],
        status=str(status),
        source=texts["source"],
        lead=texts["lead"],
        due=due,
        opens=opens,
        unverified=flags["unverified"],
        local=flags["local"],
        repeats=repeats,
        until=until,
        follows=follows,
        applies_when=conditions,
        catch_up_until=catch_up_until,
    )
    _check_window(milestone, where, problems)
    return milestone


def _read_anchor(
    fields: Mapping[str, Any], key: str, where: str, problems: list[str]
) -> Anchor | None:
    if fields.get(key) is None:
        return None
    try:
        return parse_anchor(fields[key])
    except ValueError as error:
        problems.append(f"{where}: {key}: {error}")
        return None


def _check_window(milestone: MilestoneDefinition, where: str, problems: list[str]) -> None:
    if milestone.opens is None:
        return
    for dob in _SAMPLE_BIRTHS:
        opens = resolve(milestone.opens, dob)
        due = resolve(milestone.due, dob)
        if opens is not None and due is not None and opens > due:
            problems.append(
                f"{where}: opens ({format_date(opens)}) is after it is due "
                f"({format_date(due)}) for someone born on {format_date(dob)}"
            )
            return


def framework_to_dict(framework: Framework) -> dict[str, Any]:
    """The framework as plain data (for JSON storage); framework_from_dict reads it back."""
    return {
        "name": framework.name,
        "version": framework.version,
        "disclaimer": framework.disclaimer,
        "areas": {
            area.code: {
                "title": area.title,
                "plain_title": area.plain_title,
                "description": area.description,
            }
            for area in framework.areas
        },
        "milestones": [_milestone_to_dict(m) for m in framework.milestones],
    }


def _milestone_to_dict(milestone: MilestoneDefinition) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": milestone.code,
        "area": milestone.area,
        "title": milestone.title,
        "description": milestone.description,
        "plain_title": milestone.plain_title,
        "status": milestone.status,
        "source": milestone.source,
        "lead": milestone.lead,
    }
    if milestone.opens is not None:
        data["opens"] = milestone.opens.to_data()
    data["due"] = milestone.due.to_data()
    if milestone.unverified:
        data["unverified"] = True
    if milestone.local:
        data["local"] = True
    if milestone.repeats is not None:
        data["repeats"] = milestone.repeats
    if milestone.until is not None:
        data["until"] = milestone.until.to_data()
    if milestone.follows is not None:
        data["follows"] = milestone.follows
    if milestone.applies_when:
        data["applies_when"] = conditions_to_data(milestone.applies_when)
    if milestone.catch_up_until is not None:
        data["catch_up_until"] = milestone.catch_up_until.to_data()
    return data


def check_council_changes(base: Framework, edited: Framework) -> None:
    """Refuse a council's edit that moves anything the law or national sources fix.

    A council may reword milestones, add its own, and change the timing of milestones
    marked local. It may not move a non-local milestone, change what any milestone's
    source says it is, or drop a milestone that law or statutory guidance requires.
    """
    problems = []
    edited_by_code = edited.by_code()
    for original in base.milestones:
        changed = edited_by_code.get(original.code)
        if changed is None:
            if original.statutory:
                problems.append(
                    f"{original.code} is required by law or statutory guidance, "
                    "so it cannot be removed"
                )
            continue
        if changed.status != original.status or changed.local != original.local:
            problems.append(
                f"{original.code}: its status and whether it is local cannot be changed"
            )
        if not original.local and (changed.opens, changed.due) != (original.opens, original.due):
            problems.append(
                f"{original.code}: only local milestones can be moved, and this one is not local"
            )
    if problems:
        raise FrameworkError(problems)
