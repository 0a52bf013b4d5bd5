"""SQLite: pages read without the write lock; a busy database answers 503, never 500.

These use their own SQLite file whatever TEST_DATABASE_URL says: the write lock is
SQLite's alone.
"""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from tests.conftest import FreshRequestClient, page
from tests.factories import PASSWORD, make_user
from transition import create_app
from transition.database import configure_engine, holds_write_lock
from transition.extensions import db


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'locks.sqlite'}")
    configure_engine(engine, busy_timeout_ms=200)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    yield engine
    engine.dispose()


def test_a_read_does_not_wait_for_a_writer(engine):
    with engine.connect() as writer, engine.connect() as reader:
        writer.execute(text("INSERT INTO notes (body) VALUES ('one')"))
        assert holds_write_lock(writer)
        # The writer has not committed: the reader neither waits nor sees its row.
        assert reader.execute(text("SELECT count(*) FROM notes")).scalar() == 0
        assert not holds_write_lock(reader)
        writer.commit()
        reader.commit()


def test_a_reader_that_starts_writing_after_another_commit_is_not_refused(engine):
    """Upgrading a stale read snapshot would fail at once with "database is locked"."""
    with engine.connect() as first, engine.connect() as second:
        assert second.execute(text("SELECT count(*) FROM notes")).scalar() == 0
        first.execute(text("INSERT INTO notes (body) VALUES ('first')"))
        first.commit()
        second.execute(text("INSERT INTO notes (body) VALUES ('second')"))
        second.commit()
        assert first.execute(text("SELECT count(*) FROM notes")).scalar() == 2
        first.commit()


@pytest.fixture
def busy_app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'busy.sqlite'}",
            "SQLITE_BUSY_TIMEOUT_MS": 100,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "localhost",
        }
    )
    app.test_client_class = FreshRequestClient
    with app.app_context():
        upgrade()
        make_user("manager", email="busy.manager@example.org")
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_pages_still_load_while_another_request_holds_the_write_lock(busy_app):
    client = busy_app.test_client()
    client.post("/login", data={"email": "busy.manager@example.org", "password": PASSWORD})
    with db.engine.connect() as other:
        other.execute(text("UPDATE teams SET name = name"))  # takes and holds the write lock
        assert holds_write_lock(other)
        # A page that only reads does not wait for the writer.
        assert client.get("/calendar").status_code == 200
        # A change waits for the lock, then is told the service is busy: a 503 page
        # that never needs the database itself (it used to fail into a bare 500).
        refused = client.post("/calendar/link")
        assert refused.status_code == 503
        assert refused.headers["Retry-After"] == "5"
        assert "Sorry, the service is busy" in page(refused).select_one("h1").get_text()
        other.rollback()
    assert client.post("/calendar/link").status_code == 200  # the new link, shown once
