"""Managers' reports: tables of counts across everyone in scope, and their CSV exports.

Each report is a fixed number of queries whatever the number of people; the figures
use the same rules as the caseload (overdue, RAG, adult service decision).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, extract, func, select

from transition.extensions import db
from transition.models import Handover, Milestone, PersonRating, Team, User, YoungPerson
from transition.models.people import PRIMARY_NEEDS
from transition.models.ratings import RATED_AREAS
from transition.pathway.dates import ENGLAND, add_age, format_date
from transition.services import audit
from transition.services.access import people_in_scope
from transition.services.audit import Actor
from transition.services.caseload import RAG_LABELS, area_labels, born_by

YEAR_9_REVIEW = "P02"
FORECAST_YEARS = 4
# Cells a spreadsheet would read as a formula: escaped on export.
FORMULA_STARTS = ("=", "+", "-", "@", "|", "\t")


@dataclass
class Table:
    name: str  # the CSV's file name, without .csv
    title: str
    description: str
    headers: list[str]
    rows: list[list[object]]  # the first cell of each row names it


def _scoped_ids(user: User):
    return select(people_in_scope(user).with_only_columns(YoungPerson.id).subquery().c.id)


def overdue_by_area(user: User, today: date) -> Table:
    """From the stored figures: one row of sums, whatever the number of milestones."""
    sums = db.session.execute(
        select(
            *[
                func.coalesce(func.sum(getattr(PersonRating, f"overdue_{area}")), 0)
                for area in RATED_AREAS
            ],
            *[
                func.coalesce(
                    func.sum(case((getattr(PersonRating, f"overdue_{area}") > 0, 1), else_=0)), 0
                )
                for area in RATED_AREAS
            ],
        ).where(PersonRating.young_person_id.in_(_scoped_ids(user)))
    ).one()
    areas = len(RATED_AREAS)
    counts = {area: (sums[index], sums[areas + index]) for index, area in enumerate(RATED_AREAS)}
    rows = [[title, *counts.get(code, (0, 0))] for code, title in area_labels().items()]
    rows.append(["Total", sum(r[1] for r in rows), "–"])
    return Table(
        "overdue-by-area",
        "Overdue milestones by outcome area",
        "Milestones past their due date (or missed) and not achieved or ruled out.",
        ["Outcome area", "Overdue milestones", "Young people with one overdue"],
        rows,
    )


def year_9_reviews(user: User, today: date) -> Table:
    """Year 9 reviews with a PfA focus that fell due: how many were done by their due date."""
    by_year: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    school_start = (
        extract("year", Milestone.due_on)
        - case((extract("month", Milestone.due_on) < 9, 1), else_=0)
    ).label("school_start")
    outcome = case(
        (Milestone.status == "not_applicable", "not_applicable"),
        (
            (Milestone.status == "achieved")
            & Milestone.achieved_on.is_not(None)
            & (Milestone.achieved_on <= Milestone.due_on),
            "on_time",
        ),
        (Milestone.status == "achieved", "late"),
        else_="not_done",
    ).label("outcome")
    for start, kind, count in db.session.execute(
        select(school_start, outcome, func.count(Milestone.id))
        .where(
            Milestone.young_person_id.in_(_scoped_ids(user)),
            Milestone.code == YEAR_9_REVIEW,
            Milestone.due_on <= today,
        )
        .group_by(school_start, outcome)
    ):
        start = int(start)
        counts = by_year[f"September {start} to August {start + 1}"]
        counts["due"] += count
        counts[kind] += count
    rows: list[list[object]] = []
    for label in sorted(by_year, key=lambda text: text.split()[1]):
        c = by_year[label]
        counted = c["due"] - c["not_applicable"]
        share = f"{round(100 * c['on_time'] / counted)}%" if counted else "–"
        rows.append(
            [label, c["due"], c["on_time"], c["late"], c["not_done"], c["not_applicable"], share]
        )
    return Table(
        "year-9-reviews",
        "Year 9 reviews with a Preparing for Adulthood focus",
        "Reviews due so far, by the school year they fell due in. On time means achieved "
        "on or before the due date.",
        [
            "School year due",
            "Due",
            "Done on time",
            "Done late",
            "Not done yet",
            "Not applicable",
            "On time",
        ],
        rows,
    )


def _average(values: list[int]) -> object:
    return round(sum(values) / len(values)) if values else "–"


def handovers(user: User, today: date) -> Table:
    """Handovers sent and accepted by each adult team, and how long before the 18th birthday."""
    by_team: dict[str, dict[str, list[int] | int]] = {}
    for row in db.session.execute(
        select(
            Team.name,
            Handover.sent_at,
            Handover.accepted_at,
            Handover.state,
            YoungPerson.date_of_birth,
        )
        .join(Team, Team.id == Handover.team_id)
        .join(YoungPerson, YoungPerson.id == Handover.young_person_id)
        .where(Handover.young_person_id.in_(_scoped_ids(user)), Handover.sent_at.is_not(None))
        .order_by(Team.name)
    ):
        team = by_team.setdefault(
            row.name,
            {"sent": 0, "accepted": 0, "waiting": 0, "after_18": 0, "sent_days": [], "acc": []},
        )
        birthday_18 = add_age(row.date_of_birth, 18)
        sent_on = row.sent_at.astimezone(ENGLAND).date()
        team["sent"] += 1
        team["sent_days"].append((birthday_18 - sent_on).days)
        if sent_on > birthday_18:
            team["after_18"] += 1
        if row.accepted_at is not None:
            team["accepted"] += 1
            team["acc"].append((birthday_18 - row.accepted_at.astimezone(ENGLAND).date()).days)
        elif row.state in {"sent", "queried"}:
            team["waiting"] += 1
    rows = [
        [
            name,
            t["sent"],
            t["accepted"],
            t["waiting"],
            _average(t["sent_days"]),
            _average(t["acc"]),
            t["after_18"],
        ]
        for name, t in by_team.items()
    ]
    return Table(
        "handovers",
        "Handovers to adult services",
        "Handovers sent to each adult team. Days before the 18th birthday are averages; a "
        "negative number means after it.",
        [
            "Adult team",
            "Sent",
            "Accepted",
            "Waiting for an answer",
            "Average days before 18th birthday when sent",
            "Average days before 18th birthday when accepted",
            "Sent after the 18th birthday",
        ],
        rows,
    )


def forecast_periods(today: date) -> list[tuple[date, date]]:
    """The next four years from today, each as (first day, last day)."""
    return [
        (add_age(today, n), add_age(today, n + 1) - timedelta(days=1))
        for n in range(FORECAST_YEARS)
    ]


def cohort_forecast(user: User, today: date) -> tuple[Table, Table]:
    """People reaching 18 in each of the next four years, by primary need and by RAG."""
    periods = forecast_periods(today)
    # Which period each person's 18th birthday falls in, as dates of birth.
    period = case(
        *[
            (
                (YoungPerson.date_of_birth > born_by(first - timedelta(days=1), 18))
                & (YoungPerson.date_of_birth <= born_by(last, 18)),
                index,
            )
            for index, (first, last) in enumerate(periods)
        ],
        else_=None,
    ).label("period")
    counted = db.session.execute(
        select(period, YoungPerson.primary_need, PersonRating.rag, func.count(YoungPerson.id))
        .join(PersonRating, PersonRating.young_person_id == YoungPerson.id)
        .where(
            YoungPerson.id.in_(_scoped_ids(user)),
            YoungPerson.date_of_birth > born_by(periods[0][0] - timedelta(days=1), 18),
            YoungPerson.date_of_birth <= born_by(periods[-1][1], 18),
        )
        .group_by(period, YoungPerson.primary_need, PersonRating.rag)
    ).all()
    by_need: dict[str, list[int]] = {code: [0] * FORECAST_YEARS for code in PRIMARY_NEEDS}
    by_need[""] = [0] * FORECAST_YEARS
    by_rag: dict[str, list[int]] = {colour: [0] * FORECAST_YEARS for colour in RAG_LABELS}
    for index, need, rag, count in counted:
        if index is None:
            continue
        by_need[need or ""][index] += count
        by_rag[rag][index] += count
    headers = [f"{format_date(first)} to {format_date(last)}" for first, last in periods]
    need_rows: list[list[object]] = [
        [PRIMARY_NEEDS.get(code, "Not recorded"), *counts, sum(counts)]
        for code, counts in by_need.items()
    ]
    rag_rows: list[list[object]] = [
        [RAG_LABELS[colour], *counts, sum(counts)] for colour, counts in by_rag.items()
    ]
    for table_rows in (need_rows, rag_rows):
        totals = [sum(r[i] for r in table_rows) for i in range(1, FORECAST_YEARS + 2)]
        table_rows.append(["Total", *totals])
    return (
        Table(
            "cohort-by-need",
            "Reaching 18 in the next four years, by primary need",
            "What adult services will need to commission: young people by the year they "
            "turn 18 and their primary need.",
            ["Primary need", *headers, "Total"],
            need_rows,
        ),
        Table(
            "cohort-by-rag",
            "Reaching 18 in the next four years, by RAG rating",
            "The same young people by their RAG rating today.",
            ["RAG rating", *headers, "Total"],
            rag_rows,
        ),
    )


def all_reports(user: User, today: date) -> list[Table]:
    by_need, by_rag = cohort_forecast(user, today)
    return [
        overdue_by_area(user, today),
        year_9_reviews(user, today),
        handovers(user, today),
        by_need,
        by_rag,
    ]


REPORTS: dict[str, Callable[[User, date], Table]] = {
    "overdue-by-area": overdue_by_area,
    "year-9-reviews": year_9_reviews,
    "handovers": handovers,
    "cohort-by-need": lambda user, today: cohort_forecast(user, today)[0],
    "cohort-by-rag": lambda user, today: cohort_forecast(user, today)[1],
}


def safe_cell(value: object) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    if text.lstrip(" \r\n").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def export(actor: Actor, name: str, today: date) -> Table | None:
    """The named report for download, with an audit row; None for an unknown name."""
    build = REPORTS.get(name)
    if build is None:
        return None
    assert actor.user is not None
    table = build(actor.user, today)
    audit.record(actor, "export", object_type="report", detail=f"report {name}.csv")
    return table
