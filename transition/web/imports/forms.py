"""The upload form and the confirm form that carries the checked file back, signed."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from wtforms import HiddenField, SubmitField


class UploadForm(FlaskForm):
    file = FileField(
        "Upload a CSV file",
        widget=GovFileInput(),
        description="Saved from a spreadsheet as CSV (UTF-8). Nothing is saved until you confirm.",
    )
    submit = SubmitField("Check the file", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    checked = HiddenField()
    submit = SubmitField("Confirm import", widget=GovSubmitInput())
