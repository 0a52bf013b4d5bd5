"""Form pieces every feature area shares."""

from __future__ import annotations

import re
from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import DateField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)

from transition.pathway.decisions import WAYS
from transition.services import people as people_service
from transition.services.decisions import DecisionProblem
from transition.services.disclosure import WITHHELD_REASON_LABELS
from transition.services.people import ConsentInput


def without_nul(value):
    """Drop NUL characters, which PostgreSQL cannot store in text."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class MaxLength(Length):
    """Length(max=n) with the GOV.UK message, "First name must be 100 characters or fewer".

    The name is the field's label without "(optional)", unless one is given.
    """

    def __init__(self, max_length: int, name: str | None = None):
        super().__init__(max=max_length)
        self.name = name

    def __call__(self, form, field):
        if field.data is not None and len(field.data) > self.max:
            name = self.name or re.sub(r"\s*\(optional\)$", "", field.label.text)
            raise ValidationError(f"{name} must be {self.max:,} characters or fewer")


def text_area(
    label: str,
    *,
    required: str | None = None,
    name: str | None = None,
    max_length: int = 2000,
    description: str | None = None,
) -> TextAreaField:
    """A GOV.UK textarea with GOV.UK messages.

    `required` is the message when it is left empty or holds only spaces; without it
    the field is optional. `name` starts the message for too much text ("Reason must
    be 2,000 characters or fewer"); it defaults to the label.
    """
    validators = [DataRequired(message=required)] if required else [Optional()]
    validators.append(MaxLength(max_length, name))
    return TextAreaField(
        label,
        widget=GovTextArea(),
        filters=[without_nul],
        description=description,
        validators=validators,
    )


class SafeGovDateInput(GovDateInput):
    """GovDateInput that copes with a post missing some of its three boxes."""

    def map_gov_params(self, field, **kwargs):
        if field.raw_data is not None and len(field.raw_data) != 3:
            field.raw_data = (list(field.raw_data) + ["", "", ""])[:3]
        params = super().map_gov_params(field, **kwargs)
        if not field.raw_data and field.data:
            # GOV.UK shows a saved date as 1 3 2029, not 01 03 2029.
            parts = (field.data.day, field.data.month, field.data.year)
            for item, value in zip(params["items"], parts, strict=True):
                item["value"] = str(value)
        return params


class GovDateField(DateField):
    """A day / month / year date in GOV.UK style with GOV.UK error messages.

    `label` names the date in messages, e.g. "date of birth" gives
    "Enter a date of birth" and "Date of birth must be a real date".
    """

    widget = SafeGovDateInput()

    def __init__(self, label=None, validators=None, *, required: bool = True, **kwargs):
        super().__init__(label, validators, format="%d %m %Y", **kwargs)
        self.required = required

    def process_formdata(self, valuelist):
        parts = [str(v).strip() for v in valuelist][:3]
        self.raw_data = parts + [""] * (3 - len(parts))
        if not any(self.raw_data):
            self.data = None
            return
        day, month, year = self.raw_data
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            self.data = None
            raise ValueError(f"{self.label.text} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date")
        try:
            self.data = date(int(year), int(month), int(day))
        except ValueError as exc:
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date") from exc

    def pre_validate(self, form):
        if self.data is None and not any(self.raw_data or []) and self.required:
            raise StopValidation(f"Enter a {self.label.text.lower()}")


class DecisionForm(FlaskForm):
    """A recorded decision (consent, parents' access, a Care Act assessment): who, when.

    Subclasses add `decision` with their own wording. Who may decide is not checked
    here but by the one rule (transition/pathway/decisions.py) when the decision is
    saved: see `save_decision`.
    """

    decided_by = RadioField(
        "Who decided?",
        widget=GovRadioInput(),
        choices=list(WAYS.items()),
        validators=[InputRequired(message="Select who decided")],
    )
    decider_name = StringField(
        "Name of the person who decided (optional)",
        widget=GovTextInput(),
        validators=[Optional(), MaxLength(120)],
    )
    decided_on = GovDateField("Date of the decision")
    notes = TextAreaField(
        "Notes (optional)", widget=GovTextArea(), validators=[Optional(), MaxLength(2000)]
    )
    submit = SubmitField("Save decision", widget=GovSubmitInput())

    def consent_input(self, purpose: str) -> ConsentInput:
        override = getattr(self, "s58_override", None)
        reason = getattr(self, "s58_override_reason", None)
        return ConsentInput(
            purpose=purpose,
            decision=self.decision.data,
            decided_by=self.decided_by.data,
            decided_on=self.decided_on.data,
            decider_name=self.decider_name.data,
            notes=self.notes.data,
            s58_override=bool(override is not None and override.data == "yes"),
            s58_override_reason=reason.data if reason is not None else None,
        )


def save_decision(form: DecisionForm, actor, person, purpose: str) -> bool:
    """Record the form's decision; the rule's plain-words refusal goes on the form."""
    try:
        people_service.record_consent(actor, person, form.consent_input(purpose))
    except DecisionProblem as problem:
        field = getattr(form, problem.field or "decided_by")
        field.errors = [*field.errors, str(problem)]
        return False
    return True


def withheld_field(what: str = "this") -> RadioField:
    """ "Not to be shared with the young person or family": one field for every form.

    Its value is a model's `withheld_reason` (None when it may be shared); the rule that
    reads it is transition/services/disclosure.py. Read it with `withheld_value(field)`.
    """
    return RadioField(
        f"Can the young person and their family see {what}?",
        widget=GovRadioInput(),
        description="If not, it never appears on their pages, downloads or calendar. "
        "Information about other people is listed there as held but not shown; "
        "safeguarding and serious-harm information is not mentioned at all",
        choices=[("shared", "Yes, they can see it")]
        + [
            (
                reason,
                "No, not to be shared with the young person or family: "
                f"{label[0].lower()}{label[1:]}",
            )
            for reason, label in WITHHELD_REASON_LABELS.items()
        ],
        default="shared",
        validate_choice=False,
    )


def withheld_value(field: RadioField) -> str | None:
    return field.data if field.data in WITHHELD_REASON_LABELS else None
