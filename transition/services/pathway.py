"""Putting the milestone framework onto young people's records, and changing it.

The use cases behind the record page's milestones, the milestone forms and the
managers' framework pages. Every function that touches one person's milestones takes
the person already loaded through transition.services.access, so the scope check has
been made; milestones are then looked up only inside that person.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from transition.extensions import db
from transition.models import (
    Document,
    FrameworkVersion,
    Handover,
    Milestone,
    MilestoneChange,
    MilestoneEvidence,
    YoungPerson,
)
from transition.pathway.dates import age_on, format_date
from transition.pathway.framework import (
    Anchor,
    Framework,
    FrameworkError,
    MilestoneDefinition,
    check_council_changes,
    framework_from_dict,
    framework_to_dict,
    load_framework,
    resolve,
)
from transition.pathway.rag import (
    AMBER_WINDOW_DAYS,
    CLOSED,
    MISSED,
    STATUS_LABELS,
    Rating,
    area_rating,
    milestone_rating,
    person_rating,
)
from transition.services import access, audit
from transition.services.audit import Actor

# Handover states that mean an adult service has decided to take the person on.
ADULT_SERVICE_DECIDED = ("accepted", "completed")

SOURCE_LABELS = {
    "law": "Law",
    "statutory_guidance": "Statutory guidance",
    "national_guidance": "National guidance",
    "good_practice": "Good practice",
    "local": "Local practice",
    "custom": "Added for this young person",
}

STATUS_TAG_CLASSES = {
    "not_started": "govuk-tag--grey",
    "in_progress": "govuk-tag--blue",
    "achieved": "govuk-tag--green",
    "not_applicable": "govuk-tag--grey",
    "missed": "govuk-tag--red",
}

FIELD_LABELS = {
    "status": "Status",
    "achieved_on": "Date achieved",
    "due_on": "Due date",
    "title": "Title",
    "created": "Milestone",
}

# Custom milestones a council adds to its framework get codes L01, L02, ...
COUNCIL_CODE_PREFIX = "L"
AREA_TITLE_FALLBACK = "Other milestones"


class StaleMilestone(RuntimeError):
    """Someone else saved the milestone after this user opened it."""


class StaleFramework(RuntimeError):
    """Someone else saved a new framework version after this manager opened theirs."""


# --- Framework versions -------------------------------------------------------------


def current_framework_version() -> FrameworkVersion:
    """The newest framework version, seeding version 1 from the packaged default."""
    version = newest_framework_version()
    if version is None:
        framework = load_framework()
        version = FrameworkVersion(
            version=1,
            name=framework.name,
            definition=framework_to_dict(framework),
            change_note="The default Preparing for Adulthood framework",
        )
        db.session.add(version)
        db.session.flush()
    return version


def newest_framework_version() -> FrameworkVersion | None:
    """The newest framework version, or None before any is stored (a read only)."""
    return db.session.scalar(
        select(FrameworkVersion).order_by(FrameworkVersion.version.desc()).limit(1)
    )


def framework_of(version: FrameworkVersion) -> Framework:
    """The stored version, read and checked (parsed once per distinct definition)."""
    return _parse_definition(json.dumps(version.definition))


@functools.lru_cache(maxsize=16)
def _parse_definition(text: str) -> Framework:
    # Frameworks are immutable, so one parsed copy can serve every request.
    return framework_from_dict(json.loads(text))


def framework_versions() -> list[FrameworkVersion]:
    """Every version, newest first, with who made it."""
    return list(
        db.session.scalars(
            select(FrameworkVersion)
            .options(selectinload(FrameworkVersion.created_by))
            .order_by(FrameworkVersion.version.desc())
        )
    )


def _new_milestone(person: YoungPerson, definition: MilestoneDefinition) -> Milestone:
    dob, offset = person.date_of_birth, person.year_group_offset
    return Milestone(
        young_person_id=person.id,
        code=definition.code,
        area=definition.area,
        title=definition.title,
        plain_title=definition.plain_title,
        description=definition.description,
        source_status=definition.status,
        source=definition.source,
        lead=definition.lead,
        opens_on=resolve(definition.opens, dob, offset) if definition.opens else None,
        due_on=resolve(definition.due, dob, offset),
    )


def apply_framework(person: YoungPerson, version: FrameworkVersion | None = None) -> int:
    """Give a person a milestone for every framework milestone they do not have yet.

    Existing milestones keep their dates: a new framework version changes only
    what new people (and newly added milestones) get.
    """
    version = version or current_framework_version()
    framework = framework_of(version)
    have = set(
        db.session.scalars(
            select(Milestone.code).where(
                Milestone.young_person_id == person.id, Milestone.code.is_not(None)
            )
        )
    )
    added = 0
    for definition in framework.milestones:
        if definition.code in have:
            continue
        db.session.add(_new_milestone(person, definition))
        added += 1
    person.framework_version_id = version.id
    return added


# --- The record page: ratings, lists and the timeline --------------------------------


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    rating: Rating
    evidence_count: int
    # Age on the due date, as "17 years 6 months"; None when there is no due date.
    age_when_due: str | None


@dataclass(frozen=True)
class AreaGroup:
    code: str
    title: str
    rating: Rating
    rows: tuple[MilestoneRow, ...]


@dataclass(frozen=True)
class PathwaySummary:
    rating: Rating
    overdue: tuple[MilestoneRow, ...]
    due_soon: tuple[MilestoneRow, ...]
    areas: tuple[AreaGroup, ...]
    # What "Update dates to the latest framework" would change; None if nothing.
    framework_update: FrameworkUpdate | None


def milestones_for(person: YoungPerson) -> list[Milestone]:
    """A person's milestones in due-date order (undated last), in one query."""
    return list(
        db.session.scalars(
            select(Milestone)
            .where(Milestone.young_person_id == person.id)
            .order_by(Milestone.due_on.is_(None), Milestone.due_on, Milestone.code, Milestone.id)
        )
    )


def evidence_counts(person: YoungPerson) -> dict[int, int]:
    """How many evidence notes each of a person's milestones has, in one query."""
    rows = db.session.execute(
        select(MilestoneEvidence.milestone_id, func.count(MilestoneEvidence.id))
        .join(Milestone, Milestone.id == MilestoneEvidence.milestone_id)
        .where(Milestone.young_person_id == person.id)
        .group_by(MilestoneEvidence.milestone_id)
    ).all()
    return {milestone_id: count for milestone_id, count in rows}


def has_adult_service_decision(person: YoungPerson) -> bool:
    """True when an adult service has accepted (or completed) a handover for the person."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Handover.young_person_id == person.id,
                    Handover.state.in_(ADULT_SERVICE_DECIDED),
                )
            )
        )
    )


def _facts(milestone: Milestone) -> tuple[str, date | None, str, bool]:
    return (milestone.title, milestone.due_on, milestone.status, milestone.is_statutory)


def person_rag(
    person: YoungPerson, today: date, milestones: list[Milestone] | None = None
) -> Rating:
    """The person's red, amber or green rating, with its reasons in words."""
    if milestones is None:
        milestones = milestones_for(person)
    return person_rating(
        [_facts(m) for m in milestones],
        person.date_of_birth,
        today,
        has_adult_service_decision(person),
    )


def describe_age(dob: date, day: date | None) -> str | None:
    if day is None or day < dob:
        return None
    years, months = age_on(dob, day)
    if months == 0:
        return f"{years} years"
    return f"{years} years {months} month{'s' if months != 1 else ''}"


def is_open(milestone: Milestone) -> bool:
    """Still to do: neither done, ruled out nor recorded as missed."""
    return milestone.status not in CLOSED and milestone.status != MISSED


def pathway_for(person: YoungPerson, today: date) -> PathwaySummary:
    """Everything the record page shows about a person's milestones.

    A fixed number of queries whatever the number of milestones: the milestones,
    their evidence counts, the adult service decision and the newest framework.
    """
    milestones = milestones_for(person)
    counts = evidence_counts(person)
    newest = newest_framework_version()
    rows = [
        MilestoneRow(
            milestone=m,
            rating=milestone_rating(m.due_on, m.status, today, m.title),
            evidence_count=counts.get(m.id, 0),
            age_when_due=describe_age(person.date_of_birth, m.due_on),
        )
        for m in milestones
    ]
    horizon = today + timedelta(days=AMBER_WINDOW_DAYS)
    overdue = tuple(
        r
        for r in rows
        if is_open(r.milestone) and r.milestone.due_on and r.milestone.due_on < today
    )
    due_soon = tuple(
        r
        for r in rows
        if is_open(r.milestone) and r.milestone.due_on and today <= r.milestone.due_on <= horizon
    )
    titles = _area_titles(newest)
    grouped = {code: [r for r in rows if r.milestone.area == code] for code in titles}
    areas = tuple(
        AreaGroup(
            code,
            title,
            area_rating([_facts(r.milestone) for r in grouped[code]], today),
            tuple(grouped[code]),
        )
        for code, title in titles.items()
    )
    update = framework_update_for(person, newest=newest, milestones=milestones)
    return PathwaySummary(
        rating=person_rag(person, today, milestones),
        overdue=overdue,
        due_soon=due_soon,
        areas=tuple(area for area in areas if area.rows),
        framework_update=update,
    )


def _area_titles(version: FrameworkVersion | None) -> dict[str, str]:
    """Area code to title, in the framework's order (read straight from the stored data)."""
    definition = version.definition if version is not None else framework_to_dict(load_framework())
    return {code: fields["title"] for code, fields in definition["areas"].items()}


def area_titles() -> dict[str, str]:
    return _area_titles(newest_framework_version())


# --- One milestone: reading and changing it -----------------------------------------


def _milestone_in(actor: Actor, person: YoungPerson, milestone_id: int, action: str) -> Milestone:
    """The person's own milestone; another person's milestone id is refused (and audited)."""
    milestone = db.session.scalar(
        select(Milestone).where(
            Milestone.id == milestone_id, Milestone.young_person_id == person.id
        )
    )
    if milestone is None:
        person_id = person.id
        db.session.rollback()
        audit.record(
            actor,
            action,
            object_type="milestone",
            object_id=milestone_id,
            young_person_id=person_id,
            outcome="refused",
        )
        db.session.commit()
        raise access.NotInScope(milestone_id)
    return milestone


def get_milestone(
    actor: Actor, person_id: int, milestone_id: int, *, action: str = "view_milestone"
) -> tuple[YoungPerson, Milestone]:
    """A milestone for reading: the person must be in scope and own the milestone."""
    person = access.get_person(actor, person_id, action=action)
    return person, _milestone_in(actor, person, milestone_id, action)


def get_milestone_to_edit(
    actor: Actor, person_id: int, milestone_id: int, *, action: str = "edit_milestone"
) -> tuple[YoungPerson, Milestone]:
    """A milestone for changing: only users who may edit the person."""
    person = access.get_person_to_edit(actor, person_id, action=action)
    return person, _milestone_in(actor, person, milestone_id, action)


def evidence_for(milestone: Milestone) -> list[MilestoneEvidence]:
    """Evidence notes, newest first, with their authors loaded in the same round trip."""
    return list(
        db.session.scalars(
            select(MilestoneEvidence)
            .options(selectinload(MilestoneEvidence.author))
            .where(MilestoneEvidence.milestone_id == milestone.id)
            .order_by(
                MilestoneEvidence.evidence_date.desc(),
                MilestoneEvidence.created_at.desc(),
                MilestoneEvidence.id.desc(),
            )
        )
    )


def changes_for(milestone: Milestone) -> list[MilestoneChange]:
    """The history, newest first."""
    return list(
        db.session.scalars(
            select(MilestoneChange)
            .options(selectinload(MilestoneChange.changed_by))
            .where(MilestoneChange.milestone_id == milestone.id)
            .order_by(MilestoneChange.changed_at.desc(), MilestoneChange.id.desc())
        )
    )


def _value_words(field: str, value: str | None) -> str:
    if value is None or value == "":
        return "none"
    if field == "status":
        return STATUS_LABELS.get(value, value).lower()
    if field in {"due_on", "framework_due_on", "achieved_on"}:
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    return value


def describe_change(change: MilestoneChange) -> str:
    """One history line in words, such as "Due date moved from 1 March 2030 to ..."."""
    if change.field == "created":
        return "Milestone added"
    label = FIELD_LABELS.get(change.field, change.field.replace("_", " ").capitalize())
    old = _value_words(change.field, change.old_value)
    new = _value_words(change.field, change.new_value)
    if change.field in {"due_on", "framework_due_on"}:
        return f"Due date moved from {old} to {new}"
    return f"{label} changed from {old} to {new}"


def _change(
    actor: Actor, milestone: Milestone, field: str, old: Any, new: Any, reason: str | None = None
) -> None:
    def text(value: Any) -> str | None:
        if value is None:
            return None
        return value.isoformat() if isinstance(value, date) else str(value)

    db.session.add(
        MilestoneChange(
            milestone=milestone,
            field=field,
            old_value=text(old),
            new_value=text(new),
            reason=reason,
            changed_by_id=actor.user_id,
        )
    )


def _check_version(milestone: Milestone, version: int) -> None:
    if milestone.version_id != version:
        raise StaleMilestone


def _flush() -> None:
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleMilestone from exc


def _audit(actor: Actor, action: str, person: YoungPerson, milestone: Milestone, detail=None):
    audit.record(
        actor,
        action,
        object_type="milestone",
        object_id=milestone.id,
        young_person_id=person.id,
        detail=detail,
    )


def update_status(
    actor: Actor,
    person: YoungPerson,
    milestone: Milestone,
    *,
    status: str,
    achieved_on: date | None,
    version: int,
) -> None:
    """Set the status (and the date achieved), keeping the old values in the history."""
    if status not in STATUS_LABELS:
        raise ValueError(f"Unknown milestone status {status!r}")
    achieved_on = achieved_on if status == "achieved" else None
    if (milestone.status, milestone.achieved_on) == (status, achieved_on):
        # Already so (the same form sent twice, say): nothing to change or refuse.
        return
    _check_version(milestone, version)
    if status != milestone.status:
        _change(actor, milestone, "status", milestone.status, status)
        milestone.status = status
    if achieved_on != milestone.achieved_on:
        _change(actor, milestone, "achieved_on", milestone.achieved_on, achieved_on)
        milestone.achieved_on = achieved_on
    milestone.updated_by_id = actor.user_id
    _audit(actor, "update_milestone_status", person, milestone, f"status: {status}")
    _flush()


def add_evidence(
    actor: Actor,
    person: YoungPerson,
    milestone: Milestone,
    *,
    text: str,
    evidence_date: date,
    document_id: int | None = None,
) -> MilestoneEvidence:
    """Add a dated note of what was done; notes are never edited, only added.

    The same note from the same person for the same day is added once, so a form
    sent twice does not record it twice.
    """
    same = db.session.scalar(
        select(MilestoneEvidence).where(
            MilestoneEvidence.milestone_id == milestone.id,
            MilestoneEvidence.text == text.strip(),
            MilestoneEvidence.evidence_date == evidence_date,
            MilestoneEvidence.author_id == actor.user_id,
        )
    )
    if same is not None:
        return same
    # Only a document kept with this same person's record.
    document = (
        db.session.scalar(
            select(Document).where(
                Document.id == document_id, Document.young_person_id == person.id
            )
        )
        if document_id
        else None
    )
    note = MilestoneEvidence(
        milestone=milestone,
        text=text.strip(),
        evidence_date=evidence_date,
        author_id=actor.user_id,
        document=document,
    )
    db.session.add(note)
    _audit(actor, "add_milestone_evidence", person, milestone)
    db.session.flush()
    return note


def move_due_date(
    actor: Actor,
    person: YoungPerson,
    milestone: Milestone,
    *,
    due_on: date,
    reason: str,
    version: int,
) -> None:
    """Move the due date; the reason is kept in the history with the old date."""
    _check_version(milestone, version)
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is needed to move a due date")
    if due_on != milestone.due_on:
        _change(actor, milestone, "due_on", milestone.due_on, due_on, reason)
        milestone.due_on = due_on
        if milestone.opens_on is not None and milestone.opens_on > due_on:
            milestone.opens_on = None
        milestone.updated_by_id = actor.user_id
    _audit(actor, "move_milestone_due_date", person, milestone, f"due: {due_on.isoformat()}")
    _flush()


def add_custom_milestone(
    actor: Actor,
    person: YoungPerson,
    *,
    area: str,
    title: str,
    description: str | None,
    due_on: date,
) -> Milestone:
    """A milestone for this person only, outside the framework (added once if sent twice)."""
    same = db.session.scalar(
        select(Milestone).where(
            Milestone.young_person_id == person.id,
            Milestone.code.is_(None),
            Milestone.area == area,
            Milestone.title == title.strip(),
            Milestone.due_on == due_on,
        )
    )
    if same is not None:
        return same
    milestone = Milestone(
        young_person_id=person.id,
        code=None,
        area=area,
        title=title.strip(),
        description=(description or "").strip() or None,
        source_status="custom",
        source="Added by the young person's worker",
        due_on=due_on,
        updated_by_id=actor.user_id,
    )
    db.session.add(milestone)
    db.session.flush()
    _change(actor, milestone, "created", None, title.strip())
    _audit(actor, "add_custom_milestone", person, milestone)
    return milestone


# --- Moving one person to the newest framework -------------------------------------


@dataclass(frozen=True)
class DateMove:
    milestone: Milestone
    old_due: date | None
    new_due: date | None


@dataclass(frozen=True)
class FrameworkUpdate:
    """What "Update dates to the latest framework" would do for one person."""

    newest: FrameworkVersion
    moves: tuple[DateMove, ...]
    rewordings: tuple[tuple[Milestone, MilestoneDefinition], ...]
    additions: tuple[MilestoneDefinition, ...]

    @property
    def changes_anything(self) -> bool:
        return bool(self.moves or self.rewordings or self.additions)


def _wording(definition: MilestoneDefinition) -> tuple[str, str, str, str, str]:
    return (
        definition.title,
        definition.plain_title,
        definition.description,
        definition.source,
        definition.lead,
    )


def _moved_by_hand(person: YoungPerson) -> set[int]:
    """Ids of the person's milestones whose due date a worker moved (with a reason)."""
    return set(
        db.session.scalars(
            select(MilestoneChange.milestone_id)
            .join(Milestone, Milestone.id == MilestoneChange.milestone_id)
            .where(Milestone.young_person_id == person.id, MilestoneChange.field == "due_on")
        )
    )


def _milestone_wording(milestone: Milestone) -> tuple[str, str, str, str, str]:
    return (
        milestone.title,
        milestone.plain_title or "",
        milestone.description or "",
        milestone.source or "",
        milestone.lead or "",
    )


def framework_update_for(
    person: YoungPerson,
    *,
    newest: FrameworkVersion | None = None,
    milestones: list[Milestone] | None = None,
) -> FrameworkUpdate | None:
    """What bringing a person's milestones in line with the newest framework would do.

    None when there is nothing to do. Due dates are worked out again from the newest
    framework and the person's date of birth and year group, so a framework change or a
    corrected date of birth both show up. Achieved milestones and dates a worker moved
    by hand keep their dates.
    """
    newest = newest or newest_framework_version()
    if newest is None:
        return None
    framework = framework_of(newest)
    if milestones is None:
        milestones = milestones_for(person)
    have = {m.code: m for m in milestones if m.code is not None}
    by_hand = _moved_by_hand(person)
    dob, offset = person.date_of_birth, person.year_group_offset
    moves: list[DateMove] = []
    rewordings: list[tuple[Milestone, MilestoneDefinition]] = []
    additions: list[MilestoneDefinition] = []
    for definition in framework.milestones:
        milestone = have.get(definition.code)
        if milestone is None:
            additions.append(definition)
            continue
        if milestone.status == "achieved":
            continue
        due = resolve(definition.due, dob, offset)
        if milestone.id not in by_hand and milestone.due_on != due:
            moves.append(DateMove(milestone, milestone.due_on, due))
        if _milestone_wording(milestone) != _wording(definition):
            rewordings.append((milestone, definition))
    update = FrameworkUpdate(newest, tuple(moves), tuple(rewordings), tuple(additions))
    if person.framework_version_id == newest.id and not update.changes_anything:
        return None
    return update


def update_to_newest_framework(actor: Actor, person: YoungPerson, *, version: int) -> int:
    """Apply the newest framework to one person; returns how many milestones changed.

    ``version`` is the person's record version the worker confirmed against, so a
    second click (or a framework published in between) changes nothing twice.
    """
    if person.version_id != version:
        raise StaleMilestone
    update = framework_update_for(person)
    if update is None:
        return 0
    reason = f"Updated to framework version {update.newest.version}"
    dob, offset = person.date_of_birth, person.year_group_offset
    definitions = framework_of(update.newest).by_code()
    for move in update.moves:
        milestone = move.milestone
        definition = definitions[milestone.code or ""]
        # Its own field, so a date the framework moved is not mistaken for one moved by hand.
        _change(actor, milestone, "framework_due_on", move.old_due, move.new_due, reason)
        milestone.due_on = move.new_due
        milestone.opens_on = resolve(definition.opens, dob, offset) if definition.opens else None
        milestone.updated_by_id = actor.user_id
    for milestone, definition in update.rewordings:
        if milestone.title != definition.title:
            _change(actor, milestone, "title", milestone.title, definition.title, reason)
        milestone.title = definition.title
        milestone.plain_title = definition.plain_title
        milestone.description = definition.description
        milestone.source = definition.source
        milestone.lead = definition.lead
        milestone.updated_by_id = actor.user_id
    for definition in update.additions:
        db.session.add(_new_milestone(person, definition))
    person.framework_version_id = update.newest.id
    audit.record(
        actor,
        "update_to_newest_framework",
        object_type="young_person",
        object_id=person.id,
        young_person_id=person.id,
        detail=reason,
    )
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleMilestone from exc
    return len(update.moves) + len(update.rewordings) + len(update.additions)


# --- Managers changing the framework -----------------------------------------------


@dataclass(frozen=True)
class WordingChange:
    title: str
    plain_title: str
    description: str
    source: str
    lead: str


@dataclass(frozen=True)
class AgeTiming:
    """A local milestone's timing as ages; opens is optional."""

    due_years: int
    due_months: int
    opens_years: int | None = None
    opens_months: int | None = None


def _age_anchor(years: int, months: int) -> Anchor:
    return Anchor(kind="age", years=years, months=months)


def _publish(
    actor: Actor, base_version: int, edited: Framework, change_note: str
) -> FrameworkVersion:
    """Check a council's edit against the current version and store it as the next one."""
    current = current_framework_version()
    if current.version != base_version:
        raise StaleFramework
    base = framework_of(current)
    number = current.version + 1
    data = framework_to_dict(dataclasses.replace(edited, version=number))
    # Reading it back runs every check the framework file gets (windows, titles...).
    checked = framework_from_dict(data)
    if data["milestones"] == current.definition["milestones"]:
        raise FrameworkError(["Nothing has changed: make a change, or go back to the framework"])
    check_council_changes(base, checked)
    version = FrameworkVersion(
        version=number,
        name=checked.name,
        definition=data,
        change_note=change_note.strip(),
        created_by_id=actor.user_id,
    )
    db.session.add(version)
    audit.record(
        actor,
        "change_framework",
        object_type="framework_version",
        detail=f"version {number}: {change_note.strip()}",
    )
    try:
        db.session.flush()
    except IntegrityError as exc:
        # Another manager published the same version number first.
        db.session.rollback()
        raise StaleFramework from exc
    return version


def _replace_milestone(
    framework: Framework, code: str, **changes: Any
) -> tuple[Framework, MilestoneDefinition]:
    milestones = list(framework.milestones)
    for index, milestone in enumerate(milestones):
        if milestone.code == code:
            milestones[index] = dataclasses.replace(milestone, **changes)
            return dataclasses.replace(framework, milestones=tuple(milestones)), milestone
    raise KeyError(code)


def framework_milestone(code: str) -> tuple[FrameworkVersion, MilestoneDefinition]:
    """A milestone of the current framework by code; KeyError when there is none."""
    current = current_framework_version()
    return current, framework_of(current).by_code()[code]


def change_framework_milestone(
    actor: Actor,
    code: str,
    *,
    base_version: int,
    wording: WordingChange,
    timing: AgeTiming | None,
    change_note: str,
) -> FrameworkVersion:
    """Reword a milestone and, for a local one with ages, change its timing."""
    framework = framework_of(current_framework_version())
    changes: dict[str, Any] = {
        "title": wording.title.strip(),
        "plain_title": wording.plain_title.strip(),
        "description": wording.description.strip(),
        "source": wording.source.strip(),
        "lead": wording.lead.strip(),
    }
    if timing is not None:
        changes["due"] = _age_anchor(timing.due_years, timing.due_months)
        if timing.opens_years is not None:
            changes["opens"] = _age_anchor(timing.opens_years, timing.opens_months or 0)
    edited, _ = _replace_milestone(framework, code, **changes)
    return _publish(actor, base_version, edited, change_note)


def next_council_code(framework: Framework) -> str:
    numbers = [
        int(m.code[1:])
        for m in framework.milestones
        if re.fullmatch(rf"{COUNCIL_CODE_PREFIX}\d+", m.code)
    ]
    return f"{COUNCIL_CODE_PREFIX}{max(numbers, default=0) + 1:02d}"


def add_council_milestone(
    actor: Actor,
    *,
    base_version: int,
    area: str,
    wording: WordingChange,
    timing: AgeTiming,
    change_note: str,
) -> FrameworkVersion:
    """A milestone of the council's own: local practice, timed by age."""
    framework = framework_of(current_framework_version())
    milestone = MilestoneDefinition(
        code=next_council_code(framework),
        area=area,
        title=wording.title.strip(),
        description=wording.description.strip(),
        plain_title=wording.plain_title.strip(),
        status="local",
        source=wording.source.strip(),
        lead=wording.lead.strip(),
        due=_age_anchor(timing.due_years, timing.due_months),
        opens=_age_anchor(timing.opens_years, timing.opens_months or 0)
        if timing.opens_years is not None
        else None,
        local=True,
    )
    edited = dataclasses.replace(framework, milestones=(*framework.milestones, milestone))
    return _publish(actor, base_version, edited, change_note)


def retire_framework_milestone(
    actor: Actor, code: str, *, base_version: int, change_note: str
) -> FrameworkVersion:
    """Remove a milestone from the framework; law and statutory guidance ones stay."""
    framework = framework_of(current_framework_version())
    if code not in framework.by_code():
        raise KeyError(code)
    edited = dataclasses.replace(
        framework, milestones=tuple(m for m in framework.milestones if m.code != code)
    )
    return _publish(actor, base_version, edited, change_note)
