"""Writing the audit trail, in the same transaction as the thing audited."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

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
    event = AuditEvent(
        user_id=actor.user_id,
        user_email=actor.user.email if actor.user else None,
        role=actor.role,
        action=action,
        object_type=object_type,
        object_id=object_id,
        young_person_id=young_person_id,
        outcome=outcome,
        ip_address=actor.ip_address,
        detail=(detail or None) and detail[:300],
    )
    db.session.add(event)
    return event


def events_page(
    *, young_person_id: int | None = None, page: int = 1, per_page: int = 50
) -> tuple[list[AuditEvent], int]:
    """The newest audit events first, optionally for one person, and the total."""
    query = select(AuditEvent)
    count = select(func.count(AuditEvent.id))
    if young_person_id is not None:
        query = query.where(AuditEvent.young_person_id == young_person_id)
        count = count.where(AuditEvent.young_person_id == young_person_id)
    rows = db.session.scalars(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return list(rows), db.session.scalar(count) or 0
