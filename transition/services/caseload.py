"""Caseloads: every young person in scope as one row of figures a worker can act on.

Each person's rating, reasons, next due milestone, overdue counts and latest handover
are stored (transition.services.ratings keeps them current), so lists filter, sort,
count and page in SQL and the team view aggregates in SQL: a page loads the rows it
shows, whatever the size of the council.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.orm.exc import StaleDataError

from transition.extensions import db
from transition.models import Meeting, Milestone, PersonRating, Team, User, YoungPerson
from transition.models.handovers import HANDOVER_STATE_LABELS, HANDOVER_STATES
from transition.models.meetings import MEETING_KIND_LABELS
from transition.models.ratings import RATED_AREAS
from transition.pathway.dates import ENGLAND, add_age, age_on
from transition.pathway.framework import load_framework
from transition.pathway.rag import (
    CLOSED,
    MISSED,
    Rating,
)
from transition.services import audit, notifications
from transition.services.access import people_in_scope
from transition.services.audit import Actor
from transition.services.ratings import school_year

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


def born_by(day: date, years: int) -> date:
    """The latest date of birth of someone at least `years` old on `day`."""
    try:
        born = day.replace(year=day.year - years)
    except ValueError:  # 29 February
        born = date(day.year - years, 2, 28)
    while add_age(born + timedelta(days=1), years) <= day:
        born += timedelta(days=1)
    while add_age(born, years) > day:
        born -= timedelta(days=1)
    return born


def _age_band(band: str, today: date):
    low, high = AGE_BANDS[band]
    return (YoungPerson.date_of_birth <= born_by(today, low)) & (
        YoungPerson.date_of_birth > born_by(today, high + 1)
    )


def _turning_18_within(months: int, today: date):
    """18th birthday from today up to (not including) `months` months ahead."""
    until = _add_months(today, months) - timedelta(days=1)
    return (YoungPerson.date_of_birth > born_by(today - timedelta(days=1), 18)) & (
        YoungPerson.date_of_birth <= born_by(until, 18)
    )


def _late_handover(today: date):
    return (
        PersonRating.latest_handover_id.is_not(None)
        & PersonRating.has_adult_decision.is_(False)
        & (PersonRating.latest_handover_target <= _add_months(today, LATE_HANDOVER_MONTHS))
    )


def _rated(query: Select, filters: Filters, today: date) -> Select:
    """The filters on stored figures and dates of birth, in SQL."""
    if filters.rag in RAG_LABELS:
        query = query.where(PersonRating.rag == filters.rag)
    if filters.age_band in AGE_BANDS:
        query = query.where(_age_band(filters.age_band, today))
    if filters.overdue:
        query = query.where(PersonRating.overdue > 0)
    if filters.handover == NO_HANDOVER:
        query = query.where(PersonRating.latest_handover_state.is_(None))
    elif filters.handover in HANDOVER_STATES:
        query = query.where(PersonRating.latest_handover_state == filters.handover)
    if filters.area in RATED_AREAS:
        query = query.where(getattr(PersonRating, f"overdue_{filters.area}") > 0)
    if filters.turning_18:
        query = query.where(
            PersonRating.has_adult_decision.is_(False),
            _turning_18_within(filters.turning_18, today),
        )
    if filters.late_handover:
        query = query.where(_late_handover(today))
    return query


_TEAM = aliased(Team)
_WORKER = aliased(User)
_HANDOVER_RANK = case(
    {state: index for index, state in enumerate(HANDOVER_STATES)},
    value=PersonRating.latest_handover_state,
    else_=-1,
)


def _listing(people: Select) -> Select:
    """People with their stored figures, team and worker names: one row each."""
    return (
        select(
            YoungPerson.id,
            YoungPerson.first_name,
            YoungPerson.last_name,
            YoungPerson.preferred_name,
            YoungPerson.local_reference,
            YoungPerson.date_of_birth,
            YoungPerson.has_ehc_plan,
            YoungPerson.primary_need,
            YoungPerson.version_id,
            YoungPerson.team_id,
            _TEAM.name.label("team_name"),
            YoungPerson.worker_id,
            _WORKER.name.label("worker_name"),
            PersonRating,
        )
        .join(PersonRating, PersonRating.young_person_id == YoungPerson.id)
        .outerjoin(_TEAM, _TEAM.id == YoungPerson.team_id)
        .outerjoin(_WORKER, _WORKER.id == YoungPerson.worker_id)
        .where(YoungPerson.id.in_(people.with_only_columns(YoungPerson.id)))
    )


def _order(sort: str, descending: bool) -> list:
    def way(column):
        return column.desc() if descending else column.asc()

    by_name = [
        func.lower(YoungPerson.last_name),
        func.lower(YoungPerson.first_name),
        YoungPerson.local_reference,
    ]
    keys = {
        "name": by_name,
        "reference": [func.lower(YoungPerson.local_reference)],
        # Youngest first when ascending by age: the latest date of birth first.
        "age": [YoungPerson.date_of_birth.desc() if not descending else YoungPerson.date_of_birth],
        "school_year": [
            PersonRating.school_cohort.desc() if not descending else PersonRating.school_cohort
        ],
        "next_due": [
            way(case((PersonRating.next_due_on.is_(None), 1), else_=0)),
            way(PersonRating.next_due_on),
        ],
        "overdue": [way(PersonRating.overdue)],
        "rag": [way(PersonRating.rag_rank)],
        "days_to_18": [way(YoungPerson.date_of_birth)],
        "handover": [way(_HANDOVER_RANK)],
        "team": [way(func.lower(func.coalesce(_TEAM.name, "")))],
        "worker": [way(func.lower(func.coalesce(_WORKER.name, "")))],
    }
    if sort == "name":
        return [way(column) for column in by_name]
    # Ties stay in name order whichever way the column goes.
    return [*keys[sort], *by_name]


def _row(record, today: date) -> CaseloadRow:
    rating: PersonRating = record.PersonRating
    dob = record.date_of_birth
    birthday_18 = add_age(dob, 18)
    late = (
        rating.latest_handover_id is not None
        and not rating.has_adult_decision
        and rating.latest_handover_target <= _add_months(today, LATE_HANDOVER_MONTHS)
    )
    overdue_by_area = {
        area: getattr(rating, f"overdue_{area}")
        for area in RATED_AREAS
        if getattr(rating, f"overdue_{area}")
    }
    return CaseloadRow(
        person_id=record.id,
        first_name=record.first_name,
        last_name=record.last_name,
        name=_name(record),
        local_reference=record.local_reference,
        date_of_birth=dob,
        has_ehc_plan=record.has_ehc_plan,
        primary_need=record.primary_need,
        version_id=record.version_id,
        team_id=record.team_id,
        team_name=record.team_name,
        worker_id=record.worker_id,
        worker_name=record.worker_name,
        age=age_on(dob, today)[0] if dob <= today else 0,
        school_year=school_year(rating.school_cohort, today),
        next_title=rating.next_title,
        next_due=rating.next_due_on,
        overdue=rating.overdue,
        overdue_by_area=overdue_by_area,
        rating=Rating(rating.rag, tuple(rating.reasons)),
        birthday_16=add_age(dob, 16),
        birthday_17_6=add_age(dob, 17, 6),
        birthday_18=birthday_18,
        days_to_18=(birthday_18 - today).days,
        handover_id=rating.latest_handover_id,
        handover_state=rating.latest_handover_state,
        handover_target=rating.latest_handover_target,
        has_adult_decision=rating.has_adult_decision,
        late_handover=late,
    )


def build_rows(people: Select, today: date, **_ignored) -> list[CaseloadRow]:
    """Caseload figures for every person `people` selects (exports; lists page instead)."""
    query = _listing(people).order_by(*_order("name", False))
    return [_row(record, today) for record in db.session.execute(query)]


def _name(row) -> str:
    """The name to use, as YoungPerson.display_name gives it."""
    return f"{row.preferred_name or row.first_name} {row.last_name}"


def caseload_page(
    user: User,
    today: date,
    *,
    filters: Filters,
    mine_only: bool = False,
    sort: str = "name",
    descending: bool = False,
    page: int = 1,
    per_page: int = 25,
) -> CaseloadPage:
    """One page of the caseload `user` may see, filtered, sorted and paged in SQL."""
    people = scoped_people(user, mine_only=mine_only, filters=filters)
    listing = _rated(_listing(people), filters, today)
    total = db.session.scalar(listing.with_only_columns(func.count()).order_by(None)) or 0
    sort = sort if sort in SORTS else "name"
    per_page = per_page if per_page in PAGE_SIZES else PAGE_SIZES[0]
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    records = db.session.execute(
        listing.order_by(*_order(sort, descending)).limit(per_page).offset((page - 1) * per_page)
    )
    return CaseloadPage(
        rows=[_row(record, today) for record in records],
        total=total,
        page=page,
        pages=pages,
        per_page=per_page,
        sort=sort,
        descending=descending,
    )


_DUE_SECTIONS = (
    ("Due this week", 0, 7),
    ("Due in the next 30 days", 8, 30),
    ("Due in the next 90 days", 31, 90),
)


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), ENGLAND).astimezone(UTC)


def due_soon(user: User, today: date, *, mine_only: bool = False) -> DueSoon:
    """Milestones and meetings due in the next 90 days across the caseload, soonest first.

    A whole team's list can run to thousands: each section loads the soonest it shows
    and counts the rest in SQL (eight queries, whatever the caseload).
    """
    ids = scoped_people(user, mine_only=mine_only).with_only_columns(YoungPerson.id)
    person_columns = (
        YoungPerson.id,
        YoungPerson.first_name,
        YoungPerson.preferred_name,
        YoungPerson.last_name,
        YoungPerson.local_reference,
    )
    open_milestone = (
        Milestone.young_person_id.in_(ids),
        Milestone.status.not_in((*CLOSED, MISSED)),
    )
    live_meeting = (Meeting.young_person_id.in_(ids), Meeting.cancelled_at.is_(None))

    def milestone_days(first: int, last: int):
        return (
            Milestone.due_on >= today + timedelta(days=first),
            Milestone.due_on <= today + timedelta(days=last),
        )

    def meeting_days(first: int, last: int):
        return (
            Meeting.starts_at >= _london_midnight(today + timedelta(days=first)),
            Meeting.starts_at < _london_midnight(today + timedelta(days=last + 1)),
        )

    milestone_section = case(
        *[
            (and_(*milestone_days(first, last)), index)
            for index, (_, first, last) in enumerate(_DUE_SECTIONS)
        ],
        else_=None,
    )
    meeting_section = case(
        *[
            (and_(*meeting_days(first, last)), index)
            for index, (_, first, last) in enumerate(_DUE_SECTIONS)
        ],
        else_=None,
    )
    totals = [0] * len(_DUE_SECTIONS)
    for section_column, model, where in (
        (milestone_section, Milestone, (*open_milestone, *milestone_days(0, 90))),
        (meeting_section, Meeting, (*live_meeting, *meeting_days(0, 90))),
    ):
        for index, count in db.session.execute(
            select(section_column, func.count(model.id)).where(*where).group_by(section_column)
        ):
            if index is not None:
                totals[index] += count

    sections = []
    for index, (heading, first, last) in enumerate(_DUE_SECTIONS):
        items: list[DueItem] = []
        for row in db.session.execute(
            select(Milestone.title, Milestone.due_on, *person_columns)
            .join(YoungPerson, YoungPerson.id == Milestone.young_person_id)
            .where(*open_milestone, *milestone_days(first, last))
            .order_by(Milestone.due_on, Milestone.title, Milestone.id)
            .limit(DUE_SOON_SHOWN)
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
        for row in db.session.execute(
            select(Meeting.kind, Meeting.starts_at, *person_columns)
            .join(YoungPerson, YoungPerson.id == Meeting.young_person_id)
            .where(*live_meeting, *meeting_days(first, last))
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(DUE_SOON_SHOWN)
        ):
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
        sections.append(DueSection(heading, items[:DUE_SOON_SHOWN], totals[index]))
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

    def merge(self, other: Counts) -> None:
        self.people += other.people
        for colour, count in other.rag.items():
            self.rag[colour] += count
        for band, count in other.age.items():
            self.age[band] += count
        for area, count in other.overdue_by_area.items():
            self.overdue_by_area[area] = self.overdue_by_area.get(area, 0) + count
        self.no_worker += other.no_worker
        self.turning_18_in_6 += other.turning_18_in_6
        self.turning_18_in_12 += other.turning_18_in_12
        self.late_handovers += other.late_handovers


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _aggregates(today: date) -> list:
    """The Counts figures as SQL sums over people joined to their stored figures."""
    no_decision = PersonRating.has_adult_decision.is_(False)
    return [
        func.count(YoungPerson.id).label("people"),
        *[_count_if(PersonRating.rag == colour).label(f"rag_{colour}") for colour in RAG_LABELS],
        *[_count_if(_age_band(band, today)).label(f"age_{band}") for band in AGE_BANDS],
        *[
            func.coalesce(func.sum(getattr(PersonRating, f"overdue_{area}")), 0).label(
                f"overdue_{area}"
            )
            for area in RATED_AREAS
        ],
        _count_if(YoungPerson.worker_id.is_(None)).label("no_worker"),
        _count_if(no_decision & _turning_18_within(6, today)).label("turning_18_in_6"),
        _count_if(no_decision & _turning_18_within(12, today)).label("turning_18_in_12"),
        _count_if(_late_handover(today)).label("late_handovers"),
    ]


def _counts(row) -> Counts:
    return Counts(
        people=row.people,
        rag={colour: getattr(row, f"rag_{colour}") for colour in RAG_LABELS},
        age={band: getattr(row, f"age_{band}") for band in AGE_BANDS},
        overdue_by_area={
            area: getattr(row, f"overdue_{area}")
            for area in RATED_AREAS
            if getattr(row, f"overdue_{area}")
        },
        no_worker=row.no_worker,
        turning_18_in_6=row.turning_18_in_6,
        turning_18_in_12=row.turning_18_in_12,
        late_handovers=row.late_handovers,
    )


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
    """Counts by team and by worker, summed in SQL from the stored figures."""
    per_worker = db.session.execute(
        select(
            YoungPerson.team_id,
            _TEAM.name.label("team_name"),
            YoungPerson.worker_id,
            _WORKER.name.label("worker_name"),
            *_aggregates(today),
        )
        .join(PersonRating, PersonRating.young_person_id == YoungPerson.id)
        .outerjoin(_TEAM, _TEAM.id == YoungPerson.team_id)
        .outerjoin(_WORKER, _WORKER.id == YoungPerson.worker_id)
        .where(YoungPerson.id.in_(people_in_scope(user).with_only_columns(YoungPerson.id)))
        .group_by(YoungPerson.team_id, _TEAM.name, YoungPerson.worker_id, _WORKER.name)
    ).all()
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
    not_in_team = 0
    for row in per_worker:
        counts = _counts(row)
        everyone.merge(counts)
        if row.team_id is None:
            not_in_team += counts.people
        team_group = team_groups.get(row.team_id)
        if team_group is None:
            team_group = team_groups.setdefault(
                row.team_id,
                Group(
                    row.team_name or "Not in a team",
                    str(row.team_id) if row.team_id else "none",
                ),
            )
        team_group.counts.merge(counts)
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
        worker_group.counts.merge(counts)

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
        not_in_team=not_in_team,
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
