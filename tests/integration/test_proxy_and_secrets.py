"""Behind a proxy, secrets out of logs, and what production refuses to do."""

from __future__ import annotations

import http.client
import logging
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.factories import PASSWORD
from tests.helpers import page
from transition import create_app
from transition.config import ConfigurationError
from transition.extensions import db
from transition.models import AuditEvent, User
from transition.services import accounts, calendar
from transition.services.audit import Actor

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/13"


def _proxied_app(app, **settings):
    """A second app on the test database, as deployed behind one proxy."""
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": "test-secret-key-not-for-production",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://",
            "TRUSTED_PROXIES": 1,
            **settings,
        }
    )


def _sign_in_events() -> list[tuple[str, str]]:
    db.session.expire_all()
    rows = db.session.execute(
        select(AuditEvent.ip_address, AuditEvent.outcome)
        .where(AuditEvent.action == "sign_in")
        .order_by(AuditEvent.id)
    )
    return [tuple(row) for row in rows]


def test_behind_a_trusted_proxy_the_client_address_is_audited_and_throttled(app, world):
    wrong = {"email": world.worker.email, "password": "not the password"}
    right = {"email": world.worker.email, "password": PASSWORD}
    db.session.commit()  # the served app must not wait for this test's transaction
    proxied = _proxied_app(app, LOGIN_FAILURES_PER_ADDRESS="2 per minute")
    try:
        client = proxied.test_client()
        office = {"X-Forwarded-For": "203.0.113.9"}
        for _ in range(2):
            assert client.post("/login", data=wrong, headers=office).status_code == 200
        assert client.post("/login", data=wrong, headers=office).status_code == 429
        # Another client through the same proxy is not blocked by the first one's failures.
        home = {"X-Forwarded-For": "198.51.100.20"}
        assert client.post("/login", data=right, headers=home).status_code == 302
    finally:
        with proxied.app_context():
            db.session.remove()
            db.engine.dispose()
    assert _sign_in_events() == [
        ("203.0.113.9", "refused"),
        ("203.0.113.9", "refused"),
        ("198.51.100.20", "allowed"),
    ]


def test_without_trusted_proxies_a_forwarded_address_is_ignored(world, client):
    client.post(
        "/login",
        data={"email": world.worker.email, "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.9"},
    )
    assert _sign_in_events() == [("127.0.0.1", "allowed")]


def _werkzeug_log_of(app, paths: list[str], caplog, monkeypatch) -> str:
    """Serve `app` with werkzeug's own request log and fetch each path."""
    # Running the migrations (alembic's fileConfig) switched off loggers made before it.
    monkeypatch.setattr(logging.getLogger("werkzeug"), "disabled", False)
    server = make_server("127.0.0.1", 0, app, threaded=False)
    caplog.set_level(logging.INFO, logger="werkzeug")
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
    try:
        for path in paths:
            connection.request("GET", path)
            server.handle_request()
            connection.getresponse().read()
    finally:
        connection.close()
        server.server_close()
    return caplog.text


def test_one_time_links_and_feed_tokens_are_kept_out_of_the_request_log(
    app, world, caplog, monkeypatch
):
    link = accounts.reset_staff_password(Actor(world.manager), world.worker, accounts.utcnow())
    feed = calendar.issue_token(Actor(world.manager), world.manager)
    db.session.commit()

    log = _werkzeug_log_of(
        app, [f"/set-password/{link}", f"/calendar/{feed}.ics"], caplog, monkeypatch
    )

    assert link not in log and feed not in log
    assert '"GET /set-password/[token removed] HTTP/1.1" 200' in log
    assert '"GET /calendar/[token removed].ics HTTP/1.1" 200' in log


def test_changing_a_password_ends_the_feed_link_and_says_so(world, sign_in, client):
    token = calendar.issue_token(Actor(world.worker), world.worker)
    db.session.commit()
    sign_in(world.worker)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "a quite different passphrase"},
        follow_redirects=True,
    )
    banners = [
        b.get_text(" ", strip=True) for b in page(response).select(".govuk-notification-banner")
    ]
    assert any("calendar link has stopped working" in text for text in banners)
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_a_managers_reset_ends_the_feed_link(world, sign_in, client):
    token = calendar.issue_token(Actor(world.worker), world.worker)
    db.session.commit()
    manager = sign_in(world.manager)
    response = manager.post(f"/admin/users/{world.worker.id}/reset")
    assert "calendar link no longer work" in page(response).get_text()
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_flask_demo_refuses_to_run_in_production(monkeypatch, tmp_path):
    monkeypatch.setenv("TRANSITION_ENV", "production")
    database = tmp_path / "x.sqlite"
    prod = create_app(
        {
            "SECRET_KEY": "x" * 32,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "RATELIMIT_STORAGE_URI": REDIS_URL,
        }
    )
    with prod.app_context():
        result = prod.test_cli_runner().invoke(args=["demo"])
        db.engine.dispose()
    assert result.exit_code != 0
    assert "never loaded in production" in result.output
    assert not database.exists() or database.stat().st_size == 0


def test_production_refuses_throttles_counted_in_one_process(monkeypatch, tmp_path):
    monkeypatch.setenv("TRANSITION_ENV", "production")
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    with pytest.raises(ConfigurationError, match="REDIS_URL"):
        create_app({"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Browser:
    """Just enough of a browser for a production app over plain HTTP on loopback.

    Production cookies are Secure, so the cookie is carried by hand; the proxy's
    headers say the client used HTTPS from `address`.
    """

    def __init__(self, port: int, address: str) -> None:
        self.port, self.address, self.cookie = port, address, ""

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"X-Forwarded-For": self.address, "X-Forwarded-Proto": "https"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # Over HTTPS, CSRF protection also checks the form came from this site.
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, text

    def sign_in(self, email: str, password: str) -> int:
        _, html = self.request("GET", "/login")
        token = BeautifulSoup(html, "lxml").find("input", {"name": "csrf_token"})["value"]
        status, _ = self.request(
            "POST", "/login", {"email": email, "password": password, "csrf_token": token}
        )
        return status


@pytest.mark.real_clock  # gunicorn runs in its own process, on the machine's clock
def test_gunicorn_workers_share_limits_through_redis_and_log_no_tokens(app, world):
    """Production as deployed: deploy/gunicorn.conf.py, two workers, Redis, one proxy."""
    link = accounts.reset_staff_password(Actor(world.manager), world.worker2, accounts.utcnow())
    email, worker_id = world.worker.email, world.worker.id
    db.session.commit()
    port = _free_port()
    env = {
        **os.environ,
        "TRANSITION_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": REDIS_URL,
        "TRUSTED_PROXIES": "1",
        "LOGIN_FAILURES_PER_ADDRESS": "3 per minute",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "1",
    }
    env.pop("RATELIMIT_STORAGE_URI", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        # A fresh address each run, so a Redis count from an earlier run never meets this one.
        attacker = _Browser(port, f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}")
        statuses = [attacker.sign_in("nobody@example.org", "not the password") for _ in range(5)]
        colleague = _Browser(port, f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}")
        colleague_status = colleague.sign_in(email, PASSWORD)
        newcomer = _Browser(port, "2001:db8::1")
        link_status, _ = newcomer.request("GET", f"/set-password/{link}")
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]

    # Five requests over two workers, one count: the fourth failure is refused.
    assert statuses == [200, 200, 200, 429, 429], output
    assert colleague_status == 302
    assert link_status == 200
    assert output.count("Booting worker") == 2
    assert link not in output
    assert re.search(r'"GET /set-password/\[token removed\] HTTP/1.1" 200', output)
    db.session.expire_all()
    audited = db.session.execute(
        select(AuditEvent.ip_address).where(
            AuditEvent.action == "sign_in", AuditEvent.outcome == "allowed"
        )
    ).scalars()
    assert list(audited) == [colleague.address]
    assert db.session.get(User, worker_id).last_sign_in_at is not None
