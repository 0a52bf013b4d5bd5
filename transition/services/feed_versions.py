"""Change counters for calendar feeds, bumped in the same transaction as the change.

A feed shows one owner's things: a worker's caseload, an adult team's incoming
handovers, a young person's own pathway, or (for managers) the whole authority.
Every flush notes which owners the rows it wrote touch; just before the commit the
counters of those owners go up by one, in a fixed order (so two transactions never
wait on each other's counters the wrong way round). A feed request then reads its
owner's counter with the user row, in one query, and answers 304 without building
anything when nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, event, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from transition.extensions import db
from transition.models import (
    ConsentRecord,
    FeedVersion,
    Handover,
    Meeting,
    Milestone,
    MilestoneChange,
    Team,
    User,
    YoungPerson,
    utcnow,
)

STATUTORY_SOURCES = ("law", "statutory_guidance")
AUTHORITY = ("authority", 0)
_KEY = "feed_changes"
_CHUNK = 500


@dataclass
class _Changes:
    people: set[int] = field(default_factory=set)
    milestones: set[int] = field(default_factory=set)
    owners: set[tuple[str, int]] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.people or self.milestones or self.owners)


def _changes(session: Session) -> _Changes:
    return session.info.setdefault(_KEY, _Changes())


def _values(obj, name: str) -> set:
    """The attribute's value now and, if it changed in this flush, before."""
    history = inspect(obj).attrs[name].history
    values = {getattr(obj, name)}
    values.update(history.deleted or ())
    return {value for value in values if value is not None}


def _note(changes: _Changes, obj) -> None:
    if isinstance(obj, YoungPerson):
        changes.people.add(obj.id)
        for worker_id in _values(obj, "worker_id"):
            changes.owners.add(("user", worker_id))
        for worker in inspect(obj).attrs["worker"].history.deleted or ():
            if worker is not None and worker.id is not None:
                changes.owners.add(("user", worker.id))
        changes.owners.add(AUTHORITY)  # team counts on the managers' feed
    elif isinstance(obj, Milestone):
        changes.people.update(_values(obj, "young_person_id"))
        if _values(obj, "source_status") & set(STATUTORY_SOURCES):
            changes.owners.add(AUTHORITY)
    elif isinstance(obj, MilestoneChange):
        changes.milestones.add(obj.milestone_id)
    elif isinstance(obj, Meeting | ConsentRecord):
        changes.people.update(_values(obj, "young_person_id"))
    elif isinstance(obj, Handover):
        changes.people.update(_values(obj, "young_person_id"))
        changes.owners.update(("team", team_id) for team_id in _values(obj, "team_id"))
        changes.owners.add(AUTHORITY)
    elif isinstance(obj, Team):
        changes.owners.add(AUTHORITY)


def _after_flush(session: Session, _context) -> None:
    changes = _changes(session)
    for obj in session.deleted:
        _note(changes, obj)
    for obj in session.new:
        _note(changes, obj)
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            _note(changes, obj)


def _chunks(ids: set[int]):
    ordered = sorted(ids)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _owners(session: Session, changes: _Changes) -> list[tuple[str, int]]:
    owners = set(changes.owners)
    people = set(changes.people)
    for chunk in _chunks(changes.milestones):
        people.update(
            session.scalars(select(Milestone.young_person_id).where(Milestone.id.in_(chunk)))
        )
    for chunk in _chunks(people):
        owners.update(("person", person_id) for person_id in chunk)
        for (worker_id,) in session.execute(
            select(YoungPerson.worker_id).where(
                YoungPerson.id.in_(chunk), YoungPerson.worker_id.is_not(None)
            )
        ):
            owners.add(("user", worker_id))
        for (team_id,) in session.execute(
            select(Handover.team_id).where(Handover.young_person_id.in_(chunk)).distinct()
        ):
            owners.add(("team", team_id))
    return sorted(owners)


def _bump(session: Session, owners: list[tuple[str, int]]) -> None:
    connection = session.connection()
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    table = FeedVersion.__table__
    now = utcnow()
    statement = dialect.insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.owner_kind, table.c.owner_id],
        set_={"version": table.c.version + 1, "changed_at": statement.excluded.changed_at},
    )
    connection.execute(
        statement,
        [
            {"owner_kind": kind, "owner_id": owner_id, "version": 1, "changed_at": now}
            for kind, owner_id in owners
        ],
    )


def _before_commit(session: Session) -> None:
    session.flush()
    changes = session.info.pop(_KEY, None)
    if not changes:
        return
    owners = _owners(session, changes)
    if owners:
        _bump(session, owners)


def _forget(session: Session, *_args) -> None:
    session.info.pop(_KEY, None)


def install(session_factory) -> None:
    """Listen on the app's session; safe to call for every app built."""
    for name, listener in (
        ("after_flush", _after_flush),
        ("before_commit", _before_commit),
        ("after_rollback", _forget),
    ):
        if not event.contains(session_factory, name, listener):
            event.listen(session_factory, name, listener)


# Reading ---------------------------------------------------------------------------


def _owner_columns():
    kind = case(
        (User.role == "worker", "user"),
        (User.role == "manager", "authority"),
        (User.role == "adult_services", "team"),
        else_="person",
    )
    owner_id = case(
        (User.role == "worker", User.id),
        (User.role == "manager", 0),
        (User.role == "adult_services", func.coalesce(User.team_id, 0)),
        else_=func.coalesce(User.young_person_id, 0),
    )
    where = (FeedVersion.owner_kind == kind, FeedVersion.owner_id == owner_id)
    version = select(FeedVersion.version).where(*where).correlate(User).scalar_subquery()
    changed = select(FeedVersion.changed_at).where(*where).correlate(User).scalar_subquery()
    return version, changed


def user_with_version(where) -> tuple[User, int, datetime | None] | None:
    """The user matching `where`, with their feed owner's counter and when it last moved."""
    version, changed = _owner_columns()
    row = db.session.execute(select(User, version, changed).where(where)).first()
    if row is None:
        return None
    user, number, changed_at = row
    return user, number or 0, changed_at
