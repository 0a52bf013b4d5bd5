"""Forms on /calendar: make or reset the feed link, and choose reminders."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovSubmitInput
from wtforms import SelectMultipleField, SubmitField

from transition.services.calendar import DEADLINE_REMINDERS, MEETING_REMINDERS
from transition.web.forms import VersionField


class FeedLinkForm(FlaskForm):
    submit = SubmitField("Reset the link", widget=GovSubmitInput())


class ReminderForm(FlaskForm):
    version = VersionField()
    deadlines = SelectMultipleField(
        "Reminders for deadlines and key dates",
        widget=GovCheckboxesInput(),
        description="Deadline reminders arrive at 9am. Select all that apply, or none.",
        choices=list(DEADLINE_REMINDERS.items()),
    )
    meetings = SelectMultipleField(
        "Reminders for meetings",
        widget=GovCheckboxesInput(),
        description="Select all that apply, or none.",
        choices=list(MEETING_REMINDERS.items()),
    )
    submit = SubmitField("Save reminder choices", widget=GovSubmitInput())
