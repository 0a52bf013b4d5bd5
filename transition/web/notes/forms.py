"""The case note form."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import InputRequired, Optional, ValidationError

from transition.models.notes import NOTE_KIND_LABELS
from transition.services.notes import CHRONOLOGY_KINDS, NoteInput
from transition.web.forms import GovDateField, MaxLength, text_area, without_nul


class NoteForm(FlaskForm):
    version = HiddenField()
    kind = RadioField(
        "What kind of contact was it?",
        widget=GovRadioInput(),
        choices=list(NOTE_KIND_LABELS.items()),
        validators=[InputRequired(message="Select what kind of contact it was")],
    )
    happened_on = GovDateField("Date it happened", description="For example, 27 3 2027")
    with_whom = StringField(
        "Who was it with? (optional)",
        widget=GovTextInput(),
        filters=[without_nul],
        description="For example, 'Jojo and her mum' or 'college SENCO'",
        validators=[Optional(), MaxLength(200)],
    )
    text = text_area(
        "What happened",
        required="Enter what happened",
        max_length=8000,
    )
    follow_up = text_area(
        "Follow-up (optional)",
        name="Follow-up",
        max_length=4000,
        description="What you or others will do next, and by when",
    )
    sensitive = BooleanField(
        "Sensitive: keep this note from the young person, their parents or carers and adult teams",
        widget=GovCheckboxInput(),
        description="For example, safeguarding concerns or information about someone else",
    )
    submit = SubmitField("Save note", widget=GovSubmitInput())

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self._today = today

    def validate_happened_on(self, field):
        if field.data is not None and field.data > self._today:
            raise ValidationError("Date it happened must be today or in the past")
        if field.data is not None and field.data.year < 1900:
            raise ValidationError("Date it happened must be a real date")

    def validate_text(self, field):
        if not (field.data or "").strip():
            raise ValidationError("Enter what happened")

    def note_input(self) -> NoteInput:
        return NoteInput(
            kind=self.kind.data,
            happened_on=self.happened_on.data,
            with_whom=self.with_whom.data,
            text=self.text.data,
            follow_up=self.follow_up.data,
            sensitive=bool(self.sensitive.data),
        )


class ChronologyFilterForm(FlaskForm):
    class Meta:
        csrf = False

    kind = SelectMultipleField(
        "Show",
        widget=GovCheckboxesInput(),
        choices=list(CHRONOLOGY_KINDS.items()),
        validators=[Optional()],
    )
    submit = SubmitField("Show these", widget=GovSubmitInput())
