"""Forms managers use to change the council's milestone framework."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, ValidationError

from transition.services.pathway import AgeTiming, WordingChange
from transition.web.forms import VersionField, text_area, without_nul

# Framework titles are short so they fit a calendar entry and a table cell.
TITLE_MAX = 60
OLDEST_YEARS = 25
YOUNGEST_YEARS = 13


def _required_text(label: str, message: str, max_length: int, **kwargs) -> StringField:
    return StringField(
        label,
        widget=GovTextInput(),
        filters=[without_nul],
        validators=[
            InputRequired(message=message),
            Length(max=max_length, message=f"{label} must be {max_length} characters or fewer"),
        ],
        **kwargs,
    )


def _number(field, what: str, low: int, high: int) -> int | None:
    text = (field.data or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{1,3}", text):
        raise ValidationError(f"{what} must be a whole number, like {low + 1}")
    value = int(text)
    if not low <= value <= high:
        raise ValidationError(f"{what} must be between {low} and {high}")
    return value


class _MilestoneTextForm(FlaskForm):
    base_version = VersionField()
    title = _required_text(
        "Title", "Enter a title", TITLE_MAX, description=f"Up to {TITLE_MAX} characters"
    )
    plain_title = _required_text(
        "Title in plain words for the young person",
        "Enter a title in plain words for the young person",
        200,
    )
    description = text_area(
        "What it means", required="Enter what the milestone means", max_length=4000
    )
    source = text_area(
        "Source",
        required="Enter the source",
        description="The law, guidance or local decision it comes from",
    )
    lead = _required_text("Who leads", "Enter who leads", 200)
    change_note = text_area(
        "What changed and why",
        required="Enter what changed and why",
        description="Kept with the new framework version, so others can see why it changed",
    )

    def wording(self) -> WordingChange:
        return WordingChange(
            title=self.title.data,
            plain_title=self.plain_title.data,
            description=self.description.data,
            source=self.source.data,
            lead=self.lead.data,
        )


class _TimingMixin:
    """Due and opening ages as years and months; the opening age is optional."""

    due_years = StringField("Years", widget=GovTextInput())
    due_months = StringField("Months", widget=GovTextInput())
    opens_years = StringField("Years", widget=GovTextInput())
    opens_months = StringField("Months", widget=GovTextInput())

    def validate_due_years(self, field):
        if _number(field, "Years until it is due", YOUNGEST_YEARS, OLDEST_YEARS) is None:
            raise ValidationError("Enter the age in years when it is due")

    def validate_due_months(self, field):
        _number(field, "Months until it is due", 0, 11)

    def validate_opens_years(self, field):
        _number(field, "Years until it opens", YOUNGEST_YEARS, OLDEST_YEARS)

    def validate_opens_months(self, field):
        months = _number(field, "Months until it opens", 0, 11)
        if months is not None and not (self.opens_years.data or "").strip():
            raise ValidationError("Enter the age in years when it opens, or leave both empty")

    def timing(self) -> AgeTiming:
        def number(field) -> int | None:
            text = (field.data or "").strip()
            return int(text) if text else None

        return AgeTiming(
            due_years=number(self.due_years) or 0,
            due_months=number(self.due_months) or 0,
            opens_years=number(self.opens_years),
            opens_months=number(self.opens_months),
        )


class ChangeMilestoneForm(_TimingMixin, _MilestoneTextForm):
    submit = SubmitField("Save as a new framework version", widget=GovSubmitInput())

    def __init__(self, *args, timing_editable: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.timing_editable = timing_editable
        if not timing_editable:
            # Only local milestones timed by age can move; the rest keep their timing.
            for name in ("due_years", "due_months", "opens_years", "opens_months"):
                delattr(self, name)


class CouncilMilestoneForm(_TimingMixin, _MilestoneTextForm):
    area = RadioField(
        "Which outcome area is it in?",
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message="Select the outcome area")],
    )
    submit = SubmitField("Add as a new framework version", widget=GovSubmitInput())


class RetireMilestoneForm(FlaskForm):
    base_version = VersionField()
    change_note = text_area(
        "Why is it being removed?",
        required="Enter why it is being removed",
        name="The reason",
        description="Kept with the new framework version",
    )
    submit = SubmitField("Remove from the framework", widget=GovSubmitInput())
