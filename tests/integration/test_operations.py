"""Retention, backups and busy databases: the jobs that keep the service safe to run."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from tests.factories import make_person
from transition.extensions import db
from transition.models import AuditEvent, YoungPerson
from transition.services import audit, retention
from transition.services.audit import Actor

TODAY = date(2026, 11, 28)
NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)


def test_retention_reports_first_then_anonymises_only_what_is_past_it(world, app):
    old = make_person(team=world.north, dob=date(1995, 1, 1), marker="OLDMARK")
    current = make_person(team=world.north, dob=date(2005, 1, 1), marker="KEEPMARK")
    ancient = AuditEvent(action="view", at=NOW - timedelta(days=365 * 7), outcome="allowed")
    db.session.add(ancient)
    db.session.commit()
    policy = retention.RetentionPolicy(record_years=6, audit_years=6, session_days=30)

    report = retention.review(TODAY, NOW, policy)
    assert report.people == [old.id]
    assert report.audit_events == 1
    assert db.session.get(YoungPerson, old.id).first_name == "FirstOLDMARK"  # nothing yet

    retention.apply(Actor(None, "cli"), TODAY, NOW, policy)
    db.session.commit()
    db.session.expire_all()
    anonymised = db.session.get(YoungPerson, old.id)
    assert anonymised.first_name == retention.ANONYMISED
    assert anonymised.nhs_number is None
    assert "OLDMARK" not in (anonymised.risks or "")
    assert anonymised.local_reference == f"ANON-{old.id}"
    assert db.session.get(YoungPerson, current.id).risks == "KEEPMARK risks"
    # (SQLite may reuse the deleted row's id, so look for the old date, not the id.)
    assert (
        db.session.scalar(
            select(AuditEvent.id).where(AuditEvent.at < NOW - timedelta(days=365 * 6))
        )
        is None
    )
    logged = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "retention"))
    assert "anonymise): 1" in logged.detail


def test_retention_command_reports_without_changing_anything(world, app):
    make_person(team=world.north, dob=date(1990, 1, 1))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert "past retention (anonymise): 1" in result.output
    assert "nothing changed" in result.output


def test_backup_uses_the_online_api_and_passes_the_restore_check(world, app, tmp_path):
    if db.engine.dialect.name == "postgresql":
        db.session.commit()
        target = tmp_path / "backup.dump"
        result = app.test_cli_runner().invoke(args=["backup", str(target)])
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 0
        return
    make_person(team=world.north)
    audit.record(Actor(None), "view")
    db.session.commit()
    target = tmp_path / "backup.sqlite"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "Integrity check: ok" in result.output
    assert "young_people: 1 rows (live: 1)" in result.output
    check = app.test_cli_runner().invoke(args=["check-backup", str(target)])
    assert check.exit_code == 0
    (tmp_path / "broken.sqlite").write_bytes(b"not a database at all" * 100)
    broken = app.test_cli_runner().invoke(args=["check-backup", str(tmp_path / "broken.sqlite")])
    assert broken.exit_code != 0


def test_a_locked_sqlite_database_answers_503_not_500(tmp_path):
    import sqlite3

    from flask_migrate import upgrade

    from transition import create_app

    path = tmp_path / "busy.sqlite"
    busy_app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "x" * 32,
            "WTF_CSRF_ENABLED": False,
            "SQLITE_BUSY_TIMEOUT_MS": 50,
        }
    )
    with busy_app.app_context():
        upgrade()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        response = busy_app.test_client().post(
            "/login", data={"email": "someone@example.org", "password": "x" * 12}
        )
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "busy" in response.get_data(as_text=True)
