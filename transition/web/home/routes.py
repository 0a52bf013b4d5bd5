"""The front door: each role's home, and the health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from transition.extensions import db

bp = Blueprint("home", __name__)

HOMES = {
    "worker": "caseload.index",
    "manager": "team.index",
    "adult_services": "handovers.inbox",
    "young_person": "my_pathway.index",
    "parent_carer": "my_pathway.index",
}


@bp.get("/")
@login_required
def index():
    return redirect(url_for(HOMES[current_user.role]))


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception:
        db.session.rollback()
        return jsonify({"status": "unavailable", "database": "not answering"}), 503
    return jsonify({"status": "ok", "database": "ok"})
