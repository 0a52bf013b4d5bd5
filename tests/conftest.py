"""Test set-up shared by every suite.

The schema is built once per session by running the real migrations, on SQLite
by default or on PostgreSQL when TEST_DATABASE_URL is set; every table is
emptied after each test, so tests never see each other's rows. Under pytest-xdist
each worker has a database of its own.

Every test but the browser tests runs on a fixed clock: an instant at which the
date in England differs from the date in Pacific/Kiritimati (UTC+14), so a test
or a line of code that reads the machine's local date instead of England's fails
in CI's `TZ=Pacific/Kiritimati` run.
"""

from __future__ import annotations

import os
import threading
from datetime import UTC, date, datetime

import psycopg
import pytest
import time_machine
from argon2 import PasswordHasher
from flask import g
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import make_url, text
from werkzeug.serving import WSGIRequestHandler, make_server

from tests import factories
from transition import create_app
from transition.extensions import db, limiter
from transition.pathway.dates import date_in_england
from transition.services import passwords

# 12:00 on 15 June 2026 in England (BST); already 16 June in Kiritimati.
FIXED_NOW = datetime(2026, 6, 15, 11, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fixed_clock(request):
    """Every test starts at FIXED_NOW and the clock runs on from there.

    Browser tests keep the real clock (the browser's cookies expire by it), and so do
    tests marked real_clock, which start the app in another process.
    """
    if "e2e" in request.node.path.parts or request.node.get_closest_marker("real_clock"):
        yield
        return
    with time_machine.travel(FIXED_NOW, tick=True):
        yield


def _database_url(tmp_path_factory, worker_id: str) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    if worker_id == "master":
        return url
    # A database per xdist worker, made afresh next to the one TEST_DATABASE_URL names.
    mine = make_url(url)
    mine = mine.set(database=f"{mine.database}_{worker_id}")
    _postgres(
        url, f'DROP DATABASE IF EXISTS "{mine.database}"', f'CREATE DATABASE "{mine.database}"'
    )
    return mine.render_as_string(hide_password=False)


def _postgres(url: str, *statements: str) -> None:
    """Run statements outside a transaction on the server TEST_DATABASE_URL names."""
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


@pytest.fixture(scope="session")
def worker_id(request) -> str:
    """pytest-xdist's worker name ("gw0", ...), or "master" when the run is not split."""
    workerinput = getattr(request.config, "workerinput", None)
    return workerinput["workerid"] if workerinput else "master"


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Argon2id with small costs: the tests check behaviour, not hashing strength."""
    original = passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    passwords.use_hasher(original)


@pytest.fixture(scope="session")
def app(tmp_path_factory, worker_id):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory, worker_id),
            "SECRET_KEY": "test-secret-key-not-for-production",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SERVER_NAME": "localhost",
        }
    )
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # close pooled connections before the interpreter does
    if worker_id != "master" and os.environ.get("TEST_DATABASE_URL"):
        mine = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
        _postgres(os.environ["TEST_DATABASE_URL"], f'DROP DATABASE IF EXISTS "{mine}"')


def _empty_every_table() -> None:
    tables = [t.name for t in db.metadata.sorted_tables if t.name != "alembic_version"]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        db.session.execute(text("UPDATE users SET young_person_id = NULL"))
        for name in reversed(tables):
            db.session.execute(text(f"DELETE FROM {name}"))
    db.session.commit()


@pytest.fixture(autouse=True)
def _clean_database(request):
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        yield
        db.session.rollback()
        _empty_every_table()
        db.session.remove()
        limiter.reset()


class FreshRequestClient(FlaskClient):
    """A test client whose requests do not share `g` or a transaction with the test.

    Tests run inside one app context (so their objects stay usable), and Flask
    reuses an active app context for requests; clearing `g` keeps what one request
    cached (the signed-in user, the CSP nonce) from leaking into the next. What the
    test made is committed first, as it would be in the database before a user's
    request arrives (a request that fails rolls back only its own work), and the
    commit expires the session so each request reads the database afresh.
    """

    def open(self, *args, **kwargs):
        for name in list(g):
            g.pop(name)
        db.session.commit()
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = FreshRequestClient
    return app.test_client()


@pytest.fixture
def today() -> date:
    """Today in England, as the app sees it (not the machine's local date)."""
    return date_in_england(datetime.now(UTC))


@pytest.fixture
def world(app):
    """Two children's teams, two adult teams and a user of every role."""
    return factories.World.build()


@pytest.fixture
def sign_in(client):
    def _sign_in(user, password: str = factories.PASSWORD):
        client.post("/logout")
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, "sign-in failed"
        return client

    return _sign_in


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


@pytest.fixture
def live_url(app):
    """The test app served on 127.0.0.1 from a thread, for real parallel requests.

    Each request gets its own app context and database session, as under gunicorn;
    rows a test makes must be committed before the server can see them.
    """
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
