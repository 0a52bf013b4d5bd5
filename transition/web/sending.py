"""Emails queued by a request are sent after its response has gone, never inside it.

Until a job queue runs them (RQ over Redis in production), this is the one place that
starts sending: the request's thread, once the response is closed. Cron's
`flask --app wsgi send-notifications` sends whatever this misses, and retries failures.
"""

from __future__ import annotations

import logging
from functools import partial

from flask import Flask, Response, current_app, g, request

from transition.services import email

log = logging.getLogger(__name__)


def send_queued(app: Flask, base: str) -> None:
    with app.app_context():
        sender = email.sender_for(app.config)
        if sender is None:
            return
        try:
            email.send_due(sender, base)
        except Exception:  # the response has gone; cron sends what is left
            log.exception("Sending emails after a request failed")


def init_app(app: Flask) -> None:
    @app.after_request
    def send_after_response(response: Response) -> Response:
        if g.get("emails_queued") and current_app.config.get(
            "SEND_EMAIL_AFTER_REQUEST", not current_app.testing
        ):
            base = email.base_url(current_app.config, request.host_url)
            response.call_on_close(partial(send_queued, current_app._get_current_object(), base))
        return response
