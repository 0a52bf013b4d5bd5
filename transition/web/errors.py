"""Error pages in the service's own style; no traceback ever reaches a user."""

from __future__ import annotations

from flask import Flask, current_app, g, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from transition.extensions import db
from transition.redaction import redact
from transition.services import audit
from transition.services.access import NotInScope
from transition.web.sessions import current_actor

TITLES = {
    400: "Sorry, there is a problem with that request",
    403: "You do not have permission to see this page",
    404: "Page not found",
    405: "Sorry, there is a problem with that request",
    413: "The file is too big",
    429: "Too many attempts",
    500: "Sorry, there is a problem with the service",
    503: "Sorry, the service is busy",
}


def _page(status: int, message: str | None = None):
    # An error page never queries the database (it may be why we are here).
    g.error_page = True
    return (
        render_template("errors/error.html", status=status, title=TITLES[status], message=message),
        status,
    )


def _audit_refusal_by_role() -> None:
    """Who asked for a page their role may not open, and which page."""
    if not current_user.is_authenticated:
        return
    detail = redact(f"{request.method} {request.path}")
    try:
        audit.record_refusal(current_actor(), "open_page", object_type="page", detail=detail)
    except SQLAlchemyError:
        # The refusal still stands; a database that cannot take the row must not turn it
        # into a 500.
        db.session.rollback()
        current_app.logger.exception("Could not audit a refusal of %s", detail)


def init_app(app: Flask) -> None:
    @app.errorhandler(NotInScope)
    def not_in_scope(_error):
        # The same answer as a record that does not exist: nothing to learn from it.
        return _page(404)

    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        return _page(
            400,
            "Your form was open too long or was sent from somewhere else. "
            "Go back, reload the page and try again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        if status not in TITLES:
            return error
        if status == 403:
            _audit_refusal_by_role()
        response = _page(status)
        if status == 429:
            return response[0], 429, {"Retry-After": "60"}
        return response

    @app.errorhandler(OperationalError)
    def database_busy(_error):
        db.session.rollback()
        body, _ = _page(503, "Too many people are saving at once. Wait a moment and try again.")
        return body, 503, {"Retry-After": "5"}

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("Unhandled error: %s", type(error).__name__)
        db.session.rollback()
        return _page(500)
