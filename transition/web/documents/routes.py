"""Documents of one young person's record: list, upload and download.

Downloads go through the access rules (the person, then the document inside that
person, then whether this user may see sensitive ones), are sent as attachments with
`nosniff`, and are audited.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from transition.extensions import db
from transition.services import access
from transition.services import documents as document_service
from transition.services import handovers as handover_service
from transition.services.clock import today
from transition.services.documents import DocumentProblem
from transition.web.documents.forms import UploadForm
from transition.web.roles import roles_required
from transition.web.sessions import current_actor

bp = Blueprint("documents", __name__)

READERS = ("worker", "manager", "adult_services")
EDITORS = ("worker", "manager")


@bp.app_template_global()
def may_see_sensitive() -> bool:
    return access.sees_sensitive(current_user)


@bp.get("/young-people/<int:person_id>/documents")
@roles_required(*READERS)
def index(person_id: int):
    person = access.get_person(current_actor(), person_id, action="view_documents")
    documents = document_service.documents_for(current_user, person)
    db.session.commit()
    return render_template(
        "documents/index.html",
        person=person,
        documents=documents,
        can_edit=access.can_edit(current_user, person),
    )


@bp.route("/young-people/<int:person_id>/documents/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def upload(person_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id, action="upload_document")
    form = UploadForm(today=today())
    max_mb = current_app.config["DOCUMENT_MAX_MB"]
    if form.validate_on_submit():
        upload_file = form.file.data
        try:
            # One byte past the limit is enough to know it is too big.
            content = upload_file.read(max_mb * 2**20 + 1)
        finally:
            upload_file.close()
        try:
            document = document_service.upload(
                actor,
                person,
                form.document_input(),
                content=content,
                filename=upload_file.filename,
                max_bytes=max_mb * 2**20,
            )
        except DocumentProblem as problem:
            db.session.rollback()
            form.file.errors = [*form.file.errors, str(problem)]
        else:
            db.session.commit()
            flash(f"‘{document.title}’ uploaded.", "success")
            return redirect(url_for("documents.index", person_id=person.id))
    db.session.commit()
    return render_template("documents/upload.html", form=form, person=person, max_mb=max_mb)


def _send(document, content: bytes) -> Response:
    name = document_service.download_name(document)
    return Response(
        content,
        mimetype=document.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


@bp.get("/young-people/<int:person_id>/documents/<int:document_id>")
@roles_required(*READERS, "young_person", "parent_carer")
def download(person_id: int, document_id: int):
    actor = current_actor()
    person = access.get_person(actor, person_id, action="view_documents")
    document = document_service.get_document(actor, person, document_id)
    content = document_service.read(actor, document)
    db.session.commit()
    return _send(document, content)


@bp.get("/handovers/<int:handover_id>/documents/<int:document_id>")
@roles_required(*READERS)
def from_handover(handover_id: int, document_id: int):
    """A document sent with a handover, for the team it was sent to (and the sender)."""
    actor = current_actor()
    handover = handover_service.get_handover(actor, handover_id)
    document = document_service.get_handover_document(actor, handover, document_id)
    content = document_service.read(actor, document, via=f"handover {handover.id}")
    db.session.commit()
    return _send(document, content)
