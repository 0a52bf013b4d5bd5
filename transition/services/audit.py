"""Writing the audit trail.

An allowed action is audited in the same transaction as the thing audited, so both
are saved or neither. A refusal is written at once in a transaction of its own: the
request's work is rolled back, and the record of the refusal must outlive that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, insert, or_, select

from transition.extensions import db
from transition.models import AuditEvent, User


@dataclass(frozen=True)
class Actor:
    """Who is acting and from where; the web layer builds one per request."""

    user: User | None
    ip_address: str | None = None

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user else None

    @property
    def role(self) -> str | None:
        return self.user.role if self.user else None


def _values(actor: Actor, action: str, outcome: str, detail: str | None, **about) -> dict:
    return {
        "user_id": actor.user_id,
        "user_email": actor.user.email if actor.user else None,
        "role": actor.role,
        "action": action,
        "outcome": outcome,
        "ip_address": actor.ip_address,
        "detail": (detail or None) and detail[:300],
        **about,
    }


def record(
    actor: Actor,
    action: str,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    young_person_id: int | None = None,
    outcome: str = "allowed",
    detail: str | None = None,
) -> AuditEvent:
    """Audit an action as part of the request's work (saved only if the work is)."""
    event = AuditEvent(
        **_values(
            actor,
            action,
            outcome,
            detail,
            object_type=object_type,
            object_id=object_id,
            young_person_id=young_person_id,
        )
    )
    db.session.add(event)
    return event


def record_list_view(
    actor: Actor, page: str, people_ids: Iterable[int], *, detail: str | None = None
) -> AuditEvent:
    """A list or search page: who saw it, and the id of every person it showed."""
    shown = sorted(set(people_ids))
    event = record(actor, "view_list", object_type=page, detail=detail)
    event.people_shown = f",{','.join(map(str, shown))}," if shown else None
    return event


def record_refusal(
    actor: Actor,
    action: str,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    young_person_id: int | None = None,
    detail: str | None = None,
) -> None:
    """Audit a refusal now, in a transaction of its own, and drop the request's work.

    A refusal ends the request's work, so that work is rolled back first; the refusal
    is then saved on its own connection and survives whatever the request does next.
    (Rolling back first also means it never waits for a lock the request holds.)
    """
    actor_values = _values(
        actor,
        action,
        "refused",
        detail,
        object_type=object_type,
        object_id=object_id,
        young_person_id=young_person_id,
    )
    db.session.rollback()
    with db.engine.begin() as connection:
        connection.execute(insert(AuditEvent).values(**actor_values))


def events_page(
    *, young_person_id: int | None = None, page: int = 1, per_page: int = 50
) -> tuple[list[AuditEvent], int]:
    """The newest audit events first, optionally for one person, and the total."""
    query = select(AuditEvent)
    count = select(func.count(AuditEvent.id))
    if young_person_id is not None:
        about = or_(
            AuditEvent.young_person_id == young_person_id,
            AuditEvent.people_shown.contains(f",{young_person_id},", autoescape=True),
        )
        query = query.where(about)
        count = count.where(about)
    rows = db.session.scalars(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return list(rows), db.session.scalar(count) or 0
