"""Builders for test data, going through the services the app itself uses."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from transition.extensions import db
from transition.models import Document, Team, User, YoungPerson
from transition.services import accounts, people, storage
from transition.services.audit import Actor

PASSWORD = "correct horse battery staple"
_sequence = itertools.count(1)


def make_team(name: str | None = None, *, kind: str = "childrens", service=None) -> Team:
    team = Team(name=name or f"Team {next(_sequence)}", kind=kind, service=service)
    db.session.add(team)
    db.session.flush()
    return team


def make_user(role: str, *, team: Team | None = None, email: str | None = None, **kw) -> User:
    user = accounts.create_user(
        email=email or f"{role}{next(_sequence)}@example.org",
        name=kw.pop("name", f"Test {role.replace('_', ' ')}"),
        role=role,
        password=PASSWORD,
        team=team,
        **kw,
    )
    db.session.flush()
    return user


def make_person(
    *,
    team: Team | None = None,
    worker: User | None = None,
    dob: date = date(2011, 5, 10),
    marker: str | None = None,
    **fields,
) -> YoungPerson:
    """A young person; `marker` is written into every free-text field to spot leaks."""
    n = next(_sequence)
    data = {
        "first_name": f"First{marker or n}",
        "last_name": f"Last{marker or n}",
        "date_of_birth": dob,
        "local_reference": f"REF-{n:05d}",
        "has_ehc_plan": True,
        "nhs_number": "9434765919",
    }
    if marker:
        for name in ("communication_needs", "aspirations", "risks", "services_now"):
            data[name] = f"{marker} {name}"
    data.update(fields)
    person = people.create_person(Actor(None), data, team=team, worker=worker)
    db.session.flush()
    return person


def store_document(
    person: YoungPerson, content: bytes, *, sensitive: bool = False, title: str = "EHC plan"
) -> Document:
    """A document kept in the app's store, as an upload would keep it."""
    key = storage.new_key()
    storage.current_store().put(key, content, "application/pdf")
    document = Document(
        young_person_id=person.id,
        title=title,
        kind="ehc_plan",
        document_date=date(2025, 1, 1),
        sensitive=sensitive,
        filename="plan.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
        storage_key=key,
    )
    db.session.add(document)
    db.session.flush()
    return document


@dataclass
class World:
    north: Team
    south: Team
    social_care: Team
    health: Team
    manager: User
    worker: User
    worker2: User
    adult_social_care: User
    adult_health: User

    @classmethod
    def build(cls) -> World:
        north = make_team("North team")
        south = make_team("South team")
        social = make_team("Adult Social Care", kind="adult", service="adult_social_care")
        health = make_team("Adult Health", kind="adult", service="adult_health")
        world = cls(
            north=north,
            south=south,
            social_care=social,
            health=health,
            manager=make_user("manager", email="manager@example.org"),
            worker=make_user("worker", team=north, email="worker@example.org"),
            worker2=make_user("worker", team=south, email="worker2@example.org"),
            adult_social_care=make_user("adult_services", team=social),
            adult_health=make_user("adult_services", team=health),
        )
        db.session.commit()
        return world

    def young_person_user(self, person: YoungPerson) -> User:
        user = make_user("young_person", young_person_id=person.id)
        db.session.commit()
        return user
