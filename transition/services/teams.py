"""Teams: children's transition teams and the adult teams that receive handovers."""

from __future__ import annotations

from sqlalchemy import func, select

from transition.extensions import db
from transition.models import Team, User, YoungPerson
from transition.services import audit
from transition.services.audit import Actor


class TeamProblem(ValueError):
    """A reason the team cannot be saved, worded for the form."""


def all_teams() -> list[Team]:
    return list(db.session.scalars(select(Team).order_by(Team.kind.desc(), Team.name)))


def team_sizes() -> tuple[dict[int | None, int], dict[int | None, int]]:
    """People and active staff per team, in two queries."""
    people = dict(
        db.session.execute(
            select(YoungPerson.team_id, func.count(YoungPerson.id)).group_by(YoungPerson.team_id)
        ).all()
    )
    staff = dict(
        db.session.execute(
            select(User.team_id, func.count(User.id))
            .where(User.is_active_account.is_(True))
            .group_by(User.team_id)
        ).all()
    )
    return people, staff


def create_team(
    actor: Actor, *, name: str, kind: str, service: str | None, email: str | None
) -> Team:
    name = name.strip()
    if db.session.scalar(select(Team.id).where(func.lower(Team.name) == name.lower())):
        raise TeamProblem("A team with this name already exists")
    team = Team(
        name=name,
        kind=kind,
        service=service if kind == "adult" else None,
        email=(email or "").strip() or None,
    )
    db.session.add(team)
    db.session.flush()
    audit.record(actor, "create_team", object_type="team", object_id=team.id, detail=name)
    return team


def set_caseload_limit(actor: Actor, team: Team, limit: int | None) -> None:
    """Workers in `team` holding more than `limit` young people show on /team."""
    team.caseload_limit = limit
    audit.record(
        actor,
        "set_caseload_limit",
        object_type="team",
        object_id=team.id,
        detail=f"{team.name}: {limit if limit is not None else 'no limit'}",
    )
    db.session.flush()
