"""Managers' forms: moving people to another worker or team."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea
from wtforms import HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

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
    reason = TextAreaField(
        "Reason for the move",
        widget=GovTextArea(),
        description="For example, the worker is leaving or the caseload is being balanced",
        validators=[
            InputRequired(message="Enter a reason for the move"),
            Length(max=REASON_MAX, message=f"Reason must be {REASON_MAX} characters or fewer"),
        ],
    )
    submit = SubmitField("Move young people", widget=GovSubmitInput())
