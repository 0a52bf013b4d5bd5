"""Adult services' inbox of handovers sent to their team."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from transition.extensions import db
from transition.models import Handover
from transition.web.roles import roles_required

bp = Blueprint("handovers", __name__, url_prefix="/handovers")


@bp.get("")
@roles_required("adult_services")
def inbox():
    handovers = db.session.scalars(
        select(Handover)
        .options(joinedload(Handover.young_person))
        .where(Handover.team_id == current_user.team_id, Handover.state != "draft")
        .order_by(Handover.target_date, Handover.id)
    ).all()
    return render_template("handovers/inbox.html", handovers=handovers)
