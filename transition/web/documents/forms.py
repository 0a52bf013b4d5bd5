"""The document upload form."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from transition.models.documents import DOCUMENT_KINDS
from transition.services.documents import DocumentInput
from transition.web.forms import GovDateField, MaxLength, without_nul


class UploadForm(FlaskForm):
    file = FileField(
        "Upload a file",
        widget=GovFileInput(),
        description="A PDF, Word document, JPG or PNG",
    )
    title = StringField(
        "Title",
        widget=GovTextInput(),
        filters=[without_nul],
        description="For example, 'EHC plan after the Year 9 review'",
        validators=[InputRequired(message="Enter a title"), MaxLength(200)],
    )
    kind = RadioField(
        "What kind of document is it?",
        widget=GovRadioInput(),
        choices=list(DOCUMENT_KINDS.items()),
        validators=[InputRequired(message="Select what kind of document it is")],
    )
    document_date = GovDateField("Date of the document", description="For example, 27 3 2027")
    sensitive = BooleanField(
        "Sensitive: keep this document from the young person, their parents or carers and "
        "adult teams",
        widget=GovCheckboxInput(),
        description="For example, a safeguarding plan or information about someone else",
    )
    submit = SubmitField("Upload document", widget=GovSubmitInput())

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self._today = today

    def validate_file(self, field):
        if not field.data or not getattr(field.data, "filename", None):
            raise ValidationError("Select a file")

    def validate_title(self, field):
        if not (field.data or "").strip():
            raise ValidationError("Enter a title")

    def validate_document_date(self, field):
        if field.data is not None and field.data > self._today:
            raise ValidationError("Date of the document must be today or in the past")
        if field.data is not None and field.data.year < 1900:
            raise ValidationError("Date of the document must be a real date")

    def document_input(self) -> DocumentInput:
        return DocumentInput(
            title=self.title.data,
            kind=self.kind.data,
            document_date=self.document_date.data,
            sensitive=bool(self.sensitive.data),
        )
