"""Test set-up shared by every suite.

The schema is built once per session by running the real migrations, on SQLite
by default or on PostgreSQL when TEST_DATABASE_URL is set; every table is
emptied after each test, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from argon2 import PasswordHasher
from bs4 import BeautifulSoup
from flask import g
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text
from werkzeug.serving import WSGIRequestHandler, make_server

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
            "DOCUMENT_STORE": str(tmp_path_factory.mktemp("documents")),
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


def post_all_at_once(url: str, forms: list[dict], *, headers: dict | None = None) -> list:
    """POST each form from its own thread, released together; the (status, body) of each.

    Redirects are not followed, so a sign-in answers 302. The test's own transaction
    is ended first, so it holds no lock the server's requests would wait for.
    """
    db.session.commit()
    barrier = threading.Barrier(len(forms))

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def send(form: dict):
        request = urllib.request.Request(  # noqa: S310 (always the loopback server)
            url, data=urllib.parse.urlencode(form).encode(), headers=headers or {}
        )
        barrier.wait(timeout=30)
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()

    with ThreadPoolExecutor(max_workers=len(forms)) as pool:
        return list(pool.map(send, forms))
