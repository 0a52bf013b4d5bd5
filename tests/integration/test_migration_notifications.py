"""The notifications migration upgrades a database made before it, keeping its teams."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from transition import create_app
from transition.extensions import db


def test_upgrade_keeps_teams_and_gives_them_no_caseload_limit(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "TESTING": True})
    with app.app_context():
        upgrade(revision="0001")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO teams (name, kind, created_at, updated_at) "
                "VALUES ('North', 'childrens', '2026-01-01', '2026-01-01')"
            )
        )
    with app.app_context():
        upgrade(revision="i17_notifications")
    with engine.begin() as connection:
        rows = connection.execute(text("SELECT name, caseload_limit FROM teams")).all()
        assert rows == [("North", None)]
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE teams SET caseload_limit = 0"))
    engine.dispose()
    with app.app_context():
        db.engine.dispose()
