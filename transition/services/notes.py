"""Case notes and the chronology: what happened, when, with whom, and what follows.

The caller loads the person through `access.get_person`; every read here then keeps
to that person and hides sensitive notes from those who may not read them
(`access.sees_sensitive`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from transition.extensions import db
from transition.models import (
    CaseNote,
    CaseNoteRevision,
    Handover,
    Meeting,
    Milestone,
    MilestoneChange,
    MilestoneEvidence,
    User,
    VoiceEntry,
    YoungPerson,
    utcnow,
)
from transition.pathway.dates import date_in_england
from transition.services import access, audit, voice
from transition.services.access import NotInScope
from transition.services.audit import Actor
from transition.services.pathway import describe_change

# How long the author may correct a note; after that it stands as written.
EDIT_WINDOW = timedelta(hours=24)

CHRONOLOGY_KINDS = {
    "note": "Case notes",
    "milestone": "Milestones",
    "meeting": "Meetings",
    "handover": "Handovers",
    "voice": "Their own words",
}


class StaleNote(RuntimeError):
    """Someone changed the note after this user opened it."""


class NoteLocked(RuntimeError):
    """The note may no longer be changed by this user."""


@dataclass(frozen=True)
class NoteInput:
    kind: str
    happened_on: date
    with_whom: str | None
    text: str
    follow_up: str | None
    sensitive: bool


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def _visible(user: User):
    """A condition on CaseNote: the notes this user may read (within a person in scope)."""
    if access.sees_sensitive(user):
        return CaseNote.id.is_not(None)
    return CaseNote.sensitive.is_(False)


def notes_for(user: User, person: YoungPerson) -> list[CaseNote]:
    """The person's notes this user may read, newest first."""
    return list(
        db.session.scalars(
            select(CaseNote)
            .where(CaseNote.young_person_id == person.id, _visible(user))
            .options(selectinload(CaseNote.author))
            .order_by(CaseNote.happened_on.desc(), CaseNote.id.desc())
        )
    )


def shareable_notes(person: YoungPerson) -> list[CaseNote]:
    """Notes that may go to an adult team in a handover: never the sensitive ones."""
    return list(
        db.session.scalars(
            select(CaseNote)
            .where(CaseNote.young_person_id == person.id, CaseNote.sensitive.is_(False))
            .order_by(CaseNote.happened_on.desc(), CaseNote.id.desc())
        )
    )


def get_note(actor: Actor, person: YoungPerson, note_id: int) -> CaseNote:
    """One note of a person already loaded through access; NotInScope otherwise."""
    assert actor.user is not None
    note = db.session.scalar(
        select(CaseNote).where(
            CaseNote.id == note_id,
            CaseNote.young_person_id == person.id,
            _visible(actor.user),
        )
    )
    if note is None:
        db.session.rollback()
        audit.record(
            actor,
            "view_note",
            object_type="case_note",
            object_id=note_id,
            young_person_id=person.id,
            outcome="refused",
        )
        db.session.commit()
        raise NotInScope(note_id)
    return note


def may_edit(user: User, note: CaseNote, person: YoungPerson, now: datetime) -> bool:
    """Its author, for a day after writing it, while they still work with the person."""
    return (
        note.author_id == user.id
        and access.can_edit(user, person)
        and now - note.created_at <= EDIT_WINDOW
    )


def _apply(note: CaseNote, data: NoteInput) -> None:
    note.kind = data.kind
    note.happened_on = data.happened_on
    note.with_whom = _clean(data.with_whom)
    note.text = data.text.strip()
    note.follow_up = _clean(data.follow_up)
    note.sensitive = data.sensitive


def add_note(actor: Actor, person: YoungPerson, data: NoteInput) -> CaseNote:
    note = CaseNote(young_person_id=person.id, author=actor.user)
    _apply(note, data)
    db.session.add(note)
    db.session.flush()
    audit.record(
        actor, "add_note", object_type="case_note", object_id=note.id, young_person_id=person.id
    )
    return note


def update_note(
    actor: Actor, person: YoungPerson, note: CaseNote, data: NoteInput, *, version: int
) -> None:
    """Change a note, keeping how it read before."""
    assert actor.user is not None
    if not may_edit(actor.user, note, person, utcnow()):
        raise NoteLocked
    if note.version_id != version:
        raise StaleNote
    db.session.add(
        CaseNoteRevision(
            note=note,
            kind=note.kind,
            happened_on=note.happened_on,
            with_whom=note.with_whom,
            text=note.text,
            follow_up=note.follow_up,
            sensitive=note.sensitive,
            replaced_by_id=actor.user_id,
        )
    )
    _apply(note, data)
    audit.record(
        actor, "edit_note", object_type="case_note", object_id=note.id, young_person_id=person.id
    )
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleNote from exc


# --- The chronology ------------------------------------------------------------------


@dataclass(frozen=True)
class ChronologyEntry:
    on: date
    at: datetime
    kind: str
    title: str
    detail: str | None = None
    by: str | None = None
    note: CaseNote | None = None
    link: tuple[str, dict] | None = None

    @property
    def kind_label(self) -> str:
        return CHRONOLOGY_KINDS[self.kind]


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def _name(user: User | None) -> str | None:
    return user.name if user else None


def _note_entries(user: User, person: YoungPerson) -> list[ChronologyEntry]:
    entries = []
    for note in notes_for(user, person):
        detail = note.text
        if note.follow_up:
            detail = f"{detail}\nFollow-up: {note.follow_up}"
        title = note.kind_label + (f" with {note.with_whom}" if note.with_whom else "")
        entries.append(
            ChronologyEntry(
                on=note.happened_on,
                at=_start_of(note.happened_on),
                kind="note",
                title=title,
                detail=detail,
                by=_name(note.author),
                note=note,
                link=("notes.show", {"person_id": person.id, "note_id": note.id}),
            )
        )
    return entries


def _milestone_entries(person: YoungPerson) -> list[ChronologyEntry]:
    entries = []
    changes = db.session.execute(
        select(MilestoneChange, Milestone)
        .join(Milestone, MilestoneChange.milestone_id == Milestone.id)
        .where(Milestone.young_person_id == person.id, MilestoneChange.field != "created")
        .options(selectinload(MilestoneChange.changed_by))
    ).all()
    for change, milestone in changes:
        entries.append(
            ChronologyEntry(
                on=date_in_england(change.changed_at),
                at=change.changed_at,
                kind="milestone",
                title=f"{milestone.title}: {describe_change(change)}",
                detail=f"Reason: {change.reason}" if change.reason else None,
                by=_name(change.changed_by),
                link=("milestones.show", {"person_id": person.id, "milestone_id": milestone.id}),
            )
        )
    evidence = db.session.execute(
        select(MilestoneEvidence, Milestone)
        .join(Milestone, MilestoneEvidence.milestone_id == Milestone.id)
        .where(Milestone.young_person_id == person.id)
        .options(selectinload(MilestoneEvidence.author))
    ).all()
    for item, milestone in evidence:
        entries.append(
            ChronologyEntry(
                on=item.evidence_date,
                at=_start_of(item.evidence_date),
                kind="milestone",
                title=f"{milestone.title}: evidence added",
                detail=item.text,
                by=_name(item.author),
                link=("milestones.show", {"person_id": person.id, "milestone_id": milestone.id}),
            )
        )
    return entries


def _meeting_entries(person: YoungPerson) -> list[ChronologyEntry]:
    meetings = db.session.scalars(select(Meeting).where(Meeting.young_person_id == person.id))
    entries = []
    for meeting in meetings:
        title = meeting.kind_label
        if meeting.cancelled_at is not None:
            title = f"{title} (cancelled)"
        entries.append(
            ChronologyEntry(
                on=date_in_england(meeting.starts_at),
                at=meeting.starts_at,
                kind="meeting",
                title=title,
                detail=meeting.purpose,
                link=("meetings.show", {"meeting_id": meeting.id}),
            )
        )
    return entries


def _handover_entries(user: User, person: YoungPerson) -> list[ChronologyEntry]:
    from transition.services.handovers import handovers_in_scope

    handovers = db.session.scalars(
        handovers_in_scope(user)
        .where(Handover.young_person_id == person.id)
        .options(selectinload(Handover.team), selectinload(Handover.messages))
    ).all()
    entries = []
    for handover in handovers:
        link = ("handovers.show", {"handover_id": handover.id})
        steps = [
            (handover.created_at, f"Handover to {handover.team.name} started", None),
            (handover.sent_at, f"Handover sent to {handover.team.name}", None),
            (
                handover.accepted_at,
                f"Handover accepted by {handover.team.name}",
                handover.receiving_worker_name
                and f"Receiving worker: {handover.receiving_worker_name}",
            ),
            (
                handover.returned_at,
                f"Handover returned by {handover.team.name}",
                handover.return_reason,
            ),
            (handover.completed_at, f"Handover to {handover.team.name} complete", None),
        ]
        for message in handover.messages:
            what = {"query": "Question from", "answer": "Answer to"}.get(message.kind, "Note on")
            steps.append((message.created_at, f"{what} {handover.team.name}", message.text))
        for at, title, detail in steps:
            if at is None:
                continue
            entries.append(
                ChronologyEntry(
                    on=date_in_england(at),
                    at=at,
                    kind="handover",
                    title=title,
                    detail=detail or None,
                    link=link,
                )
            )
    return entries


def _voice_entries(person: YoungPerson) -> list[ChronologyEntry]:
    entries = []
    for entry in db.session.scalars(
        select(VoiceEntry)
        .where(VoiceEntry.young_person_id == person.id)
        .options(selectinload(VoiceEntry.author))
    ):
        entries.append(
            ChronologyEntry(
                on=date_in_england(entry.created_at),
                at=entry.created_at,
                kind="voice",
                title=voice.topic_of(entry).worker_title,
                detail=entry.text,
                by=voice.written_by(entry, person, reader="staff"),
            )
        )
    return entries


def chronology(
    user: User, person: YoungPerson, kinds: set[str] | None = None
) -> list[ChronologyEntry]:
    """Everything that happened in one list, newest first, optionally of some kinds only."""
    wanted = set(CHRONOLOGY_KINDS) if not kinds else kinds & set(CHRONOLOGY_KINDS)
    entries: list[ChronologyEntry] = []
    if "note" in wanted:
        entries += _note_entries(user, person)
    if "milestone" in wanted:
        entries += _milestone_entries(person)
    if "meeting" in wanted:
        entries += _meeting_entries(person)
    if "handover" in wanted:
        entries += _handover_entries(user, person)
    if "voice" in wanted:
        entries += _voice_entries(person)
    return sorted(entries, key=lambda e: (e.on, e.at), reverse=True)
