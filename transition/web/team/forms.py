"""Managers' forms: moving people to another worker or team."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput
from wtforms import HiddenField, SelectField, SubmitField
from wtforms.validators import InputRequired

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
