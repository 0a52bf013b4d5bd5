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
    decided_by = RadioField(
        "Who decided?",
        widget=GovRadioInput(),
        choices=[
            ("young_person", "The young person (you are recording it for them)"),
            ("deputy", "A deputy appointed by the Court of Protection"),
            ("best_interests", "A best-interests decision (they lack capacity for it)"),
        ],
        validators=[InputRequired(message="Select who decided")],
    )

    def validate_decided_by(self, field):
        lacks = self.capacity_assessed.data == "lacks"
        if field.data in {"deputy", "best_interests"} and not lacks:
            raise ValidationError(
                "A decision by a deputy or in their best interests needs a capacity "
                "assessment that found they lack capacity for this decision"
            )
        if field.data == "young_person" and lacks:
            raise ValidationError(
                "They lack capacity for this decision, so record who decided for them"
            )

    def validate_decision(self, field):
        if field.data == "best_interests" and self.decided_by.data == "young_person":
            raise ValidationError("A best-interests decision is made for them: choose who decided")
