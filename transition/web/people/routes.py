"""Young people's records: find, create, read, change, and record consent."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from transition.extensions import db
from transition.models import Team, User
from transition.models.people import CAPACITY_LABELS, DECISION_MAKER_LABELS
from transition.models.users import Role
from transition.pathway.keydates import key_dates
from transition.services import access
from transition.services import caseload as caseload_service
from transition.services import people as people_service
from transition.services.clock import today
from transition.services.people import StaleRecord
from transition.web.forms import show_stale
from transition.web.people.forms import ConsentForm, SearchForm, YoungPersonForm
from transition.web.roles import roles_required
from transition.web.sessions import current_actor

bp = Blueprint("people", __name__, url_prefix="/young-people")

PER_PAGE = 25
READERS = (Role.WORKER, Role.MANAGER, Role.ADULT_SERVICES, Role.YOUNG_PERSON, Role.PARENT_CARER)


@bp.get("")
@roles_required(Role.WORKER, Role.MANAGER)
def index():
    form = SearchForm(request.args)
    page = max(1, min(form.page.data or 1, 10_000)) if form.page.validate(form) else 1
    term = (form.q.data or "").strip()[:100]
    found = people_service.find(current_user, term, page=page, per_page=PER_PAGE)
    return render_template(
        "people/index.html",
        form=None,
        search=form,
        people=found.items,
        total=found.total,
        page=page,
        pages=max(1, found.pages),
        term=term,
    )


def _allocation_choices(form: YoungPersonForm) -> None:
    user = current_user
    if user.role == Role.MANAGER:
        teams = db.session.scalars(
            select(Team).where(Team.kind == "childrens").order_by(Team.name)
        ).all()
        workers = db.session.scalars(
            select(User)
            .where(User.role == Role.WORKER, User.is_active_account.is_(True))
            .order_by(User.name)
        ).all()
    else:
        teams = [user.team] if user.team else []
        workers = people_service.workers_for(user.team)
    form.team_id.choices = [(0, "Not allocated to a team")] + [(t.id, t.name) for t in teams]
    form.worker_id.choices = [(0, "Not allocated")] + [
        (w.id, f"{w.name} ({w.team.name if w.team else 'no team'})") for w in workers
    ]


def _allocation(form: YoungPersonForm) -> tuple[Team | None, User | None] | None:
    team = db.session.get(Team, form.team_id.data) if form.team_id.data else None
    worker = db.session.get(User, form.worker_id.data) if form.worker_id.data else None
    if current_user.role == Role.WORKER:
        team = current_user.team
    if worker is not None and team is not None and worker.team_id != team.id:
        form.worker_id.errors.append("Choose a worker who is in the team you selected")
        return None
    return team, worker


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.WORKER, Role.MANAGER)
def create():
    form = YoungPersonForm(today=today())
    _allocation_choices(form)
    if request.method == "GET":
        form.has_ehc_plan.data = "yes"
        if current_user.role == Role.WORKER:
            form.team_id.data = current_user.team_id or 0
            form.worker_id.data = current_user.id
    repeat = form.is_submitted() and people_service.just_created(
        current_actor(), form.first_name.data, form.last_name.data, form.date_of_birth.data
    )
    if repeat:
        # The same form sent twice: show the record the first one made.
        return redirect(url_for("people.show", person_id=repeat.id))
    if form.validate_on_submit():
        allocation = _allocation(form)
        if allocation is not None:
            team, worker = allocation
            person = people_service.create_person(
                current_actor(), form.person_data(), team=team, worker=worker
            )
            flash(f"Record created for {person.full_name}.", "success")
            return redirect(url_for("people.show", person_id=person.id))
    return render_template("people/edit.html", form=form, person=None)


@bp.get("/<int:person_id>")
@roles_required(*READERS)
def show(person_id: int):
    person = access.get_person(current_actor(), person_id)
    return render_template(
        "people/show.html",
        person=person,
        dates=key_dates(person.date_of_birth, person.year_group_offset).labelled(),
        can_edit=access.can_edit(current_user, person),
        consent=person.current_consent(),
        capacity_labels=CAPACITY_LABELS,
        decision_makers=DECISION_MAKER_LABELS,
        today=today(),
    )


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
@roles_required(Role.WORKER, Role.MANAGER)
def edit(person_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id)
    form = YoungPersonForm(obj=person, person_id=person.id, today=today())
    _allocation_choices(form)
    if request.method == "GET":
        form.version.data = str(person.version_id)
        form.has_ehc_plan.data = "yes" if person.has_ehc_plan else "no"
        form.year_group_offset.data = str(person.year_group_offset)
        form.primary_need.data = person.primary_need or ""
        form.team_id.data = person.team_id or 0
        form.worker_id.data = person.worker_id or 0
    elif form.validate_on_submit():
        allocation = _allocation(form)
        if allocation is not None:
            version = form.version.data
            try:
                people_service.update_person(actor, person, form.person_data(), version=version)
                caseload_service.change_allocation(actor, person, *allocation)
            except StaleRecord as error:
                form.version.errors = []
                show_stale(form, form.first_name, error, lambda: person.version_id)
            else:
                flash("Record updated.", "success")
                return redirect(url_for("people.show", person_id=person.id))
    return render_template("people/edit.html", form=form, person=person)


@bp.route("/<int:person_id>/consent", methods=["GET", "POST"])
@roles_required(Role.WORKER, Role.MANAGER)
def consent(person_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id, action="record_consent")
    form = ConsentForm()
    if form.validate_on_submit():
        people_service.record_consent(
            actor,
            person,
            form.consent_input("share_with_adult_services"),
        )
        flash("Decision about sharing recorded.", "success")
        return redirect(url_for("people.show", person_id=person.id) + "#consent")
    return render_template("people/consent.html", form=form, person=person)
