"""Secrets in request paths, taken out of every request log.

A link to set a password works for a week and a feed link for as long as it lives;
whoever reads a log that holds one could use it. Werkzeug's log (development) and
gunicorn's access log (production, through `deploy/gunicorn.conf.py`) both pass
their lines through `redact`.
"""

from __future__ import annotations

import logging
import re

import gunicorn.glogging

REMOVED = "[token removed]"
_SECRET_PATHS = (
    (re.compile(r"/calendar/[^/\s?#\"]+\.ics"), f"/calendar/{REMOVED}.ics"),
    (re.compile(r"/set-password/[^/\s?#\"]+"), f"/set-password/{REMOVED}"),
)


def redact(text: str) -> str:
    for pattern, replacement in _SECRET_PATHS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """A logging filter that rewrites a record's message without its secrets."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install(logger: logging.Logger) -> None:
    if not any(isinstance(f, RedactSecrets) for f in logger.filters):
        logger.addFilter(RedactSecrets())


class GunicornLogger(gunicorn.glogging.Logger):
    """gunicorn's logger with secrets taken out of its access and error logs."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        install(self.access_log)
        install(self.error_log)
