"""A worker's caseload: the young people allocated to them."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from transition.extensions import db
from transition.models import YoungPerson
from transition.services import access
from transition.web.roles import roles_required

bp = Blueprint("caseload", __name__, url_prefix="/caseload")


@bp.get("")
@roles_required("worker")
def index():
    people = db.session.scalars(
        access.people_in_scope(current_user)
        .where(YoungPerson.worker_id == current_user.id)
        .order_by(YoungPerson.date_of_birth, YoungPerson.id)
    ).all()
    return render_template("caseload/index.html", people=people)
