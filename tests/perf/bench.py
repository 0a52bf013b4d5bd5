"""How long the key requests take on an authority-sized database, against the floor.

Not collected by pytest (pyproject's testpaths are tests/unit and tests/integration). Run:

    .venv/bin/python tests/perf/bench.py                      # 10,000 people, SQLite
    .venv/bin/python tests/perf/bench.py --people 50000 \
        --database-url postgresql://postgres@127.0.0.1:5432/transition_bench --reset
    .venv/bin/python tests/perf/bench.py --json before.json

It loads the demo (so the demo accounts sign in), adds children's teams up to 6 and workers
up to 30, and bulk inserts the rest of the people with their framework milestones, varied
progress, handovers and meetings. Then each key request is timed (after a warm-up) together
with the *floor*: an almost empty signed-in page (/accessibility) asked by the same user
immediately before it, so the ratio to the floor holds even when the machine is busy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, insert, inspect, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from transition import create_app  # noqa: E402
from transition.extensions import db  # noqa: E402
from transition.models import (  # noqa: E402
    Handover,
    Meeting,
    Milestone,
    Team,
    User,
    YoungPerson,
)
from transition.pathway.dates import add_age  # noqa: E402
from transition.pathway.framework import schedule  # noqa: E402
from transition.services import calendar, demo, passwords, pathway, ratings  # noqa: E402

TEAMS = 6
WORKERS = 30
BIG_CASELOAD = 200  # worker@example.org's own caseload
FLOOR = "/accessibility"
FEED_TOKENS = {
    "worker": "bench-feed-token-worker-000000000000000000",
    "manager": "bench-feed-token-manager-00000000000000000",
    "adult_services": "bench-feed-token-adult-services-0000000000",
    "young_person": "bench-feed-token-young-person-000000000000",
}
ACCOUNTS = {
    "worker": "worker@example.org",
    "manager": "manager@example.org",
    "adult_services": "adult.socialcare@example.org",
    "young_person": "young.person@example.org",
}


# Building ---------------------------------------------------------------------------------


def _reset_postgresql() -> None:
    db.session.execute(text("DROP SCHEMA public CASCADE"))
    db.session.execute(text("CREATE SCHEMA public"))
    db.session.commit()


def _teams_and_workers() -> tuple[list[Team], dict[int, list[int]]]:
    """Children's teams up to TEAMS and workers up to WORKERS, spread evenly."""
    teams = list(db.session.scalars(select(Team).where(Team.kind == "childrens").order_by(Team.id)))
    for n in range(len(teams), TEAMS):
        team = Team(name=f"Bench Children's Team {n + 1}", kind="childrens")
        db.session.add(team)
        teams.append(team)
    db.session.flush()
    workers = list(db.session.scalars(select(User).where(User.role == "worker")))
    password_hash = passwords.hash_password(demo.DEMO_PASSWORD)
    rows = []
    for n in range(len(workers), WORKERS):
        team = teams[n % TEAMS]
        rows.append(
            {
                "email": f"bench.worker{n}@example.org",
                "name": f"Bench Worker {n}",
                "role": "worker",
                "password_hash": password_hash,
                "team_id": team.id,
            }
        )
    if rows:
        db.session.execute(insert(User), rows)
    by_team: dict[int, list[int]] = {team.id: [] for team in teams}
    for user_id, team_id in db.session.execute(
        select(User.id, User.team_id).where(User.role == "worker")
    ):
        by_team.setdefault(team_id, []).append(user_id)
    return teams, by_team


def build(people: int, today: date) -> dict:
    """The demo, then bulk rows up to `people`; returns ids the timed requests need."""
    demo.load(today)
    db.session.commit()
    teams, workers_by_team = _teams_and_workers()
    worker = db.session.scalar(select(User).where(User.email == ACCOUNTS["worker"]))
    adult_teams = list(db.session.scalars(select(Team.id).where(Team.kind == "adult")))
    version = pathway.current_framework_version()
    framework = pathway.framework_of(version)
    status_of = {code: d.status for code, d in framework.by_code().items()}
    rng = random.Random(people)  # noqa: S311 - test data

    existing = db.session.scalar(select(db.func.count(YoungPerson.id)))
    rows = []
    for n in range(max(0, people - existing)):
        dob = today - timedelta(days=rng.randint(int(13.5 * 365), int(25 * 365)))
        if n < BIG_CASELOAD:
            team_id, worker_id = worker.team_id, worker.id
        else:
            team = teams[n % TEAMS]
            team_id = team.id
            worker_id = None if n % 97 == 0 else rng.choice(workers_by_team[team.id])
        rows.append(
            {
                "local_reference": f"BENCH-{n:06d}",
                "first_name": f"First{n}",
                "last_name": f"Last{n % 997}",
                "preferred_name": None if n % 5 else f"Pref{n}",
                "date_of_birth": dob,
                "has_ehc_plan": n % 9 != 0,
                "primary_need": ("ASD", "SLD", "MLD", "SEMH", "PMLD")[n % 5],
                "team_id": team_id,
                "worker_id": worker_id,
                "framework_version_id": version.id,
                "year_group_offset": 0,
            }
        )
        if len(rows) == 5_000:
            db.session.execute(insert(YoungPerson), rows)
            rows = []
    if rows:
        db.session.execute(insert(YoungPerson), rows)
    bulk = db.session.execute(
        select(YoungPerson.id, YoungPerson.date_of_birth).where(
            YoungPerson.local_reference.like("BENCH-%")
        )
    ).all()

    schedules: dict[date, list] = {}
    milestones = []
    table = Milestone.__table__
    for index, (person_id, dob) in enumerate(bulk):
        if dob not in schedules:
            schedules[dob] = schedule(framework, dob)
        drifting = index % 4 == 1  # a quarter fall behind, as in the demo
        for item in schedules[dob]:
            due = item.due
            roll = rng.random()
            status, achieved = "not_started", None
            if due is not None and due <= today and (not drifting or roll < 0.6):
                status, achieved = "achieved", due
            elif due is not None and due <= today + timedelta(days=30) and roll < 0.5:
                status = "in_progress"
            elif roll < 0.01:
                status = "not_applicable"
            milestones.append(
                {
                    "young_person_id": person_id,
                    "code": item.code,
                    "area": item.area,
                    "title": item.title,
                    "source_status": status_of[item.code],
                    "opens_on": item.opens,
                    "due_on": due,
                    "status": status,
                    "achieved_on": achieved,
                }
            )
        if len(milestones) >= 50_000:
            db.session.execute(insert(table), milestones)
            milestones = []
    if milestones:
        db.session.execute(insert(table), milestones)

    now = datetime.now(UTC)
    handovers, meetings = [], []
    for person_id, dob in bulk:
        if add_age(dob, 17) <= today <= add_age(dob, 19) and rng.random() < 0.6:
            handovers.append(
                {
                    "young_person_id": person_id,
                    "team_id": rng.choice(adult_teams),
                    "state": rng.choice(["draft", "sent", "queried", "accepted", "completed"]),
                    "target_date": add_age(dob, 18),
                    "sent_at": now - timedelta(days=rng.randint(1, 200)),
                    "snapshot": {"bench": True},
                }
            )
        if rng.random() < 0.2:
            start = now + timedelta(days=rng.randint(-20, 90), hours=rng.randint(0, 8))
            meetings.append(
                {
                    "young_person_id": person_id,
                    "kind": "annual_review",
                    "starts_at": start,
                    "ends_at": start + timedelta(hours=1),
                }
            )
    if handovers:
        db.session.execute(insert(Handover), handovers)
    if meetings:
        db.session.execute(insert(Meeting), meetings)

    for role, email in ACCOUNTS.items():
        user = db.session.scalar(select(User).where(User.email == email))
        user.feed_token_hash = calendar.hash_token(FEED_TOKENS[role])
    db.session.commit()
    _after_bulk_load(today)

    record = db.session.scalar(
        select(YoungPerson.id).where(YoungPerson.local_reference == "DEMO-004")
    )
    handover = db.session.scalar(
        select(Handover.id)
        .join(Team, Team.id == Handover.team_id)
        .join(YoungPerson, YoungPerson.id == Handover.young_person_id)
        .where(
            Team.service == "adult_social_care",
            Handover.state == "sent",
            YoungPerson.local_reference.like("DEMO-%"),
        )
        .order_by(Handover.id)
        .limit(1)
    )
    return {"record": record, "handover": handover}


def _after_bulk_load(today: date) -> None:
    """What must follow rows written around the services: stored figures, statistics."""
    ratings.rerate(today)  # as `flask --app wsgi rerate` does for people it has not rated
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()


# Timing -----------------------------------------------------------------------------------


class Counter:
    """SQL statements sent, leaving out SQLite's own BEGIN, COMMIT and ROLLBACK."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, _conn, _cursor, statement, *_args) -> None:
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            self.count += 1


def _sign_in(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": demo.DEMO_PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"Could not sign in as {email}: {response.status_code}")
    return client


def _requests(ids: dict) -> list[tuple[str, str, str, dict]]:
    """(label, role, path, headers) for every timed request; headers may name an ETag."""
    feeds = [
        (f"{role} feed", role, f"/calendar/{token}.ics") for role, token in FEED_TOKENS.items()
    ]
    plain = [
        ("worker caseload", "worker", "/caseload"),
        ("team caseload", "worker", "/caseload?scope=team"),
        ("team caseload by RAG", "worker", "/caseload?scope=team&sort=rag&dir=desc"),
        ("a record", "worker", f"/young-people/{ids['record']}"),
        ("/team", "manager", "/team"),
        ("/team/people?rag=red", "manager", "/team/people?rag=red"),
        ("/reports", "manager", "/reports"),
        ("a report CSV", "manager", "/reports/overdue-by-area.csv"),
        ("adult inbox", "adult_services", "/handovers"),
        ("a handover summary", "adult_services", f"/handovers/{ids['handover']}"),
        ("/my-pathway", "young_person", "/my-pathway"),
    ]
    out = [(label, role, path, {}) for label, role, path in plain]
    for label, role, path in feeds:
        out.append((label, role, path, {}))
        out.append((f"{label} 304", role, path, {"etag": True}))
    return out


def measure(app, ids: dict, runs: int, warmup: int, only: str | None) -> list[dict]:
    clients = {role: _sign_in(app, email) for role, email in ACCOUNTS.items()}
    counter = Counter()
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", counter)

    def once(client, path: str, headers: dict) -> tuple[float, int, int]:
        counter.count = 0
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        elapsed = time.perf_counter() - started
        return elapsed, counter.count, response.status_code

    results = []
    for label, role, path, options in _requests(ids):
        if only and only not in label:
            continue
        # A calendar asks for its feed without a session; pages are asked signed in.
        floor_client = clients[role]
        client = app.test_client() if "/calendar/" in path else floor_client
        headers = {}
        if options.get("etag"):
            first = client.get(path)
            headers = {"If-None-Match": first.headers["ETag"]}
            if first.headers.get("Last-Modified"):
                headers["If-Modified-Since"] = first.headers["Last-Modified"]
        for _ in range(warmup):
            once(floor_client, FLOOR, {})
            once(client, path, headers)
        floors, times, queries, statuses = [], [], [], set()
        for _ in range(runs):
            floor, _, _ = once(floor_client, FLOOR, {})
            floors.append(floor)
            elapsed, count, status = once(client, path, headers)
            times.append(elapsed)
            queries.append(count)
            statuses.add(status)
        median = statistics.median(times)
        floor = statistics.median(floors)
        row = {
            "request": label,
            "path": path,
            "status": sorted(statuses),
            "median_ms": round(median * 1000, 1),
            "p95_ms": round(_p95(times) * 1000, 1),
            "queries": max(queries),
            "floor_ms": round(floor * 1000, 1),
            "ratio": round(median / floor, 1),
        }
        results.append(row)
        print(
            f"{label:<30} {row['median_ms']:>9.1f} {row['p95_ms']:>9.1f} {row['queries']:>7}"
            f" {row['floor_ms']:>8.1f} {row['ratio']:>7.1f}  {','.join(map(str, row['status']))}",
            flush=True,
        )
    return results


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--database-url", help="default: a new SQLite file in a temp folder")
    parser.add_argument(
        "--reset", action="store_true", help="empty the PostgreSQL database first (drops it all)"
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", help="time only requests whose label contains this")
    parser.add_argument("--json", type=Path, help="also write the table as JSON to this file")
    parser.add_argument(
        "--build-only", action="store_true", help="build the database, time nothing"
    )
    args = parser.parse_args(argv)

    workdir = tempfile.mkdtemp(prefix="transition-bench-")
    url = args.database_url or f"sqlite:///{workdir}/bench.sqlite"
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    os.environ.setdefault("TRANSITION_ENV", "development")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench-secret-key-not-for-production",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SERVER_NAME": "localhost",
        }
    )
    from flask_migrate import upgrade

    today = date.today()
    with app.app_context():
        if db.engine.dialect.name == "postgresql" and args.reset:
            _reset_postgresql()
        if inspect(db.engine).has_table("alembic_version"):
            raise SystemExit("The database is not empty: pass --reset (PostgreSQL) or a new one.")
        upgrade()
        started = time.perf_counter()
        ids = build(args.people, today)
        built = time.perf_counter() - started
        people = db.session.scalar(select(db.func.count(YoungPerson.id)))
        milestones = db.session.scalar(select(db.func.count(Milestone.id)))
        engine = db.engine.dialect.name
        db.session.remove()
    print(f"Built {people:,} people and {milestones:,} milestones in {built:.1f} s ({engine})")
    if args.build_only:
        with app.app_context():
            db.engine.dispose()
        return 0
    print(
        f"{'request':<30} {'median ms':>9} {'p95 ms':>9} {'queries':>7} {'floor ms':>8}"
        f" {'ratio':>7}"
    )
    results = measure(app, ids, args.runs, args.warmup, args.only)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "engine": engine,
                    "people": people,
                    "milestones": milestones,
                    "build_seconds": round(built, 1),
                    "runs": args.runs,
                    "date": today.isoformat(),
                    "results": results,
                },
                indent=2,
            )
        )
    with app.app_context():
        db.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
