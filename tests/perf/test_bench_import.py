"""How fast an import writes: 10,000 new young people (with the framework) from one CSV.

Not collected by default. Run it with
.venv/bin/python -m pytest tests/perf/test_bench_import.py -q -s
(add TEST_DATABASE_URL=postgresql://… for PostgreSQL). Issue 13 asks for 1,000 rows a second.
"""

from __future__ import annotations

import csv
import io
import time
from datetime import date, timedelta

from sqlalchemy import func, select

from tests.factories import make_user
from transition.extensions import db
from transition.models import Milestone, YoungPerson
from transition.services import importer
from transition.services.audit import Actor

ROWS = 10_000


def _csv(rows: int, today: date) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["local_reference", "first_name", "last_name", "date_of_birth", "nhs_number"])
    for n in range(rows):
        born = today - timedelta(days=14 * 365 + n % 3000)
        writer.writerow([f"BENCH-{n:06d}", f"Zoë{n}", "Import", born.isoformat(), ""])
    return out.getvalue().encode()


def test_ten_thousand_rows_import_at_a_thousand_rows_a_second(app):
    manager = make_user("manager")
    db.session.commit()
    today = date.today()
    content = _csv(ROWS, today)
    started = time.perf_counter()
    report = importer.import_people(
        Actor(manager), content, today, max_bytes=len(content), max_rows=ROWS
    )
    db.session.commit()
    seconds = time.perf_counter() - started
    people = db.session.scalar(select(func.count(YoungPerson.id)))
    milestones = db.session.scalar(select(func.count(Milestone.id)))
    rate = ROWS / seconds
    print(
        f"\n{db.engine.dialect.name}: {ROWS:,} rows ({milestones:,} milestones) "
        f"in {seconds:.1f} s = {rate:,.0f} rows/s"
    )
    assert report.ok and report.created == ROWS == people
    assert rate >= 1_000
