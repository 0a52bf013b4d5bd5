"""Test set-up shared by every suite.

The schema is built once per session by running the real migrations, on SQLite
by default or on PostgreSQL when TEST_DATABASE_URL is set; every table is
emptied after each test, so tests never see each other's rows.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from argon2 import PasswordHasher
from bs4 import BeautifulSoup
from flask import g
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from tests import factories
from transition import create_app
from transition.extensions import db, limiter
from transition.services import passwords


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Argon2id with small costs: the tests check behaviour, not hashing strength."""
    fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    original = passwords._hasher, passwords._DUMMY_HASH
    passwords._hasher, passwords._DUMMY_HASH = fast, fast.hash("an account that does not exist")
    yield
    passwords._hasher, passwords._DUMMY_HASH = original


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
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
    """A test client whose requests do not share `g` with each other.

    Tests run inside one app context (so their objects stay usable), and Flask
    reuses an active app context for requests; clearing `g` keeps what one request
    cached (the signed-in user, the CSP nonce) from leaking into the next, and
    expiring the session makes each request read the database afresh.
    """

    def open(self, *args, **kwargs):
        for name in list(g):
            g.pop(name)
        db.session.expire_all()
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = FreshRequestClient
    return app.test_client()


@pytest.fixture
def today() -> date:
    return date.today()


@pytest.fixture
def world(app):
    """Two children's teams, two adult teams and a user of every role."""
    return factories.World.build()


def page(response) -> BeautifulSoup:
    """Parse a response body as HTML."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.fixture
def sign_in(client):
    def _sign_in(user, password: str = factories.PASSWORD):
        client.post("/logout")
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, "sign-in failed"
        return client

    return _sign_in
