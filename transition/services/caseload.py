"""Caseloads: every young person in scope as one row of figures a worker can act on.

Figures come from the people, their open milestones and their handovers loaded in
bulk (three queries whatever the number of people), then rated in Python by the
one RAG rule in transition.pathway.rag. Sorting and filtering on computed columns
(RAG, next due date) need every row, so the whole scoped set is computed and then
paged in Python; that stays quick up to a few thousand people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.orm.exc import StaleDataError

from transition.extensions import db
from transition.models import Handover, Meeting, Milestone, Team, User, YoungPerson
from transition.models.handovers import HANDOVER_STATE_LABELS, HANDOVER_STATES
from transition.models.meetings import MEETING_KIND_LABELS
from transition.pathway.dates import ENGLAND, add_age, age_on, school_year_on
from transition.pathway.framework import STATUTORY, load_framework
from transition.pathway.rag import (
    AMBER_WINDOW_DAYS,
    CLOSED,
    IN_PROGRESS,
    MISSED,
    NOT_STARTED,
    MilestoneFacts,
    Rating,
    person_rating,
)
from transition.services import audit, notifications
from transition.services.access import RECEIVING_TEAM_READS, people_in_scope
from transition.services.audit import Actor

AGE_BANDS: dict[str, tuple[int, int]] = {
    "13-15": (13, 15),
    "16-17": (16, 17),
    "18-19": (18, 19),
    "20-25": (20, 25),
}
AGE_BAND_LABELS = {band: f"{low} to {high}" for band, (low, high) in AGE_BANDS.items()}
RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green"}
NO_HANDOVER = "none"
HANDOVER_FILTER_LABELS = {NO_HANDOVER: "No handover yet", **HANDOVER_STATE_LABELS}
PAGE_SIZES = (25, 50)
DUE_SOON_SHOWN = 50
# A handover is late when nobody has accepted it this close to its target date.
LATE_HANDOVER_MONTHS = 3

# Worst rating first: a worker's list opens with who needs them.
DEFAULT_SORT = "rag"
SORTS = (
    "name",
    "reference",
    "age",
    "school_year",
    "next_due",
    "overdue",
    "rag",
    "days_to_18",
    "handover",
    "team",
    "worker",
)


def area_labels() -> dict[str, str]:
    """Outcome area codes to their titles, in the framework's order."""
    return {area.code: area.title for area in load_framework().areas}


@dataclass
class CaseloadRow:
    person_id: int
    first_name: str
    last_name: str
    name: str
    local_reference: str
    date_of_birth: date
    has_ehc_plan: bool
    primary_need: str | None
    version_id: int
    team_id: int | None
    team_name: str | None
    worker_id: int | None
    worker_name: str | None
    age: int
    school_year: int
    next_title: str | None
    next_due: date | None
    overdue: int
    overdue_by_area: dict[str, int]
    rating: Rating
    birthday_16: date
    birthday_17_6: date
    birthday_18: date
    days_to_18: int
    handover_id: int | None
    handover_state: str | None
    handover_target: date | None
    has_adult_decision: bool
    late_handover: bool

    @property
    def rag(self) -> str:
        return self.rating.colour

    @property
    def age_band(self) -> str | None:
        for band, (low, high) in AGE_BANDS.items():
            if low <= self.age <= high:
                return band
        return None

    @property
    def school_year_label(self) -> str:
        if self.school_year > 14:
            return "Past school age"
        return f"Year {self.school_year}"

    @property
    def handover_label(self) -> str:
        return HANDOVER_FILTER_LABELS[self.handover_state or NO_HANDOVER]

    @property
    def handover_rank(self) -> int:
        if self.handover_state is None:
            return -1
        return HANDOVER_STATES.index(self.handover_state)

    def turning_18_within(self, months: int, today: date) -> bool:
        return today <= self.birthday_18 < _add_months(today, months)


def _add_months(day: date, months: int) -> date:
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month_index + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass
class Filters:
    """What a caseload list can be narrowed by; empty fields narrow nothing."""

    q: str = ""
    rag: str = ""
    age_band: str = ""
    overdue: bool = False
    handover: str = ""
    ehc: str = ""
    team: str = ""  # a team id, or "none" for no team
    worker: str = ""  # a worker id, or "none" for not allocated
    area: str = ""  # people with an overdue milestone in this outcome area
    turning_18: int = 0  # turning 18 within this many months with no adult decision
    late_handover: bool = False

    def as_args(self) -> dict[str, str]:
        """The filters as query-string arguments, leaving out the empty ones."""
        args = {
            "q": self.q,
            "rag": self.rag,
            "age_band": self.age_band,
            "overdue": "yes" if self.overdue else "",
            "handover": self.handover,
            "ehc": self.ehc,
            "team": self.team,
            "worker": self.worker,
            "area": self.area,
            "turning_18": str(self.turning_18) if self.turning_18 else "",
            "late_handover": "yes" if self.late_handover else "",
        }
        return {key: value for key, value in args.items() if value}


@dataclass
class CaseloadPage:
    rows: list[CaseloadRow]
    total: int
    page: int
    pages: int
    per_page: int
    sort: str
    descending: bool


@dataclass
class DueItem:
    day: date
    kind: str  # "milestone" or "meeting"
    title: str
    person_id: int
    person_name: str
    local_reference: str
    starts_at: datetime | None = None


@dataclass
class DueSection:
    heading: str
    items: list[DueItem] = field(default_factory=list)
    total: int = 0  # may be more than the items shown

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass
class DueSoon:
    sections: list[DueSection]

    @property
    def total(self) -> int:
        return sum(section.total for section in self.sections)


def _searched(query: Select, term: str) -> Select:
    term = term.strip()[:100].lower()
    if not term:
        return query
    like = f"%{term}%"
    return query.where(
        or_(
            func.lower(YoungPerson.first_name + " " + YoungPerson.last_name).like(like),
            func.lower(
                func.coalesce(YoungPerson.preferred_name, "") + " " + YoungPerson.last_name
            ).like(like),
            func.lower(YoungPerson.local_reference).like(like),
        )
    )


def _allocated(query: Select, filters: Filters) -> Select:
    if filters.team == "none":
        query = query.where(YoungPerson.team_id.is_(None))
    elif filters.team.isdigit():
        query = query.where(YoungPerson.team_id == int(filters.team))
    if filters.worker == "none":
        query = query.where(YoungPerson.worker_id.is_(None))
    elif filters.worker.isdigit():
        query = query.where(YoungPerson.worker_id == int(filters.worker))
    if filters.ehc in {"yes", "no"}:
        query = query.where(YoungPerson.has_ehc_plan.is_(filters.ehc == "yes"))
    return query


def scoped_people(user: User, *, mine_only: bool = False, filters: Filters | None = None) -> Select:
    """The people `user` may see (their own caseload only when asked), narrowed in SQL."""
    query = people_in_scope(user)
    if mine_only:
        query = query.where(YoungPerson.worker_id == user.id)
    if filters is not None:
        query = _allocated(_searched(query, filters.q), filters)
    return query


def _next_due(ids, today: date) -> dict[int, tuple[date, str]]:
    """Each person's next open milestone due today or later: the earliest, ties by title."""
    still_open = (
        Milestone.young_person_id.in_(select(ids.c.id)),
        Milestone.status.in_((NOT_STARTED, IN_PROGRESS)),
        Milestone.due_on >= today,
    )
    soonest = (
        select(Milestone.young_person_id, func.min(Milestone.due_on).label("due_on"))
        .where(*still_open)
        .group_by(Milestone.young_person_id)
        .subquery()
    )
    next_due: dict[int, tuple[date, str]] = {}
    for person_id, due, title in db.session.execute(
        select(Milestone.young_person_id, Milestone.due_on, Milestone.title)
        .join(
            soonest,
            (soonest.c.young_person_id == Milestone.young_person_id)
            & (soonest.c.due_on == Milestone.due_on),
        )
        .where(*still_open)
    ):
        if person_id not in next_due or (due, title) < next_due[person_id]:
            next_due[person_id] = (due, title)
    return next_due


def build_rows(people: Select, today: date, *, with_next_due: bool = True) -> list[CaseloadRow]:
    """Caseload figures for every person `people` selects, in four queries.

    Counts that never show the next due milestone skip its query (three queries).
    """
    ids = people.with_only_columns(YoungPerson.id).subquery()
    team = aliased(Team)
    worker = aliased(User)
    person_rows = db.session.execute(
        select(
            YoungPerson.id,
            YoungPerson.first_name,
            YoungPerson.last_name,
            YoungPerson.preferred_name,
            YoungPerson.local_reference,
            YoungPerson.date_of_birth,
            YoungPerson.year_group_offset,
            YoungPerson.has_ehc_plan,
            YoungPerson.primary_need,
            YoungPerson.version_id,
            YoungPerson.team_id,
            team.name,
            YoungPerson.worker_id,
            worker.name,
        )
        .outerjoin(team, team.id == YoungPerson.team_id)
        .outerjoin(worker, worker.id == YoungPerson.worker_id)
        .where(YoungPerson.id.in_(select(ids.c.id)))
    ).all()

    # Only open milestones that are late or due within the amber window can be overdue or
    # make a person amber or red; loading just those keeps a big caseload quick.
    amber_until = today + timedelta(days=AMBER_WINDOW_DAYS)
    milestones: dict[int, list] = defaultdict(list)
    for row in db.session.execute(
        select(
            Milestone.young_person_id,
            Milestone.title,
            Milestone.due_on,
            Milestone.status,
            Milestone.source_status,
            Milestone.area,
        ).where(
            Milestone.young_person_id.in_(select(ids.c.id)),
            Milestone.status.not_in(tuple(CLOSED)),
            (Milestone.status == MISSED) | (Milestone.due_on <= amber_until),
        )
    ):
        milestones[row[0]].append(tuple(row[1:]))

    next_due = _next_due(ids, today) if with_next_due else {}

    handovers: dict[int, list] = defaultdict(list)
    for row in db.session.execute(
        select(
            Handover.id,
            Handover.young_person_id,
            Handover.state,
            Handover.target_date,
            Handover.created_at,
        )
        .where(Handover.young_person_id.in_(select(ids.c.id)))
        .order_by(Handover.created_at, Handover.id)
    ):
        handovers[row.young_person_id].append(row)

    return [
        _row(
            person,
            milestones.get(person.id, []),
            next_due.get(person.id, (None, None)),
            handovers.get(person.id, []),
            today,
        )
        for person in person_rows
    ]


def _row(person, open_milestones: list, next_one: tuple, handovers: list, today: date):
    dob = person.date_of_birth
    amber_until = today + timedelta(days=AMBER_WINDOW_DAYS)
    flagged: list[MilestoneFacts] = []
    overdue_by_area: dict[str, int] = defaultdict(int)
    next_due, next_title = next_one
    for title, due, status, source_status, area in open_milestones:
        late = status == MISSED or (due is not None and due < today)
        if late:
            overdue_by_area[area] += 1
        # Only milestones that can be amber or red change the person's rating.
        if late or (status == NOT_STARTED and due is not None and due <= amber_until):
            flagged.append(MilestoneFacts(title, due, status, source_status in STATUTORY))
    has_decision = any(h.state in RECEIVING_TEAM_READS for h in handovers)
    latest = handovers[-1] if handovers else None
    # Late: no adult team has accepted and the target date is under three months away.
    late_handover = (
        latest is not None
        and not has_decision
        and latest.target_date <= _add_months(today, LATE_HANDOVER_MONTHS)
    )
    birthday_18 = add_age(dob, 18)
    return CaseloadRow(
        person_id=person.id,
        first_name=person.first_name,
        last_name=person.last_name,
        name=_name(person),
        local_reference=person.local_reference,
        date_of_birth=dob,
        has_ehc_plan=person.has_ehc_plan,
        primary_need=person.primary_need,
        version_id=person.version_id,
        team_id=person.team_id,
        team_name=person[11],
        worker_id=person.worker_id,
        worker_name=person[13],
        age=age_on(dob, today)[0] if dob <= today else 0,
        school_year=school_year_on(dob, today, person.year_group_offset),
        next_title=next_title,
        next_due=next_due,
        overdue=sum(overdue_by_area.values()),
        overdue_by_area=dict(overdue_by_area),
        rating=person_rating(flagged, dob, today, has_decision),
        birthday_16=add_age(dob, 16),
        birthday_17_6=add_age(dob, 17, 6),
        birthday_18=birthday_18,
        days_to_18=(birthday_18 - today).days,
        handover_id=latest.id if latest else None,
        handover_state=latest.state if latest else None,
        handover_target=latest.target_date if latest else None,
        has_adult_decision=has_decision,
        late_handover=late_handover,
    )


def _name(row) -> str:
    """The name to use, as YoungPerson.display_name gives it."""
    return f"{row.preferred_name or row.first_name} {row.last_name}"


def matches(row: CaseloadRow, filters: Filters, today: date) -> bool:
    """The filters computed figures answer (the rest were applied in SQL)."""
    if filters.rag and row.rag != filters.rag:
        return False
    if filters.age_band and row.age_band != filters.age_band:
        return False
    if filters.overdue and not row.overdue:
        return False
    if filters.handover == NO_HANDOVER and row.handover_state is not None:
        return False
    if filters.handover in HANDOVER_STATES and row.handover_state != filters.handover:
        return False
    if filters.area and not row.overdue_by_area.get(filters.area):
        return False
    if filters.turning_18 and (
        row.has_adult_decision or not row.turning_18_within(filters.turning_18, today)
    ):
        return False
    return not (filters.late_handover and not row.late_handover)


_SORT_KEYS = {
    "name": lambda r: (r.last_name.lower(), r.first_name.lower(), r.local_reference),
    "reference": lambda r: r.local_reference.lower(),
    # Youngest first when ascending by age: the latest date of birth first.
    "age": lambda r: -r.date_of_birth.toordinal(),
    "school_year": lambda r: r.school_year,
    "next_due": lambda r: (r.next_due is None, r.next_due or date.max),
    "overdue": lambda r: r.overdue,
    # Ascending is red first: the first click on "RAG rating" shows the worst.
    "rag": lambda r: -r.rating.rank,
    # The soonest 18th birthdays first; those already past 18 after them.
    "days_to_18": lambda r: (r.days_to_18 < 0, abs(r.days_to_18)),
    "handover": lambda r: r.handover_rank,
    "team": lambda r: (r.team_name or "").lower(),
    "worker": lambda r: (r.worker_name or "").lower(),
}


def sort_rows(rows: list[CaseloadRow], sort: str, descending: bool) -> list[CaseloadRow]:
    """Sort on one column; ties stay in name order whichever way the column goes."""
    by_name = sorted(
        rows, key=lambda r: (r.last_name.lower(), r.first_name.lower(), r.local_reference)
    )
    return sorted(by_name, key=_SORT_KEYS.get(sort, _SORT_KEYS["name"]), reverse=descending)


def caseload_page(
    user: User,
    today: date,
    *,
    filters: Filters,
    mine_only: bool = False,
    sort: str = DEFAULT_SORT,
    descending: bool = False,
    page: int = 1,
    per_page: int = 25,
) -> CaseloadPage:
    """One page of the caseload `user` may see, filtered and sorted on any column."""
    rows = build_rows(scoped_people(user, mine_only=mine_only, filters=filters), today)
    rows = [row for row in rows if matches(row, filters, today)]
    sort = sort if sort in SORTS else DEFAULT_SORT
    rows = sort_rows(rows, sort, descending)
    per_page = per_page if per_page in PAGE_SIZES else PAGE_SIZES[0]
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    return CaseloadPage(
        rows=rows[start : start + per_page],
        total=len(rows),
        page=page,
        pages=pages,
        per_page=per_page,
        sort=sort,
        descending=descending,
    )


def due_soon(user: User, today: date, *, mine_only: bool = False) -> DueSoon:
    """Milestones and meetings due in the next 90 days across the caseload, soonest first."""
    people = scoped_people(user, mine_only=mine_only)
    ids = people.with_only_columns(YoungPerson.id).subquery()
    until = today + timedelta(days=90)
    items: list[DueItem] = []
    for row in db.session.execute(
        select(
            Milestone.title,
            Milestone.due_on,
            YoungPerson.id,
            YoungPerson.first_name,
            YoungPerson.preferred_name,
            YoungPerson.last_name,
            YoungPerson.local_reference,
        )
        .join(YoungPerson, YoungPerson.id == Milestone.young_person_id)
        .where(
            Milestone.young_person_id.in_(select(ids.c.id)),
            Milestone.status.not_in((*CLOSED, MISSED)),
            Milestone.due_on >= today,
            Milestone.due_on <= until,
        )
    ):
        items.append(
            DueItem(
                day=row.due_on,
                kind="milestone",
                title=row.title,
                person_id=row.id,
                person_name=_name(row),
                local_reference=row.local_reference,
            )
        )
    start = datetime.combine(today, time(0), ENGLAND).astimezone(UTC)
    end = datetime.combine(until + timedelta(days=1), time(0), ENGLAND).astimezone(UTC)
    meetings = db.session.execute(
        select(
            Meeting.kind,
            Meeting.starts_at,
            YoungPerson.id,
            YoungPerson.first_name,
            YoungPerson.preferred_name,
            YoungPerson.last_name,
            YoungPerson.local_reference,
        )
        .join(YoungPerson, YoungPerson.id == Meeting.young_person_id)
        .where(
            Meeting.young_person_id.in_(select(ids.c.id)),
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
        )
    )
    for row in meetings:
        items.append(
            DueItem(
                day=row.starts_at.astimezone(ENGLAND).date(),
                kind="meeting",
                title=MEETING_KIND_LABELS[row.kind],
                person_id=row.id,
                person_name=_name(row),
                local_reference=row.local_reference,
                starts_at=row.starts_at,
            )
        )
    items.sort(key=lambda i: (i.day, i.starts_at or datetime.min.replace(tzinfo=UTC), i.title))
    sections = [
        DueSection("Due this week"),
        DueSection("Due in the next 30 days"),
        DueSection("Due in the next 90 days"),
    ]
    for item in items:
        days = (item.day - today).days
        section = sections[0] if days <= 7 else sections[1] if days <= 30 else sections[2]
        section.total += 1
        # A whole team's list can run to thousands: show the soonest, count the rest.
        if len(section.items) < DUE_SOON_SHOWN:
            section.items.append(item)
    return DueSoon(sections)


# --- Team oversight -------------------------------------------------------------


@dataclass
class Counts:
    """The figures a manager sees for one team, one worker or everyone."""

    people: int = 0
    rag: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RAG_LABELS, 0))
    age: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AGE_BANDS, 0))
    overdue_by_area: dict[str, int] = field(default_factory=dict)
    no_worker: int = 0
    turning_18_in_6: int = 0
    turning_18_in_12: int = 0
    late_handovers: int = 0

    def add(self, row: CaseloadRow, today: date) -> None:
        self.people += 1
        self.rag[row.rag] += 1
        if row.age_band:
            self.age[row.age_band] += 1
        for area, count in row.overdue_by_area.items():
            self.overdue_by_area[area] = self.overdue_by_area.get(area, 0) + count
        if row.worker_id is None:
            self.no_worker += 1
        if not row.has_adult_decision:
            self.turning_18_in_6 += row.turning_18_within(6, today)
            self.turning_18_in_12 += row.turning_18_within(12, today)
        self.late_handovers += row.late_handover


@dataclass
class Group:
    """A row of the team view: a team's total, or one worker within a team."""

    label: str
    team: str  # the list filter value: a team id or "none"
    worker: str = ""  # "" for the team's total, a worker id, or "none"
    counts: Counts = field(default_factory=Counts)

    @property
    def is_team(self) -> bool:
        return self.worker == ""

    def args(self, **more: str) -> dict[str, str]:
        """Query-string arguments for the list behind one of this row's counts."""
        args = {"team": self.team}
        if self.worker:
            args["worker"] = self.worker
        return {**args, **more}


@dataclass
class Overview:
    groups: list[Group]
    everyone: Counts
    not_in_team: int
    no_worker: int


def team_overview(user: User, today: date) -> Overview:
    """Counts by team and by worker, from one bulk load of every person in scope."""
    rows = build_rows(people_in_scope(user), today, with_next_due=False)
    teams = db.session.scalars(
        select(Team).where(Team.kind == "childrens").order_by(Team.name, Team.id)
    ).all()
    workers = db.session.execute(
        select(User.id, User.name, User.team_id)
        .where(User.role == "worker", User.is_active_account.is_(True))
        .order_by(User.name, User.id)
    ).all()

    team_groups: dict[int | None, Group] = {
        team.id: Group(team.name, str(team.id)) for team in teams
    }
    worker_groups: dict[tuple[int | None, int | None], Group] = {}
    for worker in workers:
        if worker.team_id in team_groups:
            worker_groups[(worker.team_id, worker.id)] = Group(
                worker.name, str(worker.team_id), str(worker.id)
            )
    everyone = Counts()
    for row in rows:
        everyone.add(row, today)
        team_group = team_groups.get(row.team_id)
        if team_group is None:
            team_group = team_groups.setdefault(
                row.team_id,
                Group(
                    row.team_name or "Not in a team",
                    str(row.team_id) if row.team_id else "none",
                ),
            )
        team_group.counts.add(row, today)
        key = (row.team_id, row.worker_id)
        worker_group = worker_groups.get(key)
        if worker_group is None:
            worker_group = worker_groups.setdefault(
                key,
                Group(
                    row.worker_name or "Not allocated to a worker",
                    team_group.team,
                    str(row.worker_id) if row.worker_id else "none",
                ),
            )
        worker_group.counts.add(row, today)

    groups: list[Group] = []
    for team_id, team_group in team_groups.items():
        groups.append(team_group)
        members = [g for (t, _), g in worker_groups.items() if t == team_id]
        # Named workers first, then the people in the team with no worker.
        members.sort(key=lambda g: (g.worker == "none", g.label.lower()))
        groups.extend(members)
    return Overview(
        groups=groups,
        everyone=everyone,
        not_in_team=sum(1 for row in rows if row.team_id is None),
        no_worker=everyone.no_worker,
    )


# --- Reallocation ---------------------------------------------------------------


class StaleChoice(RuntimeError):
    """Some people changed after the manager chose them; nothing was moved."""

    def __init__(self, names: list[str]):
        super().__init__(", ".join(names))
        self.names = names


def parse_picks(values: Iterable[str]) -> list[tuple[int, int]]:
    """Chosen people as (id, version) pairs from "id:version" strings; junk is dropped."""
    picks: dict[int, int] = {}
    for value in values:
        person_id, _, version = str(value).partition(":")
        if person_id.isdigit() and version.isdigit():
            picks[int(person_id)] = int(version)
    return list(picks.items())


def chosen_people(user: User, picks: list[tuple[int, int]]) -> list[YoungPerson]:
    """The chosen people this user may reach, in name order."""
    if not picks:
        return []
    return list(
        db.session.scalars(
            people_in_scope(user)
            .where(YoungPerson.id.in_([person_id for person_id, _ in picks]))
            .order_by(YoungPerson.last_name, YoungPerson.first_name, YoungPerson.local_reference)
        )
    )


def allocation_targets() -> list[tuple[str, str]]:
    """Where people can go: to a worker (and so their team), or unallocated in a team."""
    teams = db.session.scalars(
        select(Team).where(Team.kind == "childrens").order_by(Team.name, Team.id)
    ).all()
    workers = db.session.execute(
        select(User.id, User.name, Team.name.label("team_name"))
        .join(Team, Team.id == User.team_id)
        .where(
            User.role == "worker",
            User.is_active_account.is_(True),
            Team.kind == "childrens",
        )
        .order_by(User.name, User.id)
    ).all()
    return [(f"worker:{w.id}", f"{w.name} ({w.team_name})") for w in workers] + [
        (f"team:{t.id}", f"{t.name}, not allocated to a worker") for t in teams
    ]


def resolve_target(target: str) -> tuple[Team, User | None] | None:
    kind, _, ident = target.partition(":")
    if not ident.isdigit():
        return None
    if kind == "worker":
        worker = db.session.get(User, int(ident))
        if (
            worker is None
            or worker.role != "worker"
            or not worker.is_active_account
            or worker.team is None
            or worker.team.kind != "childrens"
        ):
            return None
        return worker.team, worker
    if kind == "team":
        team = db.session.get(Team, int(ident))
        if team is None or team.kind != "childrens":
            return None
        return team, None
    return None


def _where(team: Team | None, worker: User | None) -> str:
    return f"{team.name if team else 'no team'} / {worker.name if worker else 'no worker'}"


def reallocate(
    actor: Actor,
    picks: list[tuple[int, int]],
    team: Team,
    worker: User | None,
    reason: str,
) -> list[YoungPerson]:
    """Move the chosen people, all or none: anyone changed since they were chosen stops it."""
    assert actor.user is not None
    people = chosen_people(actor.user, picks)
    versions = dict(picks)
    stale = [p.display_name for p in people if p.version_id != versions[p.id]]
    missing = len(picks) - len(people)
    if stale or missing:
        raise StaleChoice(stale + (["a record that no longer exists"] if missing else []))
    for person in people:
        detail = f"from {_where(person.team, person.worker)} to {_where(team, worker)}: {reason}"
        if worker is not None and person.worker_id != worker.id:
            notifications.notify(
                worker,
                "allocated",
                f"{notifications.who(person)} is now allocated to you.",
                f"/young-people/{person.id}",
                person,
            )
        person.team, person.worker = team, worker
        audit.record(
            actor,
            "reallocate",
            object_type="young_person",
            object_id=person.id,
            young_person_id=person.id,
            detail=detail,
        )
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleChoice([p.display_name for p in people]) from exc
    return people
