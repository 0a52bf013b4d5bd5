from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from transition.web.forms import DecisionForm, MaxLength

EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.org"


def _email_field(label: str, hint: str) -> EmailField:
    return EmailField(
        label,
        widget=GovTextInput(),
        description=hint,
        validators=[InputRequired(message="Enter an email address"), MaxLength(254)],
    )


class _EmailChecks:
    def validate_email(self, field):
        value = (field.data or "").strip()
        local, _, domain = value.partition("@")
        if not local or "." not in domain or " " in value:
            raise ValidationError(EMAIL_MESSAGE)


class InviteYoungPersonForm(_EmailChecks, FlaskForm):
    email = _email_field("Their email address", "They will use this email address to sign in.")
    submit = SubmitField("Make the invitation link", widget=GovSubmitInput())


class InviteParentForm(_EmailChecks, FlaskForm):
    name = StringField(
        "Name of the parent or carer",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the parent's or carer's name"), MaxLength(120)],
    )
    email = _email_field("Their email address", "They will use this email address to sign in.")
    submit = SubmitField("Make the invitation link", widget=GovSubmitInput())


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "Choose a password",
        widget=GovPasswordInput(),
        description="Use 12 letters, numbers or spaces or more. "
        "Three or four words together are easy to remember.",
        validators=[InputRequired(message="Enter a password"), MaxLength(1024)],
    )
    submit = SubmitField("Save my password", widget=GovSubmitInput())


class ParentAccessDecisionForm(DecisionForm):
    decision = RadioField(
        "What was decided about their parents or carers seeing their pathway?",
        widget=GovRadioInput(),
        choices=[
            ("given", "Their parents or carers can see it"),
            ("refused", "Their parents or carers cannot see it"),
            (
                "best_interests",
                "Best-interests decision that their parents or carers can see it "
                "(they lack capacity to decide)",
            ),
        ],
        validators=[InputRequired(message="Select what was decided")],
    )
