"""Creating forms sent more than once (a double click, a retry after a slow page).

Each creating form carries a random key made when it is shown. The first send claims
the key with an insert; the table's primary key makes any other send of the same form
wait for the first to finish (PostgreSQL blocks on the key, SQLite on its write lock)
and then find where the first one led, so it lands on the same record instead of
making a second one or failing.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from transition.extensions import db
from transition.models import FormSubmission
from transition.services.audit import Actor

_KEY = re.compile(r"[A-Za-z0-9_-]{22,64}")


def new_key() -> str:
    return secrets.token_urlsafe(24)


@dataclass
class Claim:
    """What a send of a creating form found: go ahead, or where the first send led."""

    row: FormSubmission | None = None
    earlier_path: str | None = None

    def finish(self, path: str) -> str:
        """Record where this send leads, in the same transaction as what it made."""
        if self.row is not None:
            self.row.result_path = path[:300]
        return path


def claim(actor: Actor, key: str | None) -> Claim:
    """Claim a form's key for this send; a key sent before gives the earlier result.

    A missing or malformed key (an old page, a script) is not an error: the send goes
    ahead, and the database's other rules still stop a duplicate.
    """
    if actor.user is None or not key or not _KEY.fullmatch(key):
        return Claim()
    row = FormSubmission(key=key, user_id=actor.user_id)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        first = db.session.execute(
            select(FormSubmission.user_id, FormSubmission.result_path).where(
                FormSubmission.key == key
            )
        ).first()
        if first is not None and first.user_id == actor.user_id and first.result_path:
            return Claim(earlier_path=first.result_path)
        return Claim()
    return Claim(row=row)


def forget_before(cutoff) -> int:
    """Delete keys older than `cutoff` (a double send comes within minutes)."""
    result = db.session.execute(delete(FormSubmission).where(FormSubmission.created_at < cutoff))
    return result.rowcount or 0
