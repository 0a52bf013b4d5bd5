"""Writing the audit trail, in the same transaction as the thing audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from transition.extensions import db
from transition.models import AuditEvent, User, utcnow


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


def values(
    actor: Actor,
    action: str,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    young_person_id: int | None = None,
    outcome: str = "allowed",
    detail: str | None = None,
) -> dict:
    """An audit row's columns, for writing many at once (an import)."""
    return {
        "at": utcnow(),
        "user_id": actor.user_id,
        "user_email": actor.user.email if actor.user else None,
        "role": actor.role,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "young_person_id": young_person_id,
        "outcome": outcome,
        "ip_address": actor.ip_address,
        "detail": (detail or None) and detail[:300],
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
    event = AuditEvent(
        **values(
            actor,
            action,
            object_type=object_type,
            object_id=object_id,
            young_person_id=young_person_id,
            outcome=outcome,
            detail=detail,
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


def record_refusal(actor: Actor, action: str, *, detail: str | None = None, **fields) -> AuditEvent:
    """A refused action, written even though the work of the request is rolled back."""
    db.session.rollback()
    event = record(actor, action, outcome="refused", detail=detail, **fields)
    db.session.commit()
    return event


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
