"""Putting the milestone framework onto young people's records."""

from __future__ import annotations

from sqlalchemy import select

from transition.extensions import db
from transition.models import FrameworkVersion, Milestone, YoungPerson
from transition.pathway.framework import (
    Framework,
    framework_from_dict,
    framework_to_dict,
    load_framework,
    resolve,
)


def current_framework_version() -> FrameworkVersion:
    """The newest framework version, seeding version 1 from the packaged default."""
    version = db.session.scalar(
        select(FrameworkVersion).order_by(FrameworkVersion.version.desc()).limit(1)
    )
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


def framework_of(version: FrameworkVersion) -> Framework:
    return framework_from_dict(version.definition)


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
        db.session.add(
            Milestone(
                young_person_id=person.id,
                code=definition.code,
                area=definition.area,
                title=definition.title,
                plain_title=definition.plain_title,
                description=definition.description,
                source_status=definition.status,
                source=definition.source,
                lead=definition.lead,
                opens_on=resolve(definition.opens, person.date_of_birth, person.year_group_offset)
                if definition.opens
                else None,
                due_on=resolve(definition.due, person.date_of_birth, person.year_group_offset),
            )
        )
        added += 1
    person.framework_version_id = version.id
    return added
