"""One unit of work per request and per command: the only place that commits.

Services add and flush (so a conflict surfaces where it can be handled); the request
commits once when it ends well (any 2xx or 3xx answer) and rolls back otherwise, and
a CLI command commits once when it finishes. Refusals are audited in a transaction
of their own (`audit.record_refusal`), so rolling the work back never loses them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import Flask, Response
from sqlalchemy.exc import OperationalError

from transition.extensions import db

P = ParamSpec("P")
R = TypeVar("R")


def init_app(app: Flask, *, busy: Callable[[], Response]) -> None:
    """Commit after each request that succeeded; `busy` answers when the database is."""

    @app.after_request
    def commit_the_request(response: Response) -> Response:
        if response.status_code >= 400:
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except OperationalError:
            # SQLite's write lock stayed taken past the busy timeout: nothing was saved.
            db.session.rollback()
            return busy()
        return response

    @app.teardown_request
    def roll_back_a_failed_request(error: BaseException | None) -> None:
        if error is not None:
            db.session.rollback()


def commit_step() -> None:
    """Commit now: for a step that must be durable before what follows, and nothing else.

    Signing in commits the attempt count before the deliberately slow password check,
    so no transaction (on SQLite no write lock) is held while argon2 runs; sending email
    commits its claim on each email before sending it and its outcome after, so a
    second sender never sends it twice and one failure loses no other.
    """
    db.session.commit()


def command(function: Callable[P, R]) -> Callable[P, R]:
    """A CLI command as one unit of work: commit once at the end, roll back on error."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            result = function(*args, **kwargs)
        except BaseException:
            db.session.rollback()
            raise
        db.session.commit()
        return result

    return run
