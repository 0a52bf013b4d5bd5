"""Forms for changing one young person's milestones."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, ValidationError

from transition.pathway.dates import add_age
from transition.pathway.rag import ACHIEVED, STATUSES
from transition.web.forms import GovDateField, text_area, without_nul

# The latest a due date can move to: the day before the 26th birthday, when an EHC
# plan must have ended.
LATEST_AGE = 26


class _PersonDatesForm(FlaskForm):
    """A form that checks dates against the person's date of birth and today."""

    def __init__(self, *args, dob: date, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self._dob = dob
        self._today = today

    def _in_pathway(self, field, what: str) -> None:
        if field.data is None:
            return
        if field.data < self._dob:
            raise ValidationError(f"{what} must be on or after their date of birth")
        if field.data >= add_age(self._dob, LATEST_AGE):
            raise ValidationError(f"{what} must be before their 26th birthday")


class StatusForm(_PersonDatesForm):
    version = HiddenField()
    status = RadioField(
        "What is the status of this milestone?",
        widget=GovRadioInput(),
        choices=list(STATUSES),
        description="If it has been achieved, give the date below",
        validators=[InputRequired(message="Select the status of the milestone")],
    )
    achieved_on = GovDateField(
        "Date achieved",
        required=False,
        description="Only if it has been achieved. For example, 27 3 2027",
    )
    submit = SubmitField("Save status", widget=GovSubmitInput())

    def validate_achieved_on(self, field):
        if self.status.data == ACHIEVED and field.data is None and not field.errors:
            raise ValidationError("Enter the date it was achieved")
        if field.data is not None and field.data > self._today:
            raise ValidationError("Date achieved must be today or in the past")
        self._in_pathway(field, "Date achieved")


class EvidenceForm(_PersonDatesForm):
    text = text_area(
        "What was done",
        required="Enter what was done",
        max_length=4000,
        description="Say what happened, who was involved and where any documents are kept",
    )
    evidence_date = GovDateField("Date it happened", description="For example, 27 3 2027")
    document_id = SelectField(
        "Document that shows it (optional)",
        widget=GovSelect(),
        coerce=int,
        choices=[(0, "No document")],
        default=0,
        description="Upload it to the record's documents first",
    )
    submit = SubmitField("Add evidence", widget=GovSubmitInput())

    def validate_evidence_date(self, field):
        if field.data is not None and field.data > self._today:
            raise ValidationError("Date it happened must be today or in the past")
        self._in_pathway(field, "Date it happened")


class DueDateForm(_PersonDatesForm):
    version = HiddenField()
    due_on = GovDateField("New due date", description="For example, 27 3 2030")
    reason = text_area(
        "Why is the due date moving?",
        required="Enter why the due date is moving",
        name="The reason",
        description="This is kept in the milestone's history",
    )
    submit = SubmitField("Move due date", widget=GovSubmitInput())

    def validate_due_on(self, field):
        self._in_pathway(field, "New due date")


class CustomMilestoneForm(_PersonDatesForm):
    area = RadioField(
        "Which outcome area is it in?",
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message="Select the outcome area")],
    )
    title = StringField(
        "Title",
        widget=GovTextInput(),
        filters=[without_nul],
        description="A short name, for example 'Visit the college open day'",
        validators=[
            InputRequired(message="Enter a title"),
            Length(max=200, message="Title must be 200 characters or fewer"),
        ],
    )
    description = text_area("Description (optional)", name="Description", max_length=4000)
    due_on = GovDateField("Due date", description="For example, 27 3 2028")
    submit = SubmitField("Add milestone", widget=GovSubmitInput())

    def validate_title(self, field):
        if not (field.data or "").strip():
            raise ValidationError("Enter a title")

    def validate_due_on(self, field):
        self._in_pathway(field, "Due date")


class FrameworkUpdateForm(FlaskForm):
    version = HiddenField()
    submit = SubmitField("Update dates", widget=GovSubmitInput())
