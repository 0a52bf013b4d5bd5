"""Today's date where the service runs: England (Europe/London), whatever the server's zone."""

from __future__ import annotations

from datetime import date

from transition.models.base import utcnow
from transition.pathway.dates import date_in_england


def today() -> date:
    return date_in_england(utcnow())
