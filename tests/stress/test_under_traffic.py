"""The service under real traffic: a threaded gunicorn on 127.0.0.1, many clients at once.

Not collected by default. `make stress` runs it on SQLite and on PostgreSQL:

    .venv/bin/python -m pytest tests/stress -q -s                       # SQLite
    STRESS_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/transition_stress \\
        .venv/bin/python -m pytest tests/stress -q -s                   # PostgreSQL

It loads the demo into an empty database, starts gunicorn (1 process, 32 threads) on a
free loopback port and then, each phase bounded in time:

1. 20 signed-in readers load pages for READ_SECONDS: their p95 alone;
2. the same readers again while a manager imports IMPORT_ROWS people through the
   browser pages, 4 clients send wrong passwords for other emails and a worker keeps
   scheduling meetings: their p95 under attack, and every confirmed meeting must exist;
3. 30 wrong passwords for one account at the same moment: how many were checked
   before the lockout, and whether the right password is then refused;
4. six identical sends of every creating form at once: how many records each made.

It prints one table and fails when a line misses its target.
"""

from __future__ import annotations

import csv
import io
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup
from sqlalchemy import create_engine, func, select, text

from tests.forms import form_values
from transition.models import (
    ConsentRecord,
    Handover,
    Meeting,
    Milestone,
    MilestoneEvidence,
    User,
    VoiceEntry,
    YoungPerson,
)
from transition.pathway.dates import add_age

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "demo-password-2027"
READERS = 20
READ_SECONDS = 8.0
IMPORT_ROWS = 2_000
LOCKOUT_BURST = 30
SENDS = 6


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(tmp_path: Path) -> str:
    url = os.environ.get("STRESS_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path / 'stress.sqlite'}"
    base, name = url.rsplit("/", 1)
    admin = create_engine(f"{base}/postgres".replace("postgresql://", "postgresql+psycopg://"))
    with admin.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("stress")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(tmp_path),
        "SECRET_KEY": secrets.token_hex(32),
        "TRANSITION_ENV": "development",
    }
    subprocess.run(  # noqa: S603 - our own command
        [str(BIN / "flask"), "--app", "wsgi", "demo"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own command
        [
            str(BIN / "gunicorn"),
            "--workers=1",
            "--threads=32",
            "--timeout=120",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.2)
    engine = create_engine(env["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://"))
    yield base, engine, env["DATABASE_URL"].split(":", 1)[0]
    process.terminate()
    process.wait(timeout=30)
    engine.dispose()


@dataclass
class Tally:
    """Every response the clients saw, by status; 5xx beyond 503 must never happen."""

    statuses: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int) -> None:
        with self.lock:
            self.statuses[status] += 1

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500 and status != 503)


TALLY = Tally()


def _csrf(html: str) -> str:
    field_ = BeautifulSoup(html, "html.parser").select_one("input[name=csrf_token]")
    return field_["value"] if field_ else ""


def _get(client: requests.Session, url: str) -> requests.Response:
    response = client.get(url, timeout=120, allow_redirects=False)
    TALLY.add(response.status_code)
    return response


def _post(client: requests.Session, url: str, data, files=None) -> requests.Response:
    response = client.post(url, data=data, files=files, timeout=120, allow_redirects=False)
    TALLY.add(response.status_code)
    return response


def signed_in(base: str, email: str) -> requests.Session:
    client = requests.Session()
    html = _get(client, f"{base}/login").text
    response = _post(
        client,
        f"{base}/login",
        {"email": email, "password": PASSWORD, "csrf_token": _csrf(html)},
    )
    assert response.status_code == 302, f"{email} could not sign in"
    return client


def _people_ids(base: str, client: requests.Session) -> list[int]:
    html = _get(client, f"{base}/caseload").text
    return [int(n) for n in re.findall(r'href="/young-people/(\d+)"', html)][:10] or [1]


def _read_for(base: str, clients, seconds: float, stop: threading.Event | None = None):
    """Each client loads pages in turn until the time is up; returns every latency."""
    latencies: list[float] = []
    lock = threading.Lock()
    pages_by_client = [
        ["/caseload", "/calendar", "/"] + [f"/young-people/{i}" for i in _people_ids(base, c)]
        for c in clients
    ]

    def read(client, pages):
        end = time.monotonic() + seconds
        n = 0
        while time.monotonic() < end and not (stop and stop.is_set()):
            started = time.monotonic()
            _get(client, base + pages[n % len(pages)])
            with lock:
                latencies.append(time.monotonic() - started)
            n += 1

    threads = [
        threading.Thread(target=read, args=(c, p))
        for c, p in zip(clients, pages_by_client, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def _import_file(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["local_reference", "first_name", "last_name", "date_of_birth"])
    born = date.today() - timedelta(days=16 * 365)
    for n in range(rows):
        day = born - timedelta(days=n % 2000)
        writer.writerow([f"STRESS-{n:06d}", f"Stress{n}", "Import", day.isoformat()])
    return out.getvalue().encode()


def _import_through_pages(base: str, rows: int) -> tuple[float, int]:
    manager = signed_in(base, "manager@example.org")
    started = time.monotonic()
    html = _get(manager, f"{base}/import").text
    checked = _post(
        manager,
        f"{base}/import",
        {"csrf_token": _csrf(html)},
        files={"file": ("people.csv", _import_file(rows), "text/csv")},
    )
    confirm = form_values(checked.text, form_selector="main form[action='/import/confirm']")
    done = _post(manager, f"{base}/import/confirm", confirm)
    return time.monotonic() - started, done.status_code


def _wrong_sign_ins(base: str, stop: threading.Event, n: int) -> None:
    client = requests.Session()
    attempt = 0
    while not stop.is_set():
        html = _get(client, f"{base}/login").text
        _post(
            client,
            f"{base}/login",
            {
                "email": f"stranger{n}.{attempt}@example.org",
                "password": "not the password at all",
                "csrf_token": _csrf(html),
            },
        )
        attempt += 1


def _keep_scheduling(base: str, stop: threading.Event, confirmed: list[int]) -> None:
    worker = signed_in(base, "worker@example.org")
    person = _people_ids(base, worker)[0]
    n = 0
    while not stop.is_set():
        path = f"{base}/young-people/{person}/meetings/new"
        day = date.today() + timedelta(days=30 + n)
        data = form_values(
            _get(worker, path).text,
            kind="other",
            day=(str(day.day), str(day.month), str(day.year)),
            start_time="09:00",
            end_time="09:30",
            location=f"Stress room {n}",
        )
        response = _post(worker, path, data)
        if response.status_code == 302:
            confirmed.append(int(response.headers["Location"].rsplit("/", 1)[1]))
        n += 1


def _send_at_once(clients_cookies, url: str, data) -> list[int]:
    barrier = threading.Barrier(len(clients_cookies))
    statuses: list[int] = []

    def send(cookies):
        client = requests.Session()
        client.cookies.update(cookies)
        barrier.wait()
        statuses.append(_post(client, url, data).status_code)

    threads = [threading.Thread(target=send, args=(c,)) for c in clients_cookies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _send_every_form(base: str, forms, results: list) -> None:
    for name, client, path, fields, count in forms:
        page = _get(client, base + path)
        data = form_values(page.text, **fields)
        statuses = _send_at_once([client.cookies] * SENDS, base + path, data)
        made = count()
        results.append(
            (
                f"{name}: {SENDS} sends at once",
                f"{made} made; answers {dict(Counter(statuses))}",
                "1 made, no 5xx",
                made == 1 and not [s for s in statuses if s >= 500],
            )
        )


def _count(engine, model, *where) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model).where(*where))


def _boxes(day: date) -> tuple[str, str, str]:
    return str(day.day), str(day.month), str(day.year)


def test_the_service_under_traffic(server):
    base, engine, engine_name = server
    results: list[tuple[str, str, str, bool]] = []

    # 1 and 2: readers alone, then while an import, sign-in attacks and writes run.
    readers = [signed_in(base, "worker@example.org") for _ in range(READERS)]
    alone = _read_for(base, readers, READ_SECONDS)
    stop = threading.Event()
    confirmed: list[int] = []
    import_result: dict = {}

    def run_import():
        import_result["seconds"], import_result["status"] = _import_through_pages(base, IMPORT_ROWS)

    background = [threading.Thread(target=run_import)]
    background += [threading.Thread(target=_wrong_sign_ins, args=(base, stop, n)) for n in range(4)]
    background.append(threading.Thread(target=_keep_scheduling, args=(base, stop, confirmed)))
    for thread in background:
        thread.start()
    attacked = _read_for(base, readers, READ_SECONDS)
    stop.set()
    for thread in background:
        thread.join(timeout=300)
    imported = _count(engine, YoungPerson, YoungPerson.local_reference.like("STRESS-%"))
    lost = [
        meeting_id
        for meeting_id in confirmed
        if _count(engine, Meeting, Meeting.id == meeting_id) != 1
    ]
    ratio = _p95(attacked) / _p95(alone)
    results += [
        ("Readers' p95 alone", f"{_p95(alone) * 1000:.0f} ms ({len(alone)} pages)", "", True),
        (
            "Readers' p95 under attack",
            f"{_p95(attacked) * 1000:.0f} ms ({len(attacked)} pages)",
            "",
            True,
        ),
        ("p95 under attack / alone", f"{ratio:.2f}", "<= 3", ratio <= 3),
        (
            f"Import of {IMPORT_ROWS:,} rows in the browser",
            f"{imported:,} rows in {import_result.get('seconds', 0):.1f} s",
            f"{IMPORT_ROWS:,}",
            imported == IMPORT_ROWS,
        ),
        ("Confirmed meetings lost", f"{len(lost)} of {len(confirmed)}", "0", not lost),
    ]

    # 3: thirty wrong passwords for one account at the same moment.
    target = "adult.health@example.org"
    cookies_and_tokens = []
    for _ in range(LOCKOUT_BURST):
        client = requests.Session()
        cookies_and_tokens.append((client, _csrf(_get(client, f"{base}/login").text)))
    barrier = threading.Barrier(LOCKOUT_BURST)
    answers: list[str] = []

    def guess(client, token):
        barrier.wait()
        response = _post(
            client,
            f"{base}/login",
            {"email": target, "password": "wrong password guess", "csrf_token": token},
        )
        answers.append("locked" if "too many attempts" in response.text else "checked")

    threads = [threading.Thread(target=guess, args=pair) for pair in cookies_and_tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked = answers.count("checked")
    client = requests.Session()
    html = _get(client, f"{base}/login").text
    right = _post(
        client, f"{base}/login", {"email": target, "password": PASSWORD, "csrf_token": _csrf(html)}
    )
    results += [
        (
            f"{LOCKOUT_BURST} wrong passwords at once: checked before lockout",
            str(checked),
            "<= 10",
            checked <= 10,
        ),
        (
            "Right password refused after the burst",
            "yes" if right.status_code != 302 else "no",
            "yes",
            right.status_code != 302,
        ),
    ]

    # 4: six identical sends of every creating form.
    today = date.today()
    worker = signed_in(base, "worker@example.org")
    manager = signed_in(base, "manager@example.org")
    forms = [
        (
            "New young person",
            worker,
            "/young-people/new",
            {
                "first_name": "Twice",
                "last_name": "Sent",
                "local_reference": "SIX-0001",
                "date_of_birth": _boxes(today - timedelta(days=16 * 365)),
                "has_ehc_plan": "no",
                "capacity_status": "presumed",
                "care_act_assessment": "not_started",
                "chc_status": "not_needed",
            },
            lambda: _count(engine, YoungPerson, YoungPerson.local_reference == "SIX-0001"),
        ),
    ]
    _send_every_form(base, forms, results)
    with engine.connect() as connection:
        person_id, born = connection.execute(
            select(YoungPerson.id, YoungPerson.date_of_birth).where(
                YoungPerson.local_reference == "SIX-0001"
            )
        ).one()
        milestone_id = connection.scalar(
            select(func.min(Milestone.id)).where(Milestone.young_person_id == person_id)
        )
        adult_team = connection.scalar(text("SELECT min(id) FROM teams WHERE kind = 'adult'"))
    forms = [
        (
            "Meeting",
            worker,
            f"/young-people/{person_id}/meetings/new",
            {
                "kind": "transition_review",
                "day": _boxes(today + timedelta(days=9)),
                "start_time": "13:00",
                "end_time": "14:00",
                "location": "Six sends room",
            },
            lambda: _count(engine, Meeting, Meeting.location == "Six sends room"),
        ),
        (
            "Evidence note",
            worker,
            f"/young-people/{person_id}/milestones/{milestone_id}/evidence",
            {"text": "Six sends evidence", "evidence_date": _boxes(today)},
            lambda: _count(
                engine, MilestoneEvidence, MilestoneEvidence.text == "Six sends evidence"
            ),
        ),
        (
            "Custom milestone",
            worker,
            f"/young-people/{person_id}/milestones/new",
            {
                "area": "community",
                "title": "Six sends milestone",
                "due_on": _boxes(today + timedelta(days=40)),
            },
            lambda: _count(engine, Milestone, Milestone.title == "Six sends milestone"),
        ),
        (
            "Consent decision",
            worker,
            f"/young-people/{person_id}/consent",
            {
                "decision": "given",
                "decided_by": "young_person",
                "capacity_assessed": "no",
                "decided_on": _boxes(today),
                "notes": "Six sends consent",
            },
            lambda: _count(engine, ConsentRecord, ConsentRecord.notes == "Six sends consent"),
        ),
        (
            "Handover",
            worker,
            f"/young-people/{person_id}/handovers/new",
            {
                "team_id": str(adult_team),
                "target_date": _boxes(add_age(born, 18)),
            },
            lambda: _count(
                engine,
                Handover,
                Handover.young_person_id == person_id,
                Handover.team_id == adult_team,
            ),
        ),
        (
            "Parent invitation",
            worker,
            f"/young-people/{person_id}/invite-parent",
            {"email": "six.sends.parent@example.org", "name": "Six Sends"},
            lambda: _count(engine, User, User.email == "six.sends.parent@example.org"),
        ),
        (
            "Young person's view (on their behalf)",
            worker,
            f"/young-people/{person_id}/voice",
            {"topic": "before-my-review", "text": "Six sends voice"},
            lambda: _count(engine, VoiceEntry, VoiceEntry.text == "Six sends voice"),
        ),
        (
            "New team",
            manager,
            "/admin/teams/new",
            {"name": "Six Sends Team", "kind": "childrens"},
            lambda: _count(engine, text("teams"), text("name = 'Six Sends Team'")),
        ),
        (
            "New user",
            manager,
            "/admin/users/new",
            {"email": "six.sends.user@example.org", "name": "Six Sends", "role": "manager"},
            lambda: _count(engine, User, User.email == "six.sends.user@example.org"),
        ),
    ]
    _send_every_form(base, forms, results)

    results.append(
        (
            "Responses with a 5xx other than 503",
            f"{TALLY.errors} of {sum(TALLY.statuses.values()):,}",
            "0",
            TALLY.errors == 0,
        )
    )
    width = max(len(r[0]) for r in results)
    lines = [f"\nStress run on {engine_name} (gunicorn, 1 process x 32 threads, loopback)"]
    for check, value, target, ok in results:
        lines.append(f"  {'ok  ' if ok else 'FAIL'}  {check:<{width}}  {value:<34} {target}")
    lines.append(f"  statuses seen: {dict(sorted(TALLY.statuses.items()))}")
    print("\n".join(lines))
    assert all(ok for *_, ok in results), "\n".join(lines)
