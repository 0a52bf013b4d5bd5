"""A worker's caseload: who needs action, sorted and filtered, and what is due soon."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from transition.extensions import db
from transition.models import utcnow
from transition.services import attention as attention_service
from transition.services import audit
from transition.services import caseload as caseload_service
from transition.services.clock import today
from transition.web.caseload.forms import CaseloadFilterForm, SetAsideForm, listing_args
from transition.web.roles import roles_required
from transition.web.sessions import current_actor

bp = Blueprint("caseload", __name__, url_prefix="/caseload")


def link_maker(endpoint: str, base: dict):
    """A function the template calls to link to this list with some arguments changed."""

    def link(**changes) -> str:
        args = {**base, **changes}
        return url_for(endpoint, **{k: v for k, v in args.items() if v not in (None, "")})

    return link


def list_detail(args: dict, page: int) -> str:
    """Which filters a list was shown with, by name only: a search's words are not kept."""
    used = sorted(name for name, value in args.items() if value not in (None, ""))
    return f"page {page}" + (f", filtered by {', '.join(used)}" if used else "")


@bp.get("")
@roles_required("worker")
def index():
    team_view = request.args.get("scope") == "team" and current_user.team_id is not None
    form = CaseloadFilterForm(request.args)
    filters = form.filters()
    sort, descending, page, per_page = listing_args(request.args)
    result = caseload_service.caseload_page(
        current_user,
        today(),
        filters=filters,
        mine_only=not team_view,
        sort=sort,
        descending=descending,
        page=page,
        per_page=per_page,
    )
    due = caseload_service.due_soon(current_user, today(), mine_only=not team_view)
    shown = [row.person_id for row in result.rows]
    shown += [item.person_id for section in due.sections for item in section.items]
    audit.record_list_view(
        current_actor(),
        "team_caseload" if team_view else "caseload",
        shown,
        detail=list_detail(filters.as_args(), result.page),
    )
    db.session.commit()
    base = {
        **filters.as_args(),
        "scope": "team" if team_view else None,
        "sort": result.sort if result.sort != caseload_service.DEFAULT_SORT else None,
        "dir": "desc" if result.descending else None,
        "per_page": result.per_page if result.per_page != caseload_service.PAGE_SIZES[0] else None,
    }
    return render_template(
        "caseload/index.html",
        filters_form=form,
        filters=filters,
        result=result,
        team_view=team_view,
        due=due,
        link=link_maker("caseload.index", base),
        today=today(),
        attention=attention_service.for_worker(current_user, today(), utcnow()),
    )


@bp.route("/attention/set-aside", methods=["GET", "POST"])
@roles_required("worker")
def set_aside():
    """Take one item off "Needs your attention" for a week or four, with a reason."""
    form = SetAsideForm()
    key = form.key.data if request.method == "POST" else request.args.get("key", "")
    attention = attention_service.for_worker(current_user, today(), utcnow())
    item = next((i for g in attention.groups for i in g.items if i.key == key), None)
    if item is None or not item.dismissible:
        abort(404)
    form.key.data = key
    if form.validate_on_submit():
        attention_service.dismiss(
            current_actor(), attention, key, form.reason.data, int(form.days.data), today()
        )
        db.session.commit()
        flash("Set aside. It comes back to your list if it is still not dealt with.", "success")
        return redirect(url_for("caseload.index"))
    return render_template("caseload/set_aside.html", form=form, item=item)
