"""Managers load young people from a CSV file: check first, then confirm.

Between the two steps the checked file travels back in the confirm form, signed
(itsdangerous, with the app's secret key) together with the manager's id and the
time, so what is written is exactly what was checked and nobody can slip in other
content.
"""

from __future__ import annotations

import base64
import binascii

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from transition.extensions import db
from transition.models.users import Role
from transition.services import importer
from transition.services.clock import today
from transition.services.importer import ImportReport
from transition.web.imports.forms import ConfirmForm, UploadForm
from transition.web.roles import roles_required
from transition.web.sessions import current_actor

bp = Blueprint("imports", __name__, url_prefix="/import")

# How long a checked file may wait for its confirmation.
CONFIRM_WITHIN_SECONDS = 60 * 60


def _limits() -> dict[str, int]:
    return {
        "max_bytes": current_app.config.get("IMPORT_MAX_BYTES", importer.DEFAULT_MAX_BYTES),
        "max_rows": current_app.config.get("IMPORT_MAX_ROWS", importer.DEFAULT_MAX_ROWS),
    }


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="import-young-people")


def _checked_file(content: bytes) -> str:
    """The checked file, signed for this manager; it carries the time it was signed."""
    return _signer().dumps(
        {"user": current_user.id, "csv": base64.urlsafe_b64encode(content).decode("ascii")}
    )


def _verified_content(form: ConfirmForm) -> bytes | None:
    """The file as it was checked, or None when it was changed, is not ours or is too old."""
    try:
        signed = _signer().loads(form.checked.data or "", max_age=CONFIRM_WITHIN_SECONDS)
        if signed["user"] != current_user.id:
            return None
        return base64.urlsafe_b64decode(signed["csv"].encode("ascii"))
    except (BadSignature, binascii.Error, KeyError, TypeError, ValueError):
        return None


def _upload_page(form: UploadForm, report: ImportReport | None = None):
    return render_template("imports/upload.html", form=form, report=report)


@bp.get("")
@roles_required(Role.MANAGER)
def upload():
    return _upload_page(UploadForm())


@bp.post("")
@roles_required(Role.MANAGER)
def check():
    form = UploadForm()
    if not form.validate_on_submit():
        return _upload_page(form)
    upload = form.file.data
    if upload is None or not getattr(upload, "filename", ""):
        form.file.errors = ["Select a CSV file"]
        return _upload_page(form)
    limits = _limits()
    content = upload.read(limits["max_bytes"] + 1)
    report = importer.import_people(current_actor(), content, today(), dry_run=True, **limits)
    db.session.rollback()
    if not report.ok:
        form.file.errors = ["The file has problems. Nothing has been saved: fix them and try again"]
        return _upload_page(form, report)
    confirm = ConfirmForm(formdata=None, checked=_checked_file(content))
    return render_template(
        "imports/confirm.html", form=None, confirm=confirm, report=report, filename=upload.filename
    )


@bp.post("/confirm")
@roles_required(Role.MANAGER)
def confirm():
    form = ConfirmForm()
    content = _verified_content(form) if form.validate_on_submit() else None
    if content is None:
        upload_form = UploadForm(formdata=None)
        upload_form.file.errors = ["The checked file has expired or changed. Upload it again"]
        return _upload_page(upload_form)
    report = importer.import_people(current_actor(), content, today(), **_limits())
    if not report.ok:
        db.session.rollback()
        upload_form = UploadForm(formdata=None)
        upload_form.file.errors = ["The file has problems. Nothing has been saved"]
        return _upload_page(upload_form, report)
    flash(f"Import complete. {report.summary()}.", "success")
    return redirect(url_for("imports.upload"))
