"""One unit of work per request: a request that succeeds is saved whole, one that fails
saves nothing, and the audit row of a refusal is kept either way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import abort
from flask_migrate import upgrade
from sqlalchemy import select

import transition
from tests.factories import make_person
from transition import create_app
from transition.extensions import db
from transition.models import AuditEvent, Team
from transition.services import audit
from transition.services.audit import Actor

PACKAGE = Path(transition.__file__).parent


def test_nothing_in_web_or_services_commits():
    # transition/unit_of_work.py commits each request; CLI commands commit once each.
    commits = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for folder in ("web", "services")
        for path in sorted((PACKAGE / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"\bcommit\(\)", line)
    ]
    assert commits == []


@pytest.fixture
def small_app(tmp_path):
    """The real app on a database of its own, with routes that add a team and then end."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'uow.sqlite'}",
            "SECRET_KEY": "unit-of-work-test",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        upgrade()

    def add_team(name: str) -> None:
        db.session.add(Team(name=name, kind="childrens"))
        db.session.flush()

    @app.get("/uow/<name>/<ending>")
    def work_then(name: str, ending: str):
        add_team(name)
        if ending == "refused":
            audit.record_refusal(Actor(None, "127.0.0.1"), "view", object_type="team")
            abort(404)
        if ending == "error":
            raise RuntimeError("something broke after the work was flushed")
        if ending == "bad-request":
            return "Enter a name", 400
        return "saved", 200 if ending == "ok" else 302

    yield app
    with app.app_context():
        db.engine.dispose()


def _saved(app) -> tuple[list[str], list[str]]:
    with app.app_context():
        teams = list(db.session.scalars(select(Team.name).order_by(Team.name)))
        refusals = list(
            db.session.scalars(select(AuditEvent.action).where(AuditEvent.outcome == "refused"))
        )
        db.session.remove()
        return teams, refusals


def test_a_request_that_succeeds_is_saved_and_one_that_fails_is_not(small_app):
    client = small_app.test_client()
    assert client.get("/uow/Ok/ok").status_code == 200
    assert client.get("/uow/Moved/redirect").status_code == 302
    assert client.get("/uow/Broken/error").status_code == 500
    assert client.get("/uow/Invalid/bad-request").status_code == 400
    assert _saved(small_app) == (["Moved", "Ok"], [])


def test_a_refusal_is_audited_though_the_request_saves_nothing(small_app):
    response = small_app.test_client().get("/uow/Refused/refused")
    assert response.status_code == 404
    assert _saved(small_app) == ([], ["view"])


def test_a_refused_record_is_audited_and_nothing_else_is_kept(world, sign_in):
    theirs = make_person(team=world.south, worker=world.worker2)
    client = sign_in(world.worker)
    assert client.get(f"/young-people/{theirs.id}").status_code == 404
    refused = db.session.scalars(select(AuditEvent).where(AuditEvent.outcome == "refused")).all()
    assert [(e.action, e.young_person_id, e.user_id) for e in refused] == [
        ("view", theirs.id, world.worker.id)
    ]
