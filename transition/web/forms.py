"""Form pieces every feature area shares."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import DateField, HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)

from transition.extensions import db
from transition.services.locking import StaleRecord
from transition.services.people import ConsentInput


def without_nul(value):
    """Drop NUL characters, which PostgreSQL cannot store in text."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class VersionField(HiddenField):
    """The version of the record the page was showing, as an int (0 when missing or junk).

    Versions start at 1, so 0 never matches: a form sent without a proper version is
    treated like one sent from a page someone else has since changed.
    """

    def process_formdata(self, valuelist):
        raw = valuelist[0] if valuelist else ""
        self.data = int(raw) if raw.isdigit() and len(raw) <= 9 else 0

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)


def show_stale(form, field, error: StaleRecord, current_version: Callable[[], int]) -> None:
    """A save refused as stale: roll the work back, put the GOV.UK message on `field`, keep
    what the user typed and offer the current version, so sending again is deliberate."""
    db.session.rollback()
    field.errors = [*field.errors, error.message]
    form.version.data = current_version()


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
    """A recorded decision (consent, parents' access): what, who, capacity, when.

    Subclasses add `decision` and `decided_by` with their own wording and rules.
    """

    capacity_assessed = RadioField(
        "Was their mental capacity to make this decision assessed?",
        widget=GovRadioInput(),
        choices=[
            ("no", "No, capacity is presumed"),
            ("has", "Yes, they have capacity for this decision"),
            ("lacks", "Yes, they lack capacity for this decision"),
        ],
        validators=[InputRequired(message="Select whether capacity was assessed")],
    )
    decided_on = GovDateField("Date of the decision")
    notes = TextAreaField(
        "Notes (optional)", widget=GovTextArea(), validators=[Optional(), MaxLength(2000)]
    )
    submit = SubmitField("Save decision", widget=GovSubmitInput())

    def consent_input(self, purpose: str) -> ConsentInput:
        decider_name = getattr(self, "decider_name", None)
        return ConsentInput(
            purpose=purpose,
            decision=self.decision.data,
            decided_by=self.decided_by.data,
            decided_on=self.decided_on.data,
            decider_name=decider_name.data if decider_name is not None else None,
            capacity_assessed=self.capacity_assessed.data != "no",
            lacks_capacity=self.capacity_assessed.data == "lacks",
            notes=self.notes.data,
        )
