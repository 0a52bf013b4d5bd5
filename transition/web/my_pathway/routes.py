"""A young person's own pathway, in plain words."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from transition.extensions import db
from transition.services import access
from transition.web.roles import roles_required
from transition.web.sessions import current_actor

bp = Blueprint("my_pathway", __name__, url_prefix="/my-pathway")


@bp.get("")
@roles_required("young_person", "parent_carer")
def index():
    person = access.get_person(current_actor(), current_user.young_person_id or 0)
    db.session.commit()
    return render_template("my_pathway/index.html", person=person)
