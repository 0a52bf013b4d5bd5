"""Accounts for young people and their parents or carers, made by their worker.

The worker invites; the service shows the one-time link once, for the worker
to pass on (nothing is emailed). The link lets its holder set a password.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from transition.extensions import db
from transition.models import User, YoungPerson
from transition.models.users import Role
from transition.services import access, audit, invitations, my_pathway
from transition.services import people as people_service
from transition.services.clock import today
from transition.web.invitations.forms import (
    InviteParentForm,
    InviteYoungPersonForm,
    ParentAccessDecisionForm,
    SetPasswordForm,
)
from transition.web.roles import roles_required
from transition.web.sessions import current_actor, sign_in

bp = Blueprint("invitations", __name__)

STAFF = (Role.WORKER, Role.MANAGER)


@bp.app_template_global()
def linked_accounts(person: YoungPerson) -> list[User]:
    """For the worker's record page: who can sign in to see this pathway."""
    return invitations.accounts_for(person)


@bp.app_template_global()
def parent_access_for(person: YoungPerson) -> my_pathway.ParentAccess:
    return my_pathway.parent_access(person, today())


def _link_page(person: YoungPerson, user: User, token: str, *, reset: bool):
    link = url_for("invitations.set_password", token=token, _external=True)
    response = render_template(
        "invitations/link.html", person=person, user=user, link=link, reset=reset
    )
    return response, 200, {"Referrer-Policy": "no-referrer"}


@bp.route("/young-people/<int:person_id>/invite", methods=["GET", "POST"])
@roles_required(*STAFF)
def invite_young_person(person_id: int):
    return _invite(person_id, InviteYoungPersonForm(), role=Role.YOUNG_PERSON)


@bp.route("/young-people/<int:person_id>/invite-parent", methods=["GET", "POST"])
@roles_required(*STAFF)
def invite_parent(person_id: int):
    return _invite(person_id, InviteParentForm(), role=Role.PARENT_CARER)


def _invite(person_id: int, form, *, role: str):
    """Invite the young person (role young_person) or a parent or carer (with a name)."""
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id, action="invite_user")
    if form.validate_on_submit():
        name = form.name.data if role == Role.PARENT_CARER else None
        try:
            invitation = invitations.invite(
                actor, person, email=form.email.data, role=role, name=name
            )
        except invitations.InvitationProblem as problem:
            db.session.rollback()
            form.email.errors.append(str(problem))
        else:
            return _link_page(person, invitation.user, invitation.token, reset=False)
    return render_template(
        "invitations/invite.html", form=form, person=person, parent=role == Role.PARENT_CARER
    )


@bp.post("/young-people/<int:person_id>/accounts/<int:user_id>/reset")
@roles_required(*STAFF)
def reset(person_id: int, user_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id, action="reset_password")
    user = invitations.account_of(person, user_id)
    if user is None:
        audit.record_refusal(
            actor,
            "reset_password",
            object_type="user",
            object_id=user_id,
            young_person_id=person_id,
            detail="not an account of this young person",
        )
        abort(404)
    token = invitations.reset(actor, person, user)
    return _link_page(person, user, token, reset=True)


@bp.route("/young-people/<int:person_id>/parent-access", methods=["GET", "POST"])
@roles_required(*STAFF)
def parent_access_decision(person_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id, action="record_consent")
    form = ParentAccessDecisionForm()
    if form.validate_on_submit():
        people_service.record_consent(
            actor,
            person,
            form.consent_input("parent_access"),
        )
        flash("Decision about parents and carers recorded.", "success")
        return redirect(url_for("people.show", person_id=person.id) + "#accounts")
    state = my_pathway.parent_access(person, today())
    return render_template("invitations/parent_access.html", form=form, person=person, state=state)


@bp.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    headers = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
    try:
        user = invitations.user_for_link(token)
    except invitations.LinkProblem as problem:
        status = 410 if problem.expired else 404
        body = render_template("invitations/link_problem.html", expired=problem.expired)
        return body, status, headers
    form = SetPasswordForm()
    if form.validate_on_submit():
        was_reset = user.password_changed_at is not None
        done, message = invitations.set_password(current_actor(), token, form.password.data)
        if done is not None:
            sign_in(done)
            flash("Your password is saved. You are signed in.", "success")
            if was_reset:
                flash(
                    "If you used a calendar link, make a new one on your calendar page: "
                    "the old one stopped working when your password was reset.",
                    "info",
                )
            return redirect(url_for("home.index"))
        form.password.errors.append(message)
    form.password.data = ""
    signed_in_as_other = current_user.is_authenticated and current_user.id != user.id
    body = render_template(
        "invitations/set_password.html",
        form=form,
        user=user,
        signed_in_as_other=signed_in_as_other,
    )
    return body, 200, headers
