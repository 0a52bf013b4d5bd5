"""Managers' view across every team."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import func, select

from transition.extensions import db
from transition.models import Team, User, YoungPerson
from transition.web.roles import roles_required

bp = Blueprint("team", __name__, url_prefix="/team")


@bp.get("")
@roles_required("manager")
def index():
    counts = dict(
        db.session.execute(
            select(YoungPerson.team_id, func.count(YoungPerson.id)).group_by(YoungPerson.team_id)
        ).all()
    )
    workers = dict(
        db.session.execute(
            select(User.team_id, func.count(User.id))
            .where(User.role == "worker", User.is_active_account.is_(True))
            .group_by(User.team_id)
        ).all()
    )
    teams = db.session.scalars(select(Team).order_by(Team.kind.desc(), Team.name)).all()
    return render_template(
        "team/index.html",
        teams=teams,
        counts=counts,
        workers=workers,
        unallocated=counts.get(None, 0),
    )
