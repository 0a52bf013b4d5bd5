"""Managers' oversight: counts by team and worker, the lists behind them, reallocation."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from transition.extensions import db
from transition.models import Team, User
from transition.services import attention as attention_service
from transition.services import audit
from transition.services import caseload as caseload_service
from transition.services import teams as team_service
from transition.services.caseload import StaleChoice
from transition.services.clock import today
from transition.web.caseload.forms import TeamFilterForm, listing_args
from transition.web.caseload.routes import link_maker, list_detail
from transition.web.roles import roles_required
from transition.web.sessions import current_actor
from transition.web.team.forms import CaseloadSizeForm, ReallocateForm

bp = Blueprint("team", __name__, url_prefix="/team")


@bp.get("")
@roles_required("manager")
def index():
    return render_template(
        "team/index.html",
        attention=attention_service.for_manager(current_user, today()),
        overview=caseload_service.team_overview(current_user, today()),
        areas=caseload_service.area_labels(),
        age_bands=caseload_service.AGE_BAND_LABELS,
    )


@bp.get("/people")
@roles_required("manager")
def people():
    teams = db.session.scalars(select(Team).where(Team.kind == "childrens").order_by(Team.name))
    workers = db.session.scalars(
        select(User).where(User.role == "worker").order_by(User.name, User.id)
    )
    form = TeamFilterForm(request.args, teams=teams.all(), workers=workers.all())
    filters = form.filters()
    sort, descending, page, per_page = listing_args(request.args)
    result = caseload_service.caseload_page(
        current_user,
        today(),
        filters=filters,
        sort=sort,
        descending=descending,
        page=page,
        per_page=per_page,
    )
    audit.record_list_view(
        current_actor(),
        "team_people",
        [row.person_id for row in result.rows],
        detail=list_detail(filters.as_args(), result.page),
    )
    db.session.commit()
    base = {
        **filters.as_args(),
        "sort": result.sort if result.sort != caseload_service.DEFAULT_SORT else None,
        "dir": "desc" if result.descending else None,
        "per_page": result.per_page if result.per_page != caseload_service.PAGE_SIZES[0] else None,
    }
    return render_template(
        "team/people.html",
        filters_form=form,
        filters=filters,
        result=result,
        link=link_maker("team.people", base),
    )


def _reallocate_page(form: ReallocateForm, picks: list[tuple[int, int]]):
    form.people.data = ",".join(f"{person_id}:{version}" for person_id, version in picks)
    return render_template(
        "team/reallocate.html",
        form=form,
        people=caseload_service.chosen_people(current_user, picks),
    )


@bp.get("/reallocate")
@roles_required("manager")
def choose_allocation():
    picks = caseload_service.parse_picks(request.args.getlist("person"))
    if not picks:
        flash("Choose at least one young person to move.")
        return redirect(url_for("team.people"))
    form = ReallocateForm(formdata=None)
    form.target.choices = [("", "Choose a worker or team"), *caseload_service.allocation_targets()]
    return _reallocate_page(form, picks)


@bp.post("/reallocate")
@roles_required("manager")
def reallocate():
    form = ReallocateForm()
    form.target.choices = [("", "Choose a worker or team"), *caseload_service.allocation_targets()]
    picks = caseload_service.parse_picks((form.people.data or "").split(","))
    if not picks:
        flash("Choose at least one young person to move.")
        return redirect(url_for("team.people"))
    if form.validate_on_submit():
        target = caseload_service.resolve_target(form.target.data)
        if target is None:
            form.target.errors.append("Select who to move them to")
            return _reallocate_page(form, picks)
        team, worker = target
        try:
            moved = caseload_service.reallocate(
                current_actor(), picks, team, worker, form.reason.data.strip()
            )
            db.session.commit()
        except StaleChoice as stale:
            db.session.rollback()
            form.target.errors.append(
                f"Someone else changed {', '.join(stale.names)} after you chose them, so "
                "nobody has been moved. Check who is listed and move them again"
            )
            # Show the records as they are now, so moving them again is a choice made knowingly.
            current = caseload_service.chosen_people(current_user, picks)
            return _reallocate_page(form, [(p.id, p.version_id) for p in current])
        count = len(moved)
        where = worker.name if worker else f"{team.name} (not allocated to a worker)"
        flash(
            f"Moved {count} {'young person' if count == 1 else 'young people'} to {where}.",
            "success",
        )
        args = {"team": team.id, "worker": worker.id if worker else "none"}
        return redirect(url_for("team.people", **args))
    return _reallocate_page(form, picks)


@bp.route("/caseload-size", methods=["GET", "POST"])
@roles_required("manager")
def caseload_size():
    """Set how many young people a worker in each team should hold at most."""
    teams = [t for t in team_service.all_teams() if t.kind == "childrens"]
    form = CaseloadSizeForm()
    form.team.choices = [("", "Choose a team")] + [(str(t.id), t.name) for t in teams]
    if form.validate_on_submit():
        team = next((t for t in teams if str(t.id) == form.team.data), None)
        if team is None:
            form.team.errors.append("Select a team")
        else:
            limit = int(form.limit.data) if form.limit.data else None
            team_service.set_caseload_limit(current_actor(), team, limit)
            db.session.commit()
            flash(f"{team.name}: caseload size saved", "success")
            return redirect(url_for("team.index"))
    return render_template("team/caseload_size.html", form=form, teams=teams)
