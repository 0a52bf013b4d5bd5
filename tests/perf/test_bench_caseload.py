"""How long the key pages take on an authority-sized database (10,000 young people).

Not collected by default (pyproject's testpaths are tests/unit and tests/integration).
Run it with: .venv/bin/python -m pytest tests/perf -q -s
It prints the median of a few requests for each page, and the number of SQL queries.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event, insert, select

from tests.factories import make_user
from transition.extensions import db
from transition.models import Handover, Meeting, Milestone, YoungPerson
from transition.pathway.dates import add_age
from transition.pathway.framework import schedule
from transition.services import pathway

PEOPLE = 10_000
BIG_CASELOAD = 200
RUNS = 3


def _build(world, today: date) -> int:
    """Bulk insert the people, their milestones, handovers and meetings; return one id."""
    rng = random.Random(10_000)  # noqa: S311 - test data
    version = pathway.current_framework_version()
    framework = pathway.framework_of(version)
    north_workers = [world.worker] + [
        make_user("worker", team=world.north, email=f"north{n}@example.org") for n in range(9)
    ]
    south_workers = [world.worker2] + [
        make_user("worker", team=world.south, email=f"south{n}@example.org") for n in range(9)
    ]
    db.session.commit()

    people = []
    for n in range(PEOPLE):
        dob = today - timedelta(days=rng.randint(int(13.5 * 365), int(25 * 365)))
        if n < BIG_CASELOAD:
            team, worker = world.north, world.worker
        elif n % 2:
            team, worker = world.north, rng.choice(north_workers[1:])
        else:
            team, worker = world.south, rng.choice(south_workers)
        people.append(
            {
                "local_reference": f"BENCH-{n:05d}",
                "first_name": f"First{n}",
                "last_name": f"Last{n % 997}",
                "date_of_birth": dob,
                "has_ehc_plan": n % 9 != 0,
                "primary_need": ("ASD", "SLD", "MLD", "SEMH", "PMLD")[n % 5],
                "team_id": team.id,
                "worker_id": None if n % 97 == 0 else worker.id,
                "framework_version_id": version.id,
                "year_group_offset": 0,
            }
        )
    db.session.execute(insert(YoungPerson), people)
    rows = db.session.execute(select(YoungPerson.id, YoungPerson.date_of_birth)).all()

    status_of = {code: d.status for code, d in framework.by_code().items()}
    schedules: dict[date, list] = {}
    milestones = []
    for person_id, dob in rows:
        if dob not in schedules:
            schedules[dob] = schedule(framework, dob)
        for item in schedules[dob]:
            due = item.due
            done = due is not None and due < today and rng.random() < 0.85
            milestones.append(
                {
                    "young_person_id": person_id,
                    "code": item.code,
                    "area": item.area,
                    "title": item.title,
                    "source_status": status_of[item.code],
                    "opens_on": item.opens,
                    "due_on": due,
                    "status": "achieved" if done else "not_started",
                    "achieved_on": due if done else None,
                }
            )
            if len(milestones) >= 50_000:
                db.session.execute(insert(Milestone), milestones)
                milestones = []
    if milestones:
        db.session.execute(insert(Milestone), milestones)

    now = datetime.now(UTC)
    handovers, meetings = [], []
    for person_id, dob in rows:
        if add_age(dob, 17) <= today <= add_age(dob, 19) and rng.random() < 0.6:
            handovers.append(
                {
                    "young_person_id": person_id,
                    "team_id": rng.choice([world.social_care.id, world.health.id]),
                    "state": rng.choice(["draft", "sent", "queried", "accepted", "completed"]),
                    "target_date": add_age(dob, 18),
                    "sent_at": now - timedelta(days=rng.randint(1, 200)),
                }
            )
        if rng.random() < 0.2:
            start = now + timedelta(days=rng.randint(0, 90), hours=rng.randint(0, 8))
            meetings.append(
                {
                    "young_person_id": person_id,
                    "kind": "annual_review",
                    "starts_at": start,
                    "ends_at": start + timedelta(hours=1),
                }
            )
    db.session.execute(insert(Handover), handovers)
    db.session.execute(insert(Meeting), meetings)
    db.session.commit()
    return db.session.scalar(
        select(YoungPerson.id).where(YoungPerson.local_reference == "BENCH-00000")
    )


def _time(client, path: str) -> tuple[float, int]:
    statements: list[str] = []

    def count(*_args):
        statements.append("")

    timings = []
    for _ in range(RUNS):
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        started = time.perf_counter()
        response = client.get(path)
        timings.append(time.perf_counter() - started)
        event.remove(db.engine, "before_cursor_execute", count)
        assert response.status_code == 200, path
    return statistics.median(timings), len(statements)


def test_key_pages_on_ten_thousand_people(world, sign_in):
    today = date.today()
    started = time.perf_counter()
    person_id = _build(world, today)
    built = time.perf_counter() - started
    milestone_count = db.session.query(Milestone).count()
    print(f"\nBuilt {PEOPLE} people and {milestone_count} milestones in {built:.1f} s (SQLite)")

    print(f"{'page':<48} {'median':>9} {'queries':>8}")

    def report(client, label: str, path: str) -> None:
        seconds, queries = _time(client, path)
        print(f"{label:<48} {seconds * 1000:>7.0f}ms {queries:>8}", flush=True)

    # One test client, signed in as each user in turn.
    worker = sign_in(world.worker)
    report(worker, f"/caseload (worker with {BIG_CASELOAD} people)", "/caseload")
    report(worker, "/caseload sorted by RAG", "/caseload?sort=rag&dir=desc")
    report(worker, "/caseload?scope=team (about 5,000 people)", "/caseload?scope=team")
    manager = sign_in(world.manager)
    report(manager, "/team (all 10,000)", "/team")
    report(manager, "/team/people?rag=red", "/team/people?rag=red")
    report(manager, "/reports", "/reports")
    report(sign_in(world.worker), f"/young-people/{person_id}", f"/young-people/{person_id}")
