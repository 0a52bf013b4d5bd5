"""Forms for the people around a young person and their own contact details."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, HiddenField, RadioField, StringField, SubmitField
from wtforms.validators import AnyOf, Email, InputRequired, Optional, Regexp, ValidationError

from transition.models.contacts import CONTACT_KINDS, CONTACT_METHODS
from transition.services.contacts import ContactInput, OwnContactInput
from transition.web.forms import MaxLength, text_area, without_nul

PHONE = Regexp(
    r"^[0-9+() -]{6,40}$",
    message="Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
)
METHOD_CHOICES = [("", "No preference")] + list(CONTACT_METHODS.items())


def _text(label: str, max_length: int, validators=(), **kwargs) -> StringField:
    return StringField(
        label,
        widget=GovTextInput(),
        filters=[without_nul, lambda v: v.strip() if isinstance(v, str) else v],
        validators=[Optional(), *validators, MaxLength(max_length)],
        **kwargs,
    )


class _ContactDetails(FlaskForm):
    version = HiddenField()
    phone = _text("Phone number (optional)", 40, [PHONE])
    email = _text(
        "Email address (optional)",
        254,
        [Email(message="Enter an email address in the correct format, like name@example.com")],
    )
    address = text_area("Address (optional)", name="Address", max_length=500)
    preferred_method = RadioField(
        "How do they prefer to be contacted?",
        widget=GovRadioInput(),
        choices=METHOD_CHOICES,
        default="",
        validators=[Optional()],
    )
    contact_notes = _text(
        "Anything else about contacting them (optional)",
        500,
        description="For example, 'not before 10am' or 'speak to mum first'",
    )


class ContactForm(_ContactDetails):
    kind = RadioField(
        "Who are they?",
        widget=GovRadioInput(),
        choices=list(CONTACT_KINDS.items()),
        validators=[InputRequired(message="Select who they are")],
    )
    name = StringField(
        "Name",
        widget=GovTextInput(),
        filters=[without_nul],
        description="A person's name, or the name of the practice, school or service",
        validators=[InputRequired(message="Enter a name"), MaxLength(200)],
    )
    organisation = _text("Organisation (optional)", 200)
    parental_responsibility = BooleanField(
        "They have parental responsibility",
        widget=GovCheckboxInput(),
        description="Only for a parent or carer",
    )
    may_contact = RadioField(
        "May they be contacted?",
        widget=GovRadioInput(),
        choices=[("yes", "Yes"), ("no", "No, do not contact them")],
        default="yes",
        validators=[InputRequired(message="Select whether they may be contacted")],
    )
    submit = SubmitField("Save contact", widget=GovSubmitInput())

    def validate_name(self, field):
        if not (field.data or "").strip():
            raise ValidationError("Enter a name")

    def contact_input(self) -> ContactInput:
        return ContactInput(
            kind=self.kind.data,
            name=self.name.data,
            organisation=self.organisation.data,
            parental_responsibility=bool(self.parental_responsibility.data),
            phone=self.phone.data,
            email=self.email.data,
            address=self.address.data,
            may_contact=self.may_contact.data == "yes",
            preferred_method=self.preferred_method.data or None,
            contact_notes=self.contact_notes.data,
        )


class OwnContactForm(_ContactDetails):
    submit = SubmitField("Save contact details", widget=GovSubmitInput())

    def own_input(self) -> OwnContactInput:
        return OwnContactInput(
            phone=self.phone.data,
            email=self.email.data,
            address=self.address.data,
            preferred_method=self.preferred_method.data or None,
            contact_notes=self.contact_notes.data,
        )


class RemoveForm(FlaskForm):
    # A bare post removes nothing: the button sends this with it.
    confirm = HiddenField(validators=[InputRequired(), AnyOf(["yes"])])
    submit = SubmitField("Remove this contact", widget=GovSubmitInput())
