"""Loading young people in bulk from a CSV file, all or nothing.

Every row is checked before anything is written; one bad row stops the whole file
and the report names each bad row by its line number. A good file is written in
one transaction: new local references create people (with the framework applied),
known ones update them. The unique constraint on local_reference is what stops a
duplicate when two imports race, not the lookup here.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from transition.extensions import db
from transition.models import Team, User, YoungPerson
from transition.models.people import PRIMARY_NEEDS
from transition.models.users import Role
from transition.services import audit
from transition.services import people as people_service
from transition.services.audit import Actor

REQUIRED = ("local_reference", "first_name", "last_name", "date_of_birth")
OPTIONAL = ("preferred_name", "nhs_number", "primary_need", "ehc_plan", "team", "worker_email")
COLUMNS = REQUIRED + OPTIONAL
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_ROWS = 20_000
MAX_PROBLEMS = 500
LENGTHS = {"local_reference": 40, "first_name": 100, "last_name": 100, "preferred_name": 100}
_NEED_BY_LABEL = {label.lower(): code for code, label in PRIMARY_NEEDS.items()}
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Problem:
    line: int | None  # None for a problem with the whole file
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


@dataclass
class Row:
    line: int
    data: dict  # fields for services.people, only the columns the file gave
    team: Team | None = None
    worker: User | None = None


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        verb = "" if self.written else "would be "
        return (
            f"{self.rows} rows: {self.created} {verb}created, {self.updated} {verb}updated, "
            f"{self.unchanged} unchanged"
        )


def parse_date(text: str) -> date | None:
    """YYYY-MM-DD or DD/MM/YYYY; None when it is neither or not a real date."""
    for pattern, order in ((_YMD, (0, 1, 2)), (_DMY, (2, 1, 0))):
        match = pattern.fullmatch(text)
        if match:
            parts = [int(match.group(i + 1)) for i in range(3)]
            try:
                return date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                return None
    return None


def _decode(content: bytes, max_bytes: int) -> tuple[str | None, Problem | None]:
    if len(content) > max_bytes:
        return None, Problem(None, f"The file must be smaller than {max_bytes // 1024} KB")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, Problem(None, "The file must be a CSV file saved as UTF-8")
    if "\x00" in text:
        return None, Problem(None, "The file must be a CSV file saved as UTF-8")
    if not text.strip():
        return None, Problem(None, "The file is empty")
    return text, None


def _check_header(header: list[str]) -> tuple[list[str], list[Problem]]:
    names = [name.strip().lower() for name in header]
    problems = []
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        problems.append(
            Problem(
                1,
                f"Unknown column {', '.join(repr(n) for n in unknown)}. "
                f"The columns are: {', '.join(COLUMNS)}",
            )
        )
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        problems.append(Problem(1, f"The header must include {', '.join(missing)}"))
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        problems.append(Problem(1, f"Column {', '.join(repeated)} appears more than once"))
    return names, problems


class _Lookups:
    """Teams and workers by name and email, loaded once for the whole file."""

    def __init__(self) -> None:
        self.teams = {
            team.name.strip().lower(): team
            for team in db.session.scalars(select(Team).where(Team.kind == "childrens"))
        }
        self.workers = {
            user.email: user
            for user in db.session.scalars(
                select(User).where(User.role == Role.WORKER, User.is_active_account.is_(True))
            )
        }


def _check_row(values: dict[str, str], today: date) -> tuple[dict, list[str]]:
    data: dict = {}
    reasons: list[str] = []
    for name in REQUIRED:
        if not values.get(name):
            reasons.append(f"{name} is empty")
    for name, limit in LENGTHS.items():
        if len(values.get(name, "")) > limit:
            reasons.append(f"{name} must be {limit} characters or fewer")
    for name in ("local_reference", "first_name", "last_name", "preferred_name"):
        if name in values:
            data[name] = values[name] or None
    raw_dob = values.get("date_of_birth", "")
    if raw_dob:
        dob = parse_date(raw_dob)
        if dob is None:
            reasons.append("date_of_birth must be a real date written as YYYY-MM-DD or DD/MM/YYYY")
        else:
            problem = people_service.date_of_birth_problem(dob, today)
            if problem:
                reasons.append(problem)
            data["date_of_birth"] = dob
    if values.get("nhs_number"):
        problem = people_service.nhs_number_problem(values["nhs_number"])
        if problem:
            reasons.append(problem)
        data["nhs_number"] = values["nhs_number"]
    if values.get("primary_need"):
        need = values["primary_need"]
        code = need.upper() if need.upper() in PRIMARY_NEEDS else _NEED_BY_LABEL.get(need.lower())
        if code is None:
            reasons.append(f"primary_need {need!r} is not a SEN2 code (such as ASD) or its name")
        data["primary_need"] = code
    if values.get("ehc_plan"):
        answer = values["ehc_plan"].lower()
        if answer not in {"yes", "no"}:
            reasons.append("ehc_plan must be yes or no")
        data["has_ehc_plan"] = answer == "yes"
    return data, reasons


def _allocation(
    values: dict[str, str], lookups: _Lookups
) -> tuple[Team | None, User | None, list[str]]:
    reasons = []
    team = worker = None
    if values.get("team"):
        team = lookups.teams.get(values["team"].lower())
        if team is None:
            reasons.append(f"There is no children's team called {values['team']!r}")
    if values.get("worker_email"):
        worker = lookups.workers.get(values["worker_email"].lower())
        if worker is None:
            reasons.append(f"There is no active worker with the email {values['worker_email']!r}")
    if worker is not None and team is not None and worker.team_id != team.id:
        reasons.append(f"{worker.email} is not in {team.name}")
    if worker is not None and team is None and worker.team is not None:
        team = worker.team
    return team, worker, reasons


def validate(
    content: bytes, today: date, *, max_bytes: int, max_rows: int
) -> tuple[ImportReport, list[Row]]:
    """Check the whole file; the report lists every problem, the rows are ready to write."""
    report = ImportReport()
    text, problem = _decode(content, max_bytes)
    if problem:
        report.problems.append(problem)
        return report, []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Row] = []
    try:
        header = next(reader, None)
        if header is None:
            report.problems.append(Problem(None, "The file is empty"))
            return report, []
        names, header_problems = _check_header(header)
        if header_problems:
            report.problems.extend(header_problems)
            return report, []
        lookups = _Lookups()
        first_line: dict[str, int] = {}
        for cells in reader:
            line = reader.line_num
            if not cells or all(not cell.strip() for cell in cells):
                continue
            report.rows += 1
            if report.rows > max_rows:
                report.problems.append(
                    Problem(None, f"The file has more than {max_rows} rows. Split it up")
                )
                return report, []
            if len(cells) != len(names):
                report.problems.append(
                    Problem(line, f"has {len(cells)} columns but the header has {len(names)}")
                )
                continue
            values = {name: cell.strip() for name, cell in zip(names, cells, strict=True)}
            data, reasons = _check_row(values, today)
            team, worker, allocation_reasons = _allocation(values, lookups)
            reasons += allocation_reasons
            reference = values.get("local_reference", "").lower()
            if reference:
                if reference in first_line:
                    reasons.append(
                        f"local_reference {values['local_reference']!r} is also on line "
                        f"{first_line[reference]}"
                    )
                else:
                    first_line[reference] = line
            if reasons:
                report.problems.extend(Problem(line, reason) for reason in reasons)
            else:
                rows.append(Row(line, data, team, worker))
            if len(report.problems) >= MAX_PROBLEMS:
                report.problems.append(Problem(None, "There are too many problems to list"))
                return report, []
    except csv.Error as error:
        report.problems.append(Problem(reader.line_num or None, f"cannot be read as CSV ({error})"))
        return report, []
    if report.rows == 0 and not report.problems:
        report.problems.append(Problem(None, "The file has a header but no rows"))
    return report, rows


def _changes(person: YoungPerson, row: Row) -> dict:
    current = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "preferred_name": person.preferred_name,
        "date_of_birth": person.date_of_birth,
        "nhs_number": person.nhs_number,
        "primary_need": person.primary_need,
        "has_ehc_plan": person.has_ehc_plan,
    }
    wanted = dict(row.data)
    wanted.pop("local_reference", None)
    if "nhs_number" in wanted:
        wanted["nhs_number"] = people_service.clean_nhs_number(wanted["nhs_number"])
    return {k: v for k, v in wanted.items() if v is not None and current.get(k) != v}


def _existing(references: list[str]) -> dict[str, YoungPerson]:
    found: dict[str, YoungPerson] = {}
    # In chunks, so a big file stays under every database's limit on bound parameters.
    for start in range(0, len(references), 500):
        chunk = references[start : start + 500]
        for person in db.session.scalars(
            select(YoungPerson).where(func.lower(YoungPerson.local_reference).in_(chunk))
        ):
            found[person.local_reference.lower()] = person
    return found


def import_people(
    actor: Actor,
    content: bytes,
    today: date,
    *,
    dry_run: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> ImportReport:
    """Check a file and, unless it is a dry run or has a bad row, write it (caller commits)."""
    report, rows = validate(content, today, max_bytes=max_bytes, max_rows=max_rows)
    if not report.ok:
        return report
    existing = _existing([row.data["local_reference"].lower() for row in rows])
    plan: list[tuple[Row, YoungPerson | None, dict]] = []
    for row in rows:
        person = existing.get(row.data["local_reference"].lower())
        if person is None:
            report.created += 1
            plan.append((row, None, {}))
            continue
        changes = _changes(person, row)
        moves = (row.team is not None and row.team.id != person.team_id) or (
            row.worker is not None and row.worker.id != person.worker_id
        )
        if changes or moves:
            report.updated += 1
            plan.append((row, person, changes))
        else:
            report.unchanged += 1
    if dry_run:
        return report
    try:
        for row, person, changes in plan:
            if person is None:
                data = {"has_ehc_plan": False, **row.data}
                people_service.create_person(actor, data, team=row.team, worker=row.worker)
                continue
            people_service.apply_fields(person, changes)
            if row.team is not None:
                person.team = row.team
            if row.worker is not None:
                person.worker = row.worker
            audit.record(
                actor,
                "update",
                object_type="young_person",
                object_id=person.id,
                young_person_id=person.id,
                detail=f"import line {row.line}",
            )
        audit.record(actor, "import", object_type="young_person", detail=report.summary())
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return ImportReport(
            problems=[
                Problem(
                    None,
                    "Someone else added a young person with one of these local references "
                    "while the file was being imported. Nothing was imported: try again",
                )
            ]
        )
    report.written = True
    return report
