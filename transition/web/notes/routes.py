"""Case notes and the chronology of one young person's record.

Every route loads the person through the access rules first, then the note inside
that person, so a note id belonging to someone out of scope is a 404.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from transition.extensions import db
from transition.models import utcnow
from transition.services import access
from transition.services import notes as note_service
from transition.services.clock import today
from transition.services.notes import CHRONOLOGY_KINDS, NoteLocked, StaleNote
from transition.web.notes.forms import ChronologyFilterForm, NoteForm
from transition.web.roles import roles_required
from transition.web.sessions import current_actor

bp = Blueprint("notes", __name__, url_prefix="/young-people/<int:person_id>")

READERS = ("worker", "manager", "adult_services")
EDITORS = ("worker", "manager")
STALE = (
    "Someone else changed this note while you were editing it. Your changes have not "
    "been saved: check the note and make them again"
)


@bp.get("/notes")
@roles_required(*READERS)
def chronology(person_id: int):
    person = access.get_person(current_actor(), person_id, action="view_chronology")
    filter_form = ChronologyFilterForm(request.args)
    kinds = set(filter_form.kind.data or [])
    entries = note_service.chronology(current_user, person, kinds)
    db.session.commit()
    return render_template(
        "notes/chronology.html",
        person=person,
        entries=entries,
        filter_form=filter_form,
        filtered=bool(kinds),
        shown=[label for kind, label in CHRONOLOGY_KINDS.items() if kind in kinds],
        can_edit=access.can_edit(current_user, person),
    )


@bp.route("/notes/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def new(person_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id, action="add_note")
    form = NoteForm(today=today())
    if request.method == "GET":
        form.happened_on.data = today()
    if form.validate_on_submit():
        note = note_service.add_note(actor, person, form.note_input())
        db.session.commit()
        flash("Case note saved.", "success")
        return redirect(url_for("notes.show", person_id=person.id, note_id=note.id))
    db.session.commit()  # the audit row for opening the form
    return render_template("notes/edit.html", form=form, person=person, note=None)


@bp.get("/notes/<int:note_id>")
@roles_required(*READERS)
def show(person_id: int, note_id: int):
    actor = current_actor()
    person = access.get_person(actor, person_id, action="view_note")
    note = note_service.get_note(actor, person, note_id)
    db.session.commit()
    return render_template(
        "notes/show.html",
        person=person,
        note=note,
        may_edit=note_service.may_edit(current_user, note, person, utcnow()),
        edit_hours=int(note_service.EDIT_WINDOW.total_seconds() // 3600),
    )


@bp.route("/notes/<int:note_id>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(person_id: int, note_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id, action="edit_note")
    note = note_service.get_note(actor, person, note_id)
    if not note_service.may_edit(current_user, note, person, utcnow()):
        db.session.commit()
        flash(
            "Only the person who wrote a note can change it, and only for a day after "
            "writing it. Add a new note instead.",
            "important",
        )
        return redirect(url_for("notes.show", person_id=person.id, note_id=note.id))
    form = NoteForm(obj=note, today=today())
    if request.method == "GET":
        form.version.data = str(note.version_id)
    elif form.validate():
        try:
            version = int(form.version.data or 0)
        except ValueError:
            version = 0
        try:
            note_service.update_note(actor, person, note, form.note_input(), version=version)
            db.session.commit()
        except (StaleNote, NoteLocked):
            db.session.rollback()
            form.text.errors = [*form.text.errors, STALE]
            form.version.data = str(note.version_id)
        else:
            flash("Case note changed. The earlier wording is kept in its history.", "success")
            return redirect(url_for("notes.show", person_id=person.id, note_id=note.id))
    db.session.commit()
    return render_template("notes/edit.html", form=form, person=person, note=note)
