"""Managers' reports, each table also downloadable as CSV."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from flask_login import current_user

from transition.models.users import Role
from transition.services import reports as reports_service
from transition.services.clock import today
from transition.web.roles import roles_required
from transition.web.sessions import current_actor

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.get("")
@roles_required(Role.MANAGER)
def index():
    return render_template(
        "reports/index.html", tables=reports_service.all_reports(current_user, today())
    )


@bp.get("/<name>.csv")
@roles_required(Role.MANAGER)
def download(name: str):
    table = reports_service.export(current_actor(), name, today())
    if table is None:
        abort(404)
    return Response(
        reports_service.to_csv(table),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{table.name}-{today().isoformat()}.csv"'
        },
    )
