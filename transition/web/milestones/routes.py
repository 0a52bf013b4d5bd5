"""One young person's milestones: read one, change its status, add evidence, move it.

Every route loads the person through the access rules first and then looks the
milestone up inside that person, so a milestone id from someone out of scope is a 404.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from transition.extensions import db
from transition.models import Milestone, YoungPerson
from transition.pathway.rag import STATUS_LABELS, milestone_rating
from transition.services import access
from transition.services import documents as document_service
from transition.services import pathway as pathway_service
from transition.services.clock import today
from transition.services.pathway import StaleMilestone
from transition.web.milestones.forms import (
    CustomMilestoneForm,
    DueDateForm,
    EvidenceForm,
    FrameworkUpdateForm,
    StatusForm,
)
from transition.web.roles import roles_required
from transition.web.sessions import current_actor

bp = Blueprint("milestones", __name__, url_prefix="/young-people/<int:person_id>")

READERS = ("worker", "manager", "adult_services", "young_person", "parent_carer")
EDITORS = ("worker", "manager")

STALE_MESSAGE = (
    "Someone else changed this milestone while you were editing it. "
    "Your changes have not been saved: check the milestone and make them again"
)


def _version(field) -> int:
    try:
        return int(field.data or 0)
    except ValueError:
        return 0


def _back_to(person: YoungPerson, milestone: Milestone):
    return redirect(url_for("milestones.show", person_id=person.id, milestone_id=milestone.id))


@bp.app_template_global()
def milestone_summary(person: YoungPerson, day: date):
    """The record page's milestones section (called from templates/people/show.html)."""
    return pathway_service.pathway_for(person, day)


@bp.record_once
def _milestone_words(state) -> None:
    # Globals rather than a context processor, so imported macros can read them too.
    state.app.jinja_env.globals.update(
        milestone_status_labels=STATUS_LABELS,
        milestone_status_tags=pathway_service.STATUS_TAG_CLASSES,
        milestone_source_labels=pathway_service.SOURCE_LABELS,
    )


@bp.get("/milestones/<int:milestone_id>")
@roles_required(*READERS)
def show(person_id: int, milestone_id: int):
    person, milestone = pathway_service.get_milestone(current_actor(), person_id, milestone_id)
    day = today()
    evidence = pathway_service.evidence_for(milestone)
    changes = pathway_service.changes_for(milestone)
    db.session.commit()
    return render_template(
        "milestones/show.html",
        person=person,
        milestone=milestone,
        rating=milestone_rating(milestone.due_on, milestone.status, day, milestone.title),
        evidence=evidence,
        changes=changes,
        describe_change=pathway_service.describe_change,
        area_title=pathway_service.area_titles().get(
            milestone.area, pathway_service.AREA_TITLE_FALLBACK
        ),
        age_when_due=pathway_service.describe_age(person.date_of_birth, milestone.due_on),
        can_edit=access.can_edit(current_user, person),
    )


@bp.route("/milestones/<int:milestone_id>/status", methods=["GET", "POST"])
@roles_required(*EDITORS)
def status(person_id: int, milestone_id: int):
    actor = current_actor()
    person, milestone = pathway_service.get_milestone_to_edit(actor, person_id, milestone_id)
    form = StatusForm(dob=person.date_of_birth, today=today())
    if not form.is_submitted():
        form.version.data = str(milestone.version_id)
        form.status.data = milestone.status
        form.achieved_on.data = milestone.achieved_on
    elif form.validate() and _saved(
        form,
        form.status,
        milestone_id,
        lambda version: pathway_service.update_status(
            actor,
            person,
            milestone,
            status=form.status.data,
            achieved_on=form.achieved_on.data,
            version=version,
        ),
    ):
        flash(f"Status of ‘{milestone.title}’ saved.", "success")
        return _back_to(person, milestone)
    db.session.commit()  # the audit row for opening the form
    return render_template("milestones/status.html", form=form, person=person, milestone=milestone)


@bp.route("/milestones/<int:milestone_id>/evidence", methods=["GET", "POST"])
@roles_required(*EDITORS)
def evidence(person_id: int, milestone_id: int):
    actor = current_actor()
    person, milestone = pathway_service.get_milestone_to_edit(actor, person_id, milestone_id)
    form = EvidenceForm(dob=person.date_of_birth, today=today())
    form.document_id.choices = [(0, "No document")] + [
        (document.id, f"{document.title} ({document.kind_label})")
        for document in document_service.documents_for(current_user, person)
    ]
    if form.validate_on_submit():
        pathway_service.add_evidence(
            actor,
            person,
            milestone,
            text=form.text.data,
            evidence_date=form.evidence_date.data,
            document_id=form.document_id.data or None,
        )
        db.session.commit()
        flash("Evidence added.", "success")
        return _back_to(person, milestone)
    db.session.commit()
    return render_template(
        "milestones/evidence.html", form=form, person=person, milestone=milestone
    )


@bp.route("/milestones/<int:milestone_id>/due-date", methods=["GET", "POST"])
@roles_required(*EDITORS)
def due_date(person_id: int, milestone_id: int):
    actor = current_actor()
    person, milestone = pathway_service.get_milestone_to_edit(actor, person_id, milestone_id)
    form = DueDateForm(dob=person.date_of_birth, today=today())
    if not form.is_submitted():
        form.version.data = str(milestone.version_id)
        form.due_on.data = milestone.due_on
    elif form.validate() and _saved(
        form,
        form.due_on,
        milestone_id,
        lambda version: pathway_service.move_due_date(
            actor,
            person,
            milestone,
            due_on=form.due_on.data,
            reason=form.reason.data,
            version=version,
        ),
    ):
        flash(f"Due date of ‘{milestone.title}’ moved.", "success")
        return _back_to(person, milestone)
    db.session.commit()
    return render_template(
        "milestones/due_date.html", form=form, person=person, milestone=milestone
    )


@bp.route("/milestones/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def new(person_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id, action="add_custom_milestone")
    form = CustomMilestoneForm(dob=person.date_of_birth, today=today())
    form.area.choices = list(pathway_service.area_titles().items())
    if form.validate_on_submit():
        milestone = pathway_service.add_custom_milestone(
            actor,
            person,
            area=form.area.data,
            title=form.title.data,
            description=form.description.data,
            due_on=form.due_on.data,
        )
        db.session.commit()
        flash(f"Milestone ‘{milestone.title}’ added.", "success")
        return _back_to(person, milestone)
    db.session.commit()
    return render_template("milestones/new.html", form=form, person=person)


@bp.route("/framework-update", methods=["GET", "POST"])
@roles_required(*EDITORS)
def framework_update(person_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id, action="update_to_newest_framework")
    form = FrameworkUpdateForm()
    if form.validate_on_submit():
        try:
            changed = pathway_service.update_to_newest_framework(
                actor, person, version=_version(form.version)
            )
            db.session.commit()
        except StaleMilestone:
            db.session.rollback()
            flash(
                "The record changed while you were looking at it. Check the changes below "
                "and confirm again.",
                "important",
            )
            return redirect(url_for("milestones.framework_update", person_id=person_id))
        flash(
            f"Dates updated to the latest framework: {changed} "
            f"milestone{'s' if changed != 1 else ''} changed or added.",
            "success",
        )
        return redirect(url_for("people.show", person_id=person.id) + "#milestones")
    update = pathway_service.framework_update_for(person)
    form.version.data = str(person.version_id)
    db.session.commit()
    return render_template(
        "milestones/framework_update.html",
        form=form,
        person=person,
        update=update,
        area_titles=pathway_service.area_titles(),
    )


def _saved(form, error_field, milestone_id: int, save) -> bool:
    """Run `save(version)` and commit. If someone else changed the milestone first, put
    the GOV.UK message on `error_field`, keep what the user typed and offer the current
    version, so a second submit is a deliberate choice."""
    try:
        save(_version(form.version))
        db.session.commit()
    except StaleMilestone:
        db.session.rollback()
        error_field.errors = [*error_field.errors, STALE_MESSAGE]
        form.version.data = str(_current_version(milestone_id))
        return False
    return True


def _current_version(milestone_id: int) -> int:
    milestone = db.session.get(Milestone, milestone_id)
    return milestone.version_id if milestone else 0
