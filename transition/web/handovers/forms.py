"""The forms of the handover workflow: one per page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from transition.web.forms import GovDateField, MaxLength, text_area


def version_of(form) -> int | None:
    try:
        return int(form.version.data or "")
    except ValueError:
        return None


class HandoverForm(FlaskForm):
    version = HiddenField()
    team_id = SelectField(
        "Which adult service are you handing over to?",
        widget=GovSelect(),
        coerce=int,
        choices=[],
        validators=[InputRequired(message="Select the adult service to hand over to")],
    )
    target_date = GovDateField(
        "Target transfer date",
        description="Usually the 18th birthday. For example, 27 3 2030",
    )
    target_date_reason = text_area(
        "Why is the target date different from the 18th birthday?",
        name="The reason for the date",
        description="Only needed when the date is not the 18th birthday",
    )
    sending_contact_id = SelectField(
        "Contact in the children's team", widget=GovSelect(), coerce=int, choices=[]
    )
    receiving_contact_name = StringField(
        "Named contact in the adult team (optional)",
        widget=GovTextInput(),
        validators=[Optional(), MaxLength(120)],
    )
    worker_notes = text_area(
        "What else should the adult team know? (optional)",
        name="What else the adult team should know",
        max_length=4000,
        description="This is added to the summary generated from the record",
    )
    note_ids = SelectMultipleField(
        "Case notes to include (optional)",
        widget=GovCheckboxesInput(),
        coerce=int,
        choices=[],
        validators=[Optional()],
        description="Sensitive notes are never sent to adult teams, so they are not listed",
    )
    document_ids = SelectMultipleField(
        "Documents to send with it (optional)",
        widget=GovCheckboxesInput(),
        coerce=int,
        choices=[],
        validators=[Optional()],
        description="Sensitive documents are never sent to adult teams, so they are not listed",
    )
    submit = SubmitField("Save draft", widget=GovSubmitInput())


class SendForm(FlaskForm):
    version = HiddenField()
    submit = SubmitField("Send handover", widget=GovSubmitInput())


class AcceptForm(FlaskForm):
    version = HiddenField()
    receiving_worker_name = StringField(
        "Name of the worker who will take them on",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter the name of the worker who will take them on"),
            Length(max=120, message="Name must be 120 characters or fewer"),
        ],
    )
    first_contact_on = GovDateField(
        "Planned first contact date", description="For example, 27 3 2030"
    )
    submit = SubmitField("Accept handover", widget=GovSubmitInput())


class QueryForm(FlaskForm):
    version = HiddenField()
    question = text_area(
        "Your question for the children's team", required="Enter your question", name="Question"
    )
    submit = SubmitField("Send question", widget=GovSubmitInput())


class AnswerForm(FlaskForm):
    version = HiddenField()
    answer = text_area("Your answer", required="Enter your answer", name="Answer")
    submit = SubmitField("Send answer", widget=GovSubmitInput())


class ReturnForm(FlaskForm):
    version = HiddenField()
    reason = text_area(
        "Why are you returning this handover?",
        required="Enter why you are returning the handover",
        name="Reason",
        description="The children's team will see this",
    )
    submit = SubmitField("Return handover", widget=GovSubmitInput())


class CompleteForm(FlaskForm):
    version = HiddenField()
    submit = SubmitField("Mark as complete", widget=GovSubmitInput())


class StateFilterForm(FlaskForm):
    class Meta:
        csrf = False

    state = SelectField("Show", widget=GovSelect(), choices=[], default="")
