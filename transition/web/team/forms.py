"""Managers' forms: moving people to another worker or team."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from transition.web.forms import text_area

REASON_MAX = 200


class ReallocateForm(FlaskForm):
    # The chosen people as "id:version" pairs, so a change made meanwhile is caught.
    people = HiddenField()
    target = SelectField(
        "Move them to",
        widget=GovSelect(),
        choices=[],
        # Checked against live workers and teams when the move is made.
        validate_choice=False,
        validators=[InputRequired(message="Select who to move them to")],
    )
    reason = text_area(
        "Reason for the move",
        required="Enter a reason for the move",
        name="Reason",
        max_length=REASON_MAX,
        description="For example, the worker is leaving or the caseload is being balanced",
    )
    submit = SubmitField("Move young people", widget=GovSubmitInput())


class CaseloadSizeForm(FlaskForm):
    """The most young people a worker in a team should hold; blank for no limit."""

    team = SelectField(
        "Team",
        widget=GovSelect(),
        choices=[],
        validators=[InputRequired(message="Select a team")],
    )
    limit = StringField(
        "Caseload size",
        widget=GovTextInput(),
        description="The most young people one worker should hold. Leave it empty for no limit.",
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    submit = SubmitField("Save caseload size", widget=GovSubmitInput())

    def validate_limit(self, field):
        if field.data and not (field.data.isascii() and field.data.isdigit()):
            raise ValidationError("Caseload size must be a whole number, like 30")
        if field.data and not 1 <= int(field.data) <= 1000:
            raise ValidationError("Caseload size must be between 1 and 1,000")
