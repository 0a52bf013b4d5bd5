"""Migration i13a_integrity upgrades a live database: rows that break a new rule are kept."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from transition import create_app
from transition.extensions import db


@pytest.fixture
def old_database(tmp_path):
    """An empty database of the engine under test, for this test alone."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite'}"
        return
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    name = url.rsplit("/", 1)[1] + "_upgrade"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _insert(connection, table: str, **values) -> None:
    names = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    connection.execute(text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), values)  # noqa: S608


def test_upgrade_keeps_every_row_and_makes_them_fit_the_new_rules(old_database):
    app = create_app({"SQLALCHEMY_DATABASE_URI": old_database, "SECRET_KEY": "x" * 32})
    now = datetime(2026, 11, 1, tzinfo=UTC)
    with app.app_context():
        upgrade(revision="i13b_second_factor")  # the revision before this one
        with db.engine.begin() as c:
            _insert(
                c,
                "teams",
                id=1,
                name="Adult Social Care",
                kind="adult",
                service="adult_social_care",
                created_at=now,
                updated_at=now,
            )
            person = {
                "first_name": "A",
                "last_name": "B",
                "date_of_birth": date(2010, 1, 1),
                "year_group_offset": 0,
                "has_ehc_plan": True,
                "version_id": 1,
                "care_act_assessment": "not_started",
                "chc_status": "not_needed",
                "created_at": now,
                "updated_at": now,
            }
            _insert(
                c,
                "young_people",
                id=1,
                local_reference="demo-002",
                capacity_status="presumed",
                **person,
            )
            _insert(
                c,
                "young_people",
                id=2,
                local_reference="DEMO-002",
                capacity_status="unknown",
                **person,
            )
            for milestone_id in (1, 2):
                _insert(
                    c,
                    "milestones",
                    id=milestone_id,
                    young_person_id=1,
                    code="P01",
                    area="process",
                    title="Year 9 review",
                    source_status="law",
                    status="not_started",
                    version_id=1,
                    created_at=now,
                    updated_at=now,
                )
            for handover_id in (1, 2):
                _insert(
                    c,
                    "handovers",
                    id=handover_id,
                    young_person_id=1,
                    team_id=1,
                    state="sent",
                    target_date=date(2028, 1, 1),
                    version_id=1,
                    created_at=now,
                    updated_at=now,
                )
        upgrade()
        with db.engine.connect() as c:
            people = c.execute(
                text(
                    "SELECT id, local_reference, reference_key, capacity_status "
                    "FROM young_people ORDER BY id"
                )
            ).all()
            milestones = c.execute(text("SELECT id, code FROM milestones ORDER BY id")).all()
            handovers = c.execute(
                text("SELECT id, state, return_reason FROM handovers ORDER BY id")
            ).all()
        db.engine.dispose()
    assert [tuple(p) for p in people] == [
        (1, "demo-002", "demo-002", "presumed"),
        (2, "DEMO-002-2", "demo-002-2", "presumed"),
    ]
    assert [tuple(m) for m in milestones] == [(1, "P01"), (2, None)]
    assert handovers[0].state == "sent"
    assert handovers[1].state == "returned"
    assert "another open handover" in handovers[1].return_reason
