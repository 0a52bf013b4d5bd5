from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import Email, InputRequired, Optional, ValidationError

from transition.models.users import ADULT_SERVICE_LABELS
from transition.web.forms import MaxLength, VersionField


class TeamForm(FlaskForm):
    name = StringField(
        "Team name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter a team name"), MaxLength(120)],
    )
    kind = RadioField(
        "What kind of team is it?",
        widget=GovRadioInput(),
        choices=[
            ("childrens", "A children's transition team"),
            ("adult", "An adult team that receives handovers"),
        ],
        validators=[InputRequired(message="Select what kind of team it is")],
    )
    service = RadioField(
        "Which adult service? (adult teams only)",
        widget=GovRadioInput(),
        choices=list(ADULT_SERVICE_LABELS.items()),
        validate_choice=False,  # checked below: only adult teams need one
    )
    email = EmailField(
        "Team email address (optional)",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Email(message="Enter an email address in the correct format, like name@example.org"),
            MaxLength(254),
        ],
    )
    submit = SubmitField("Add team", widget=GovSubmitInput())

    def validate_service(self, field):
        if self.kind.data == "adult" and field.data not in ADULT_SERVICE_LABELS:
            raise ValidationError("Select which adult service the team is")


class StaffForm(FlaskForm):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter their full name"), MaxLength(120)],
    )
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter their email address"),
            Email(message="Enter an email address in the correct format, like name@example.org"),
            MaxLength(254),
        ],
    )
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=[
            ("worker", "Transition worker (children's team)"),
            ("adult_services", "Adult services (receives handovers)"),
            ("manager", "Manager (sees everything, runs reports, manages users)"),
        ],
        validators=[InputRequired(message="Select a role")],
    )
    team_id = SelectField("Team", widget=GovSelect(), coerce=int, choices=[])
    submit = SubmitField("Add user", widget=GovSubmitInput())


class ChangeTeamForm(FlaskForm):
    version = VersionField()
    team_id = SelectField("Team", widget=GovSelect(), coerce=int, choices=[])
    submit = SubmitField("Change team", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A button that confirms a change; the CSRF token is its only field."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())
