"""The people around a young person, and the young person's own contact details."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from transition.extensions import db
from transition.services import access
from transition.services import contacts as contact_service
from transition.services.contacts import StaleContact
from transition.web.contacts.forms import ContactForm, OwnContactForm, RemoveForm
from transition.web.roles import roles_required
from transition.web.sessions import current_actor

bp = Blueprint("contacts", __name__, url_prefix="/young-people/<int:person_id>")

READERS = ("worker", "manager", "adult_services")
EDITORS = ("worker", "manager")
STALE = (
    "Someone else changed these details while you were editing them. Your changes have "
    "not been saved: check them and make them again"
)


@bp.app_template_global()
def invitee_suggestions(person) -> str:
    """The people around them, offered on the meeting form (the person is already in scope)."""
    return "; ".join(
        f"{contact.name} ({contact.kind_label})"
        for contact in contact_service.contacts_for(person)
        if contact.may_contact
    )


def _version(form) -> int:
    try:
        return int(form.version.data or 0)
    except ValueError:
        return 0


def _back(person_id: int):
    return redirect(url_for("contacts.index", person_id=person_id))


@bp.get("/contacts")
@roles_required(*READERS)
def index(person_id: int):
    person = access.get_person(current_actor(), person_id, action="view_contacts")
    contacts = contact_service.contacts_for(person)
    db.session.commit()
    return render_template(
        "contacts/index.html",
        person=person,
        contacts=contacts,
        own=contact_service.own_contact(person),
        can_edit=access.can_edit(current_user, person),
    )


@bp.route("/contacts/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def new(person_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id, action="add_contact")
    form = ContactForm()
    if request.method == "GET" and request.args.get("kind") in dict(form.kind.choices):
        form.kind.data = request.args["kind"]
    if form.validate_on_submit():
        contact = contact_service.add_contact(actor, person, form.contact_input())
        db.session.commit()
        flash(f"{contact.name} added to the contacts.", "success")
        return _back(person.id)
    db.session.commit()
    return render_template("contacts/edit.html", form=form, person=person, contact=None)


@bp.route("/contacts/<int:contact_id>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(person_id: int, contact_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id, action="edit_contact")
    contact = contact_service.get_contact(actor, person, contact_id)
    form = ContactForm(obj=contact)
    if request.method == "GET":
        form.version.data = str(contact.version_id)
        form.may_contact.data = "yes" if contact.may_contact else "no"
        form.preferred_method.data = contact.preferred_method or ""
    elif form.validate():
        try:
            contact_service.update_contact(
                actor, person, contact, form.contact_input(), version=_version(form)
            )
            db.session.commit()
        except StaleContact:
            db.session.rollback()
            form.name.errors = [*form.name.errors, STALE]
            form.version.data = str(contact.version_id)
        else:
            flash(f"Contact details of {contact.name} saved.", "success")
            return _back(person.id)
    db.session.commit()
    remove_form = RemoveForm(formdata=None)
    remove_form.confirm.data = "yes"
    return render_template(
        "contacts/edit.html", form=form, person=person, contact=contact, remove_form=remove_form
    )


@bp.post("/contacts/<int:contact_id>/remove")
@roles_required(*EDITORS)
def remove(person_id: int, contact_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id, action="remove_contact")
    contact = contact_service.get_contact(actor, person, contact_id)
    if RemoveForm().validate_on_submit():
        name = contact.name
        contact_service.remove_contact(actor, person, contact)
        db.session.commit()
        flash(f"{name} removed from the contacts.", "success")
    else:
        db.session.commit()
    return _back(person.id)


@bp.route("/contact-details", methods=["GET", "POST"])
@roles_required(*EDITORS)
def own(person_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id, action="edit_own_contact")
    form = OwnContactForm(
        data={
            "phone": person.phone,
            "email": person.email,
            "address": person.address,
            "preferred_method": person.preferred_contact_method or "",
            "contact_notes": person.contact_notes,
            "version": str(person.version_id),
        }
        if request.method == "GET"
        else None
    )
    if request.method == "POST" and form.validate():
        try:
            contact_service.update_own_details(
                actor, person, form.own_input(), version=_version(form)
            )
            db.session.commit()
        except StaleContact:
            db.session.rollback()
            form.phone.errors = [*form.phone.errors, STALE]
            form.version.data = str(person.version_id)
        else:
            flash("Their contact details are saved.", "success")
            return _back(person.id)
    db.session.commit()
    return render_template("contacts/own.html", form=form, person=person)
