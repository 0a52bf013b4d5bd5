"""Browser tests: the demo served from a thread, driven by Debian's Chromium.

The app runs the real migrations and the demo data on its own SQLite file (never
the developer's instance/ database), exactly as `flask --app wsgi demo` does, and is
served on 127.0.0.1 on a free port. No browser is downloaded: Playwright drives
/usr/bin/chromium.
"""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import WSGIRequestHandler, make_server

from transition import create_app
from transition.extensions import db
from transition.services import demo

CHROMIUM = "/usr/bin/chromium"

# email → (pages, routes, routes not reached within the cap): filled by the crawler,
# printed at the end of the run.
PAGES_CRAWLED: dict[str, tuple[int, int, int]] = {}

# The app the live server runs, for tests that ask its URL map which route a URL is.
LIVE_APP: dict[str, Flask] = {}


class QuietRequestHandler(WSGIRequestHandler):
    """Keeps the server's request log out of the test report, and closes every response.

    When the browser drops a connection (it cancels a favicon or a stylesheet as it
    moves to the next page), Werkzeug's development server can raise while draining the
    socket and skip closing the response, leaving a static file open. Under
    ``filterwarnings = error`` that surfaces as a ResourceWarning in whichever test the
    garbage collector happens to run in. Closing the body here makes that impossible.
    """

    def log_request(self, *args, **kwargs) -> None:
        pass

    def run_wsgi(self) -> None:
        try:
            super().run_wsgi()
        finally:
            body = getattr(self, "environ", {}).get(_BODY_KEY)
            if body is not None and hasattr(body, "close"):
                body.close()


_BODY_KEY = "transition.e2e.response_body"


def _remember_body(app):
    """WSGI middleware: keeps the response body in the environ so the handler can close it."""

    def wrapped(environ, start_response):
        body = app(environ, start_response)
        environ[_BODY_KEY] = body
        return body

    return wrapped


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    database = tmp_path_factory.mktemp("e2e") / "e2e.sqlite"
    app = create_app(
        {
            "TESTING": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SECRET_KEY": "e2e-secret-key-not-for-production",
            "RATELIMIT_STORAGE_URI": "memory://",
            "DOCUMENT_STORE": str(tmp_path_factory.mktemp("e2e-documents")),
            # The browser keeps the CSS and JavaScript instead of asking again on every page.
            "SEND_FILE_MAX_AGE_DEFAULT": 3600,
        }
    )
    with app.app_context():
        upgrade()
        demo.load()
        db.session.commit()
        db.session.remove()
    server = make_server(
        "127.0.0.1", 0, _remember_body(app), threaded=True, request_handler=QuietRequestHandler
    )
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    LIVE_APP["app"] = app
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server


@pytest.fixture(scope="session")
def live_app(live_server) -> Flask:
    return LIVE_APP["app"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


def pytest_terminal_summary(terminalreporter):
    if PAGES_CRAWLED:
        terminalreporter.section("pages crawled per role")
        for email, (pages, routes, unvisited) in PAGES_CRAWLED.items():
            left = f", {unvisited} routes left unvisited at the page cap" if unvisited else ""
            terminalreporter.write_line(f"{email}: {pages} pages, {routes} routes{left}")
