"""Managers' pages for the council's milestone framework.

Every save publishes a new framework version. New young people get the newest
version; existing people keep their dates until a worker moves them on (from the
record page).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from transition.extensions import db
from transition.models.users import Role
from transition.pathway.framework import FrameworkError
from transition.services import pathway as pathway_service
from transition.services.pathway import StaleFramework
from transition.web.framework.forms import (
    ChangeMilestoneForm,
    CouncilMilestoneForm,
    RetireMilestoneForm,
)
from transition.web.roles import roles_required
from transition.web.sessions import current_actor

bp = Blueprint("framework", __name__, url_prefix="/framework")


def _definition(code: str):
    try:
        return pathway_service.framework_milestone(code)
    except KeyError:
        abort(404)


def _refused(form, field, error: Exception) -> None:
    """Show why a save was refused on the form, keeping what the manager typed."""
    db.session.rollback()
    if isinstance(error, StaleFramework):
        field.errors = [*field.errors, error.message]
        form.base_version.data = str(pathway_service.current_framework_version().version)
    else:
        assert isinstance(error, FrameworkError)
        field.errors = [*field.errors, *error.problems]


@bp.get("")
@roles_required(Role.MANAGER)
def index():
    current = pathway_service.current_framework_version()
    framework = pathway_service.framework_of(current)
    versions = pathway_service.framework_versions()
    return render_template(
        "framework/index.html",
        current=current,
        framework=framework,
        areas=[
            (area, [m for m in framework.milestones if m.area == area.code])
            for area in framework.areas
        ],
        versions=versions,
        source_labels=pathway_service.SOURCE_LABELS,
    )


def _timing_editable(definition) -> bool:
    return (
        definition.local
        and definition.due.kind == "age"
        and (definition.opens is None or definition.opens.kind == "age")
    )


@bp.route("/milestones/<code>/edit", methods=["GET", "POST"])
@roles_required(Role.MANAGER)
def edit(code: str):
    current, definition = _definition(code)
    editable = _timing_editable(definition)
    form = ChangeMilestoneForm(timing_editable=editable)
    if not form.is_submitted():
        form.base_version.data = str(current.version)
        for name in ("title", "plain_title", "description", "source", "lead"):
            getattr(form, name).data = getattr(definition, name)
        if editable:
            form.due_years.data = str(definition.due.years)
            form.due_months.data = str(definition.due.months)
            if definition.opens is not None:
                form.opens_years.data = str(definition.opens.years)
                form.opens_months.data = str(definition.opens.months)
    elif form.validate():
        try:
            version = pathway_service.change_framework_milestone(
                current_actor(),
                code,
                base_version=form.base_version.data,
                wording=form.wording(),
                timing=form.timing() if editable else None,
                change_note=form.change_note.data,
            )
        except (StaleFramework, FrameworkError) as error:
            _refused(form, form.due_years if editable else form.title, error)
        else:
            flash(
                f"{definition.code} saved. The framework is now version {version.version}.",
                "success",
            )
            return redirect(url_for("framework.index") + f"#{code}")
    return render_template(
        "framework/edit.html", form=form, definition=definition, timing_editable=editable
    )


@bp.route("/milestones/new", methods=["GET", "POST"])
@roles_required(Role.MANAGER)
def new():
    current = pathway_service.current_framework_version()
    form = CouncilMilestoneForm()
    form.area.choices = list(pathway_service.area_titles().items())
    if not form.is_submitted():
        form.base_version.data = str(current.version)
        form.source.data = "Local practice agreed by the council"
    elif form.validate():
        try:
            version = pathway_service.add_council_milestone(
                current_actor(),
                base_version=form.base_version.data,
                area=form.area.data,
                wording=form.wording(),
                timing=form.timing(),
                change_note=form.change_note.data,
            )
        except (StaleFramework, FrameworkError) as error:
            _refused(form, form.title, error)
        else:
            flash(f"Milestone added. The framework is now version {version.version}.", "success")
            return redirect(url_for("framework.index"))
    return render_template("framework/new.html", form=form)


@bp.route("/milestones/<code>/remove", methods=["GET", "POST"])
@roles_required(Role.MANAGER)
def remove(code: str):
    current, definition = _definition(code)
    if definition.statutory:
        abort(404)
    form = RetireMilestoneForm()
    if not form.is_submitted():
        form.base_version.data = str(current.version)
    elif form.validate():
        try:
            version = pathway_service.retire_framework_milestone(
                current_actor(),
                code,
                base_version=form.base_version.data,
                change_note=form.change_note.data,
            )
        except (StaleFramework, FrameworkError) as error:
            _refused(form, form.change_note, error)
        else:
            flash(
                f"{definition.code} removed. The framework is now version {version.version}.",
                "success",
            )
            return redirect(url_for("framework.index"))
    return render_template("framework/remove.html", form=form, definition=definition)
