"""Helpers shared by test modules: test modules import from here, never from each other."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import time_machine
from bs4 import BeautifulSoup
from sqlalchemy import event, select

from transition.extensions import db
from transition.models import Milestone


def page(response) -> BeautifulSoup:
    """Parse a response body as HTML (with lxml, the fast parser)."""
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


@contextmanager
def clock_stopped() -> Iterator[None]:
    """Hold the clock still: nothing that depends on time passing (a session's last-seen
    time is written at most once a minute) can differ between two requests."""
    with time_machine.travel(datetime.now(UTC), tick=False):
        yield


@contextmanager
def count_queries() -> Iterator[list[str]]:
    """Count the SQL statements the block sends to the database."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def born(today: date, years: int, months: int = 0, days: int = 0) -> date:
    """A date of birth making someone `years` (and months) old today, `days` further back."""
    anchor = today.replace(day=min(today.day, 28))
    year, month_index = divmod(anchor.year * 12 + anchor.month - 1 - years * 12 - months, 12)
    return anchor.replace(year=year, month=month_index + 1) - timedelta(days=days)


def names_in(response) -> list[str]:
    """The names in a caseload table, in the order shown."""
    table = page(response).select_one("table.app-caseload")
    if table is None:
        return []
    return [row.select_one("td a").get_text(strip=True) for row in table.select("tbody tr")]


def achieve_everything_due(person, today: date) -> None:
    """Mark every milestone due within 120 days achieved on its due date."""
    for milestone in db.session.scalars(
        select(Milestone).where(Milestone.young_person_id == person.id)
    ):
        if milestone.due_on and milestone.due_on <= today + timedelta(days=120):
            milestone.status = "achieved"
            milestone.achieved_on = milestone.due_on
    db.session.flush()


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
