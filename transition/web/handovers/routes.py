"""Handovers to adult services: the adult team's inbox, one handover, and each step."""

from __future__ import annotations

import json
import re
from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from transition.extensions import db
from transition.models.handovers import HANDOVER_STATE_LABELS, HANDOVER_STATES
from transition.pathway.dates import format_date
from transition.services import access, audit
from transition.services import documents as document_service
from transition.services import handovers as handover_service
from transition.services import notes as note_service
from transition.services.clock import today
from transition.services.handovers import HandoverInput, HandoverProblem, StaleHandover
from transition.web.handovers.forms import (
    AcceptForm,
    AnswerForm,
    CompleteForm,
    HandoverForm,
    QueryForm,
    ReturnForm,
    SendForm,
    StateFilterForm,
    version_of,
)
from transition.web.roles import roles_required
from transition.web.sessions import current_actor

bp = Blueprint("handovers", __name__)

READERS = ("worker", "manager", "adult_services")
SENDERS = ("worker", "manager")
STALE = (
    "Someone else changed this handover while you had it open. Nothing has been saved: "
    "check the handover and try again"
)


@bp.app_template_filter("iso_date")
def iso_date(value: str | None, empty: str = "Not recorded") -> str:
    """A date kept as ISO text in a summary, shown GOV.UK style."""
    if not value:
        return empty
    return format_date(date.fromisoformat(value[:10]))


@bp.app_template_global()
def handovers_for(person) -> list:
    """The person's handovers the signed-in user may see (for the record page)."""
    return handover_service.person_handovers(current_user, person.id)


# --- Lists ---------------------------------------------------------------------------


@bp.get("/handovers")
@roles_required("adult_services")
def inbox():
    filter_form = StateFilterForm(request.args)
    filter_form.state.choices = [("", "All handovers")] + [
        (state, HANDOVER_STATE_LABELS[state]) for state in HANDOVER_STATES if state != "draft"
    ]
    state = filter_form.state.data if filter_form.state.data in HANDOVER_STATES else None
    rows = handover_service.inbox(current_user, today(), state=state)
    audit.record_list_view(
        current_actor(),
        "handover_inbox",
        [row.handover.young_person_id for row in rows],
        detail=f"state {state}" if state else None,
    )
    db.session.commit()
    return render_template(
        "handovers/inbox.html", rows=rows, filter_form=filter_form, state=state, form=None
    )


@bp.get("/handovers/overview")
@roles_required("manager")
def overview():
    state = request.args.get("state")
    state = state if state in HANDOVER_STATES else None
    rows = handover_service.inbox(current_user, today(), state=state) if state else []
    late = handover_service.late_handovers(current_user, today())
    audit.record_list_view(
        current_actor(),
        "handover_overview",
        [row.handover.young_person_id for row in rows]
        + [item.handover.young_person_id for item in late],
        detail=f"state {state}" if state else None,
    )
    db.session.commit()
    return render_template(
        "handovers/overview.html",
        counts=handover_service.state_counts(current_user),
        late=late,
        labels=HANDOVER_STATE_LABELS,
        state=state,
        rows=rows,
    )


# --- One handover ----------------------------------------------------------------------


@bp.get("/handovers/<int:handover_id>")
@roles_required(*READERS)
def show(handover_id: int):
    handover = handover_service.get_handover(current_actor(), handover_id)
    summary = handover_service.summary_to_show(current_user, handover, today())
    db.session.commit()
    return render_template(
        "handovers/show.html",
        handover=handover,
        summary=summary,
        receiving=handover_service.is_receiving_team(current_user, handover),
        sending=handover_service.is_sending_side(current_user, handover),
        live_record=handover_service.may_read_live_record(current_user, handover),
        completion_problem=handover_service.completion_problem(handover, today()),
        consent_problem=handover_service.consent_problem(handover.young_person, today())
        if handover.state == "draft"
        else None,
    )


@bp.get("/handovers/<int:handover_id>.json")
@roles_required(*READERS)
def export(handover_id: int):
    actor = current_actor()
    handover = handover_service.get_handover(actor, handover_id, action="export", record=False)
    data = handover_service.export(actor, handover, today())
    db.session.commit()
    reference = (data["summary"] or {}).get("who_i_am", {}).get("local_reference", "")
    reference = re.sub(r"[^A-Za-z0-9_-]", "", reference)
    filename = f"handover-{handover.id}{'-' + reference if reference else ''}.json"
    return Response(
        json.dumps(data, indent=2, ensure_ascii=False),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# --- The children's side: start, change and send ---------------------------------------------


def _fill_choices(form: HandoverForm, person) -> None:
    form.team_id.choices = [(0, "Select an adult service")] + [
        (team.id, f"{team.name} ({team.service_label})") for team in handover_service.adult_teams()
    ]
    form.sending_contact_id.choices = [
        (user.id, user.name) for user in handover_service.sending_contacts(person, current_user)
    ]
    form.note_ids.choices = [
        (
            note.id,
            f"{note.kind_label}, {format_date(note.happened_on)}"
            + (f", with {note.with_whom}" if note.with_whom else "")
            + f": {note.text[:80]}{'…' if len(note.text) > 80 else ''}",
        )
        for note in note_service.shareable_notes(person)
    ]
    form.document_ids.choices = [
        (
            document.id,
            f"{document.title} ({document.kind_label}, {format_date(document.document_date)})",
        )
        for document in document_service.shareable_documents(person)
    ]


def _validated_input(form: HandoverForm, person) -> HandoverInput | None:
    if not form.validate_on_submit():
        return None
    if not form.team_id.data:
        form.team_id.errors.append("Select the adult service to hand over to")
        return None
    problem = handover_service.target_date_problem(
        person, form.target_date.data, form.target_date_reason.data, today()
    )
    if problem:
        field, message = problem
        getattr(form, field).errors.append(message)
        return None
    return HandoverInput(
        team_id=form.team_id.data,
        target_date=form.target_date.data,
        target_date_reason=form.target_date_reason.data,
        sending_contact_id=form.sending_contact_id.data,
        receiving_contact_name=form.receiving_contact_name.data,
        worker_notes=form.worker_notes.data,
        note_ids=tuple(form.note_ids.data or ()),
        document_ids=tuple(form.document_ids.data or ()),
    )


@bp.route("/young-people/<int:person_id>/handovers/new", methods=["GET", "POST"])
@roles_required(*SENDERS)
def create(person_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id, action="handover_create")
    form = HandoverForm()
    _fill_choices(form, person)
    if request.method == "GET":
        form.sending_contact_id.data = current_user.id
        eighteenth = handover_service.default_target_date(person)
        if eighteenth >= today():
            form.target_date.data = eighteenth
    data = _validated_input(form, person)
    if data is not None:
        try:
            handover = handover_service.create_handover(actor, person, data)
        except HandoverProblem as problem:
            db.session.rollback()
            form.team_id.errors.append(str(problem))
        else:
            db.session.commit()
            flash("Draft handover saved. Check the summary, then send it.", "success")
            return redirect(url_for("handovers.show", handover_id=handover.id))
    db.session.commit()  # the audit row for opening the form
    return render_template(
        "handovers/edit.html",
        form=form,
        person=person,
        handover=None,
        eighteenth=handover_service.default_target_date(person),
    )


@bp.route("/handovers/<int:handover_id>/edit", methods=["GET", "POST"])
@roles_required(*SENDERS)
def edit(handover_id: int):
    actor = current_actor()
    handover = handover_service.get_handover_to_send(actor, handover_id, action="handover_update")
    person = handover.young_person
    if handover.state != "draft":
        db.session.commit()
        flash("This handover has been sent, so it can no longer be changed.", "info")
        return redirect(url_for("handovers.show", handover_id=handover.id))
    form = HandoverForm(obj=handover)
    _fill_choices(form, person)
    if request.method == "GET":
        form.version.data = str(handover.version_id)
        form.note_ids.data = [note.id for note in handover.case_notes]
        form.document_ids.data = [document.id for document in handover.documents]
    data = _validated_input(form, person)
    if data is not None:
        try:
            handover_service.update_draft(actor, handover, data, version=version_of(form))
            db.session.commit()
        except StaleHandover:
            db.session.rollback()
            form.team_id.errors.append(STALE)
            form.version.data = str(handover.version_id)
        except HandoverProblem as problem:
            db.session.rollback()
            form.team_id.errors.append(str(problem))
        else:
            flash("Draft handover updated.", "success")
            return redirect(url_for("handovers.show", handover_id=handover.id))
        handover_service.record_view(actor, handover)
    db.session.commit()
    return render_template(
        "handovers/edit.html",
        form=form,
        person=person,
        handover=handover,
        eighteenth=handover_service.default_target_date(person),
    )


@bp.route("/handovers/<int:handover_id>/send", methods=["GET", "POST"])
@roles_required(*SENDERS)
def send(handover_id: int):
    actor = current_actor()
    post = request.method == "POST"
    handover = handover_service.get_handover_to_send(
        actor, handover_id, action="handover_send" if post else "view_handover", record=not post
    )
    form = SendForm()
    problem = None
    if request.method == "GET":
        if handover.state != "draft":
            db.session.commit()
            return redirect(url_for("handovers.show", handover_id=handover.id))
        form.version.data = str(handover.version_id)
    elif form.validate_on_submit():
        try:
            handover_service.send(actor, handover, version=version_of(form), today=today())
            db.session.commit()
        except StaleHandover:
            db.session.rollback()
            problem = STALE
        except HandoverProblem as error:
            db.session.rollback()
            problem = str(error)
        else:
            flash(f"Handover sent to {handover.team.name}.", "success")
            return redirect(url_for("handovers.show", handover_id=handover.id))
        handover_service.record_view(actor, handover)
        form.version.data = str(handover.version_id)
    db.session.commit()
    return render_template(
        "handovers/send.html",
        send_form=form,
        handover=handover,
        problem=problem,
        consent_problem=handover_service.consent_problem(handover.young_person, today()),
        summary=handover_service.summary_to_show(current_user, handover, today()),
    )


# --- The steps either side takes on one handover ------------------------------------------


def _step(handover, form, perform, *, success: str, error_field: str | None, **page):
    """Run one step: the form again with a message on bad input, else back to the handover."""
    actor = current_actor()
    problem = None
    if request.method == "GET":
        form.version.data = str(handover.version_id)
    elif form.validate_on_submit():
        try:
            perform(actor, handover, version_of(form))
            db.session.commit()
        except (StaleHandover, HandoverProblem) as error:
            db.session.rollback()
            message = STALE if isinstance(error, StaleHandover) else str(error)
            if error_field:
                getattr(form, error_field).errors.append(message)
            else:
                problem = message
            form.version.data = str(handover.version_id)
        else:
            flash(success, "success")
            return redirect(url_for("handovers.show", handover_id=handover.id))
        handover_service.record_view(actor, handover)
    db.session.commit()
    return render_template(
        "handovers/action.html", form=form, handover=handover, problem=problem, **page
    )


def _load(handover_id: int, *, receiving: bool, action: str):
    actor = current_actor()
    post = request.method == "POST"
    load = (
        handover_service.get_handover_to_receive
        if receiving
        else handover_service.get_handover_to_send
    )
    return load(actor, handover_id, action=action if post else "view_handover", record=not post)


@bp.route("/handovers/<int:handover_id>/accept", methods=["GET", "POST"])
@roles_required("adult_services")
def accept(handover_id: int):
    handover = _load(handover_id, receiving=True, action="handover_accept")
    form = AcceptForm()

    def perform(actor, handover, version):
        if form.first_contact_on.data < today():
            raise HandoverProblem("Planned first contact date must be today or in the future")
        handover_service.accept(
            actor,
            handover,
            receiving_worker_name=form.receiving_worker_name.data,
            first_contact_on=form.first_contact_on.data,
            version=version,
            today=today(),
        )

    return _step(
        handover,
        form,
        perform,
        success="Handover accepted. You can now read the young person's record.",
        error_field="first_contact_on",
        heading="Accept this handover",
        intro="Name the worker who will take them on and when they will first meet.",
        fields=["receiving_worker_name", "first_contact_on"],
    )


@bp.route("/handovers/<int:handover_id>/query", methods=["GET", "POST"])
@roles_required("adult_services")
def query(handover_id: int):
    handover = _load(handover_id, receiving=True, action="handover_query")
    form = QueryForm()
    return _step(
        handover,
        form,
        lambda actor, h, version: handover_service.query(
            actor, h, question=form.question.data, version=version
        ),
        success="Question sent to the children's team.",
        error_field="question",
        heading="Ask the children's team a question",
        intro="The sending worker answers on this handover. You can still accept or return it.",
        fields=["question"],
    )


@bp.route("/handovers/<int:handover_id>/return", methods=["GET", "POST"])
@roles_required("adult_services")
def return_handover(handover_id: int):
    handover = _load(handover_id, receiving=True, action="handover_return")
    form = ReturnForm()
    return _step(
        handover,
        form,
        lambda actor, h, version: handover_service.return_handover(
            actor, h, reason=form.reason.data, version=version
        ),
        success="Handover returned to the children's team.",
        error_field="reason",
        heading="Return this handover",
        intro="Returning it tells the children's team your service will not take them on now.",
        fields=["reason"],
    )


@bp.route("/handovers/<int:handover_id>/answer", methods=["GET", "POST"])
@roles_required(*SENDERS)
def answer(handover_id: int):
    handover = _load(handover_id, receiving=False, action="handover_answer")
    form = AnswerForm()
    return _step(
        handover,
        form,
        lambda actor, h, version: handover_service.answer(
            actor, h, text=form.answer.data, version=version
        ),
        success="Answer sent to the adult team.",
        error_field="answer",
        heading="Answer the adult team's question",
        intro=None,
        fields=["answer"],
    )


@bp.route("/handovers/<int:handover_id>/complete", methods=["GET", "POST"])
@roles_required(*SENDERS)
def complete(handover_id: int):
    handover = _load(handover_id, receiving=False, action="handover_complete")
    form = CompleteForm()
    return _step(
        handover,
        form,
        lambda actor, h, version: handover_service.complete(
            actor, h, version=version, today=today()
        ),
        success="Handover marked complete.",
        error_field=None,
        heading="Mark this handover as complete",
        intro=(
            "Do this once the young person has settled with the adult service: first "
            "contact has been made and they have had a review with the adult team. "
            "You stay linked to them until then."
        ),
        fields=[],
    )
