"""A young person's own pathway in plain words, their voice, and their own data.

Also the worker's side of the same things: writing down what a young person
said, and previewing exactly what the young person sees.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from transition.extensions import db
from transition.models import YoungPerson, utcnow
from transition.models.users import Role
from transition.services import access, my_pathway, subject_access, voice
from transition.services.clock import today
from transition.web.my_pathway.forms import OnBehalfForm, ParentAccessForm, VoiceForm
from transition.web.roles import roles_required
from transition.web.sessions import current_actor

bp = Blueprint("my_pathway", __name__)

OWN = (Role.YOUNG_PERSON, Role.PARENT_CARER)
STAFF = (Role.WORKER, Role.MANAGER)
ICON_AREAS = ("employment", "independent_living", "community", "health", "process")


@cache
def _icon_svg(area: str) -> str:
    return (
        resources.files("transition")
        .joinpath(f"static/images/area-{area}.svg")
        .read_text(encoding="utf-8")
    )


@bp.app_template_global()
def area_icon(area: str) -> Markup:
    """An area's icon, inline so it takes the text colour; hidden from screen readers."""
    if area not in ICON_AREAS:
        return Markup("")
    return Markup(_icon_svg(area))  # noqa: S704 - our own committed files, not user input


@bp.app_template_global()
def their_voice(person: YoungPerson) -> list[tuple[voice.Topic, voice.VoiceEntry, str]]:
    """For the worker's record page: what the person says now, and who wrote it."""
    return [
        (topic, entry, voice.written_by(entry, person, reader="staff"))
        for topic, entry in voice.current_entries(person)
    ]


class ParentNotAllowed(Exception):
    """A parent or carer whose young person has not allowed them to see the pathway."""


def _own_person(action: str = "view") -> YoungPerson:
    """The signed-in young person's record, or the one a parent or carer is linked to."""
    try:
        return access.get_person(current_actor(), current_user.young_person_id or 0, action=action)
    except access.NotInScope:
        if current_user.role == Role.PARENT_CARER:
            raise ParentNotAllowed from None
        raise


@bp.errorhandler(ParentNotAllowed)
def _no_parent_access(_error):
    # Nothing of the record: only that the decision was made.
    return render_template("my_pathway/no_access.html"), 403


def _reader() -> str:
    return "parent" if current_user.role == Role.PARENT_CARER else "self"


@bp.get("/my-pathway")
@roles_required(*OWN)
def index():
    person = _own_person()
    view = my_pathway.build(person, today=today(), now=utcnow())
    return render_template(
        "my_pathway/index.html",
        view=view,
        preview=False,
        reader=_reader(),
        parent_form=ParentAccessForm() if current_user.role == Role.YOUNG_PERSON else None,
    )


@bp.get("/young-people/<int:person_id>/preview")
@roles_required(*STAFF)
def preview(person_id: int):
    person = access.get_person(current_actor(), person_id)
    view = my_pathway.build(person, today=today(), now=utcnow())
    return render_template(
        "my_pathway/index.html", view=view, preview=True, reader="self", parent_form=None
    )


@bp.route("/my-pathway/parent-access", methods=["GET", "POST"])
@roles_required(Role.YOUNG_PERSON)
def parent_access():
    person = _own_person()
    state = my_pathway.parent_access(person, today())
    form = ParentAccessForm()
    if form.validate_on_submit():
        try:
            my_pathway.decide_parent_access(
                current_actor(), person, allow=form.allow.data == "yes", today=today()
            )
        except my_pathway.NotTheirDecision:
            db.session.rollback()
            abort(403)
        flash(
            "Saved. Your parent or carer can see your pathway."
            if form.allow.data == "yes"
            else "Saved. Your parent or carer cannot see your pathway now.",
            "success",
        )
        return redirect(url_for("my_pathway.index") + "#parents")
    return render_template("my_pathway/parent_access.html", form=form, person=person, state=state)


@bp.get("/my-pathway/voice")
@roles_required(*OWN)
def voice_index():
    person = _own_person()
    entries = voice.history(person)
    latest = voice.current(entries)
    reader, reader_id = _reader(), current_user.id
    return render_template(
        "my_pathway/voice.html",
        person=person,
        entries=entries,
        latest=latest,
        parent_entries=[e for e in latest.values() if e.kind == "parent_views"],
        topics=voice.TOPICS,
        parent_topic=voice.PARENT_TOPIC,
        reader=reader,
        written_by=lambda e: voice.written_by(e, person, reader=reader, reader_id=reader_id),
        topic_title=lambda e: voice.topic_of(e).title,
    )


@bp.route("/my-pathway/voice/<slug>", methods=["GET", "POST"])
@roles_required(*OWN)
def voice_write(slug: str):
    topic = voice.TOPICS_BY_SLUG.get(slug)
    mine = voice.PARENT_TOPIC if current_user.role == Role.PARENT_CARER else None
    if topic is None or (topic is voice.PARENT_TOPIC) != (mine is not None):
        abort(404)
    person = _own_person()
    form = VoiceForm()
    if form.validate_on_submit():
        try:
            voice.add_entry(current_actor(), person, topic, form.text.data)
        except voice.VoiceProblem as problem:
            db.session.rollback()
            form.text.errors.append(str(problem))
        else:
            flash("Saved. Thank you for telling us.", "success")
            return redirect(url_for("my_pathway.voice_index"))
    latest = voice.current(voice.history(person))
    key = f"{topic.slug}-{current_user.id}" if mine else topic.slug
    if request.method == "GET" and key in latest:
        form.text.data = latest[key].text  # changing starts from what is there now
    return render_template(
        "my_pathway/voice_write.html",
        form=form,
        person=person,
        topic=topic,
        latest=latest.get(key),
        max_length=voice.MAX_LENGTH,
    )


@bp.route("/young-people/<int:person_id>/voice", methods=["GET", "POST"])
@roles_required(*STAFF)
def on_behalf(person_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id)
    form = OnBehalfForm()
    if form.validate_on_submit():
        try:
            voice.add_entry(actor, person, voice.TOPICS_BY_SLUG[form.topic.data], form.text.data)
        except voice.VoiceProblem as problem:
            db.session.rollback()
            form.text.errors.append(str(problem))
        else:
            flash(f"Saved what {person.preferred_name or person.first_name} said.", "success")
            return redirect(url_for("people.show", person_id=person.id) + "#their-voice")
    entries = voice.history(person)
    return render_template(
        "my_pathway/on_behalf.html",
        form=form,
        person=person,
        entries=entries,
        written_by=lambda e: voice.written_by(e, person, reader="staff"),
        topic_of=voice.topic_of,
        max_length=voice.MAX_LENGTH,
    )


@bp.get("/my-pathway/my-information")
@roles_required(Role.YOUNG_PERSON)
def my_information():
    person = _own_person()
    data = subject_access.collect(current_actor(), person, today=today())
    return render_template("my_pathway/my_information.html", person=person, data=data)


@bp.get("/my-pathway/my-information.json")
@roles_required(Role.YOUNG_PERSON)
def my_information_json():
    person = _own_person()
    data = subject_access.collect(current_actor(), person, today=today())
    return Response(
        json.dumps(subject_access.as_json(data), indent=2, ensure_ascii=False),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-information.json"'},
    )
