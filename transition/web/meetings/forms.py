"""The meeting form: a date, UK start and end times, a place or an online link."""

from __future__ import annotations

import re
from datetime import date, time
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from transition.models.meetings import MEETING_KIND_LABELS
from transition.pathway.dates import format_date
from transition.services import meetings as meetings_service
from transition.services.meetings import MeetingInput
from transition.web.forms import GovDateField, VersionField

_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})")


def parse_clock(value: str | None) -> time | None:
    """'14:30', '9:05' or '09.05' as a time; None when it is not a real 24-hour time."""
    match = _CLOCK.fullmatch((value or "").strip())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class MeetingForm(FlaskForm):
    version = VersionField()
    kind = RadioField(
        "What kind of meeting is it?",
        widget=GovRadioInput(),
        description="The young person sees it in plain words, such as “Meeting about your plan”",
        choices=list(MEETING_KIND_LABELS.items()),
        validators=[InputRequired(message="Select what kind of meeting it is")],
    )
    day = GovDateField("Meeting date", description="For example, 27 3 2027")
    start_time = StringField(
        "Start time",
        widget=GovTextInput(),
        description="UK time, using the 24-hour clock, for example 14:30",
        validators=[InputRequired(message="Enter a start time")],
    )
    end_time = StringField(
        "End time",
        widget=GovTextInput(),
        description="UK time, using the 24-hour clock, for example 15:30",
        validators=[InputRequired(message="Enter an end time")],
    )
    location = StringField(
        "Place (optional if there is an online link)",
        widget=GovTextInput(),
        description="For example, the school or college and the room",
        # No Optional(): it would stop the check that a place or a link is given.
        validators=[Length(max=200, message="Place must be 200 characters or fewer")],
    )
    online_link = StringField(
        "Online meeting link (optional if there is a place)",
        widget=GovTextInput(),
        description="The full link, starting with https://",
        validators=[Length(max=500, message="Online meeting link must be 500 characters or fewer")],
    )
    invitees = TextAreaField(
        "Who is invited (optional)",
        widget=GovTextArea(),
        validators=[
            Optional(),
            Length(max=2000, message="Who is invited must be 2,000 characters or fewer"),
        ],
    )
    purpose = TextAreaField(
        "What the meeting is for (optional)",
        widget=GovTextArea(),
        validators=[
            Optional(),
            Length(max=4000, message="What the meeting is for must be 4,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Save meeting", widget=GovSubmitInput())

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self._today = today

    def validate_day(self, field):
        if field.data is None:
            return
        if field.data < meetings_service.earliest_day(self._today):
            raise ValidationError("Meeting date must be within the last year")
        if field.data > meetings_service.latest_day(self._today):
            raise ValidationError("Meeting date must be within the next 2 years")

    def _clock(self, field, name: str) -> time:
        clock = parse_clock(field.data)
        if clock is None:
            raise ValidationError(f"{name} must be a real time, like 14:30")
        day = self.day.data
        if day is not None and not meetings_service.time_exists(day, clock):
            raise ValidationError(
                f"{name} does not exist on {format_date(day)} because the clocks go forward: "
                "enter a time before 1am or from 2am"
            )
        return clock

    def validate_start_time(self, field):
        self._clock(field, "Start time")

    def validate_end_time(self, field):
        end = self._clock(field, "End time")
        start = parse_clock(self.start_time.data)
        if start is not None and end <= start:
            raise ValidationError("End time must be after the start time")

    def validate_location(self, field):
        if not (field.data or "").strip() and not (self.online_link.data or "").strip():
            raise ValidationError("Enter a place or an online meeting link")

    def validate_online_link(self, field):
        link = (field.data or "").strip()
        if not link:
            return
        parts = urlsplit(link)
        if parts.scheme != "https" or not parts.hostname or re.search(r"\s", link):
            raise ValidationError(
                "Enter an online meeting link in the right format, starting with https://"
            )

    def meeting_input(self) -> MeetingInput:
        start = parse_clock(self.start_time.data)
        end = parse_clock(self.end_time.data)
        assert start is not None and end is not None and self.day.data is not None
        return MeetingInput(
            kind=self.kind.data,
            day=self.day.data,
            start=start,
            end=end,
            location=self.location.data,
            online_link=self.online_link.data,
            invitees=self.invitees.data,
            purpose=self.purpose.data,
        )


class CancelMeetingForm(FlaskForm):
    version = VersionField()
    submit = SubmitField("Cancel the meeting", widget=GovSubmitInput())
