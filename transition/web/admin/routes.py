"""Managers' administration: users, teams and the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from transition.extensions import db
from transition.models import Team, User, utcnow
from transition.models.users import ROLE_LABELS, ROLES, Role
from transition.services import accounts, audit, second_factor, teams
from transition.web.admin.forms import ChangeTeamForm, ConfirmForm, StaffForm, TeamForm
from transition.web.roles import roles_required
from transition.web.sessions import current_actor

bp = Blueprint("admin", __name__)

AUDIT_PER_PAGE = 50


def _positive_int(value: str | None, default: int | None = None) -> int | None:
    if value is None or not value.isdigit() or len(value) > 9:
        return default
    return int(value)


@bp.get("/admin")
@roles_required(Role.MANAGER)
def index():
    return render_template("admin/index.html")


@bp.get("/audit")
@roles_required(Role.MANAGER)
def audit_log():
    person_id = _positive_int(request.args.get("young_person"))
    page = max(1, _positive_int(request.args.get("page"), 1) or 1)
    events, total = audit.events_page(young_person_id=person_id, page=page, per_page=AUDIT_PER_PAGE)
    audit.record(
        current_actor(),
        "view_audit_log",
        young_person_id=person_id,
        detail=f"page {page}",
    )
    return render_template(
        "admin/audit.html",
        events=events,
        total=total,
        page=page,
        pages=max(1, -(-total // AUDIT_PER_PAGE)),
        person_id=person_id,
    )


@bp.get("/admin/teams")
@roles_required(Role.MANAGER)
def team_list():
    people, staff = teams.team_sizes()
    return render_template("admin/teams.html", teams=teams.all_teams(), people=people, staff=staff)


@bp.route("/admin/teams/new", methods=["GET", "POST"])
@roles_required(Role.MANAGER)
def new_team():
    form = TeamForm()
    if form.validate_on_submit():
        try:
            team = teams.create_team(
                current_actor(),
                name=form.name.data,
                kind=form.kind.data,
                service=form.service.data,
                email=form.email.data,
            )
        except teams.TeamProblem as problem:
            form.name.errors.append(str(problem))
        else:
            flash(f"{team.name} added.", "success")
            return redirect(url_for("admin.team_list"))
    return render_template("admin/team_form.html", form=form)


def _team_choices() -> list[tuple[int, str]]:
    return [(0, "No team (managers only)")] + [
        (team.id, f"{team.name} ({team.service_label})") for team in teams.all_teams()
    ]


@bp.get("/admin/users")
@roles_required(Role.MANAGER)
def user_list():
    role = request.args.get("role")
    users = accounts.list_users(role if role in ROLES else None)
    return render_template("admin/users.html", users=users, role=role, roles=ROLE_LABELS)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@roles_required(Role.MANAGER)
def new_user():
    form = StaffForm()
    form.team_id.choices = _team_choices()
    if form.validate_on_submit():
        team = db.session.get(Team, form.team_id.data) if form.team_id.data else None
        try:
            user, token = accounts.invite_staff(
                current_actor(),
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                team=team,
                now=utcnow(),
            )
        except accounts.AccountError as problem:
            field = form.email if "email" in str(problem) else form.team_id
            field.errors.append(str(problem))
        else:
            # The link is shown once, on this response, and never stored in clear.
            return render_template(
                "admin/user_link.html",
                user=user,
                link=url_for("invitations.set_password", token=token, _external=True),
                created=True,
            )
    return render_template("admin/user_form.html", form=form)


def _staff_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.MANAGER)
def user_detail(user_id: int):
    user = _staff_user(user_id)
    form = ChangeTeamForm()
    form.team_id.choices = _team_choices()
    if request.method == "GET":
        form.version.data = str(user.version_id)
        form.team_id.data = user.team_id or 0
    elif form.validate_on_submit():
        team = db.session.get(Team, form.team_id.data) if form.team_id.data else None
        try:
            accounts.change_team(current_actor(), user, team, version=form.version.data)
        except accounts.AccountError as problem:
            form.team_id.errors.append(str(problem))
        else:
            flash(f"{user.name}'s team changed.", "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template("admin/user.html", user=user, form=form, confirm=ConfirmForm())


@bp.post("/admin/users/<int:user_id>/disable")
@roles_required(Role.MANAGER)
def disable_user(user_id: int):
    user = _staff_user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash("You cannot disable your own account.", "error")
        return redirect(url_for("admin.user_detail", user_id=user.id))
    accounts.disable_user(current_actor(), user)
    flash(f"{user.name}'s account is disabled. They have been signed out.", "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/admin/users/<int:user_id>/reset")
@roles_required(Role.MANAGER)
def reset_password(user_id: int):
    user = _staff_user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not user.is_active:
        audit.record_refusal(
            current_actor(),
            "reset_password",
            object_type="user",
            object_id=user.id,
            detail="the account is disabled",
        )
        abort(400)
    token = accounts.reset_staff_password(current_actor(), user, utcnow())
    return render_template(
        "admin/user_link.html",
        user=user,
        link=url_for("invitations.set_password", token=token, _external=True),
        created=False,
    )


@bp.post("/admin/users/<int:user_id>/second-factor/reset")
@roles_required(Role.MANAGER)
def reset_second_factor(user_id: int):
    user = _staff_user(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    second_factor.reset(current_actor(), user)
    flash(
        f"{user.name}'s second factor is reset. They have been signed out and will set up "
        "an authenticator app again when they next sign in.",
        "success",
    )
    return redirect(url_for("admin.user_detail", user_id=user.id))
