"""The meeting form: a date, UK start and end times, a place or an online link."""

from __future__ import annotations

import re
from datetime import date, time
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from transition.models.meetings import MEETING_KIND_LABELS
from transition.pathway.dates import format_date
from transition.services import meetings as meetings_service
from transition.services.meetings import MeetingInput
from transition.web.forms import GovDateField

_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])?\.?\s*(m\.?)?", re.IGNORECASE)
MAX_INVITEES = 30
_WORDS = {"midday": time(12), "noon": time(12), "midnight": time(0)}


def parse_clock(value: str | None) -> time | None:
    """A time as people write it: '2pm', '2:30pm', '2.30 p.m.', '14:30', '14.30', 'midday'.
    None when it is not a real time (a bare '2' could be 2am or 2pm, so it is refused)."""
    text = (value or "").strip().lower()
    if text in _WORDS:
        return _WORDS[text]
    match = _CLOCK.fullmatch(text)
    if match is None or not text.isascii():
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = match.group(3)
    if match.group(4) and not half:
        return None
    if half is None:
        if match.group(2) is None or hour > 23:
            return None
    elif not 1 <= hour <= 12:
        return None
    else:
        hour = hour % 12 + (12 if half == "p" else 0)
    if minute > 59:
        return None
    return time(hour, minute)


class MeetingForm(FlaskForm):
    version = HiddenField()
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
        description="UK time, for example 2pm, 2:30pm or 14:30",
        validators=[InputRequired(message="Enter a start time")],
    )
    end_time = StringField(
        "End time",
        widget=GovTextInput(),
        description="UK time, for example 3pm, 3:30pm or 15:30",
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
    staff = SelectMultipleField(
        "Invite staff by email (optional)",
        widget=GovCheckboxesInput(),
        description="Each gets an invitation for their calendar, and an update if the "
        "meeting moves or is cancelled.",
        choices=[],
        coerce=str,
    )
    other_emails = TextAreaField(
        "Invite others by email (optional)",
        widget=GovTextArea(),
        description="One email address on each line, for example a college tutor. "
        "Check each address: the invitation names the young person by initials and reference.",
        filters=[lambda value: value.replace("\x00", "") if isinstance(value, str) else value],
        validators=[
            Optional(),
            Length(max=2000, message="Email addresses must be 2,000 characters or fewer"),
        ],
    )
    invitees = TextAreaField(
        "Who else is coming (optional)",
        widget=GovTextArea(),
        description="People who are not sent an invitation, for example the young person "
        "and their family.",
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
            raise ValidationError(f"{name} must be a real time, like 2pm or 14:30")
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

    def validate_other_emails(self, field):
        for line in (field.data or "").splitlines():
            address = line.strip()
            if not address:
                continue
            try:
                validate_email(address, check_deliverability=False)
            except EmailNotValidError as error:
                raise ValidationError(
                    f"Enter email addresses in the right format, like name@example.org: "
                    f"“{address[:60]}” is not"
                ) from error
        if len(self.invite_addresses()) > MAX_INVITEES:
            raise ValidationError(f"Invite {MAX_INVITEES} people or fewer by email")

    def invite_addresses(self) -> list[str]:
        """The typed addresses, normalised, once each."""
        seen: dict[str, None] = {}
        for line in (self.other_emails.data or "").splitlines():
            address = line.strip()
            if not address:
                continue
            try:
                seen[validate_email(address, check_deliverability=False).normalized.lower()] = None
            except EmailNotValidError:
                continue
        return list(seen)

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
    version = HiddenField()
    submit = SubmitField("Cancel the meeting", widget=GovSubmitInput())


ACTION_ROWS = 3
FAMILY = "family"


class OutcomeForm(FlaskForm):
    """What a meeting agreed, and up to three actions, each with an owner and a due date."""

    version = HiddenField()
    outcome = TextAreaField(
        "What was agreed",
        widget=GovTextArea(),
        validators=[
            InputRequired(message="Enter what was agreed"),
            Length(max=4000, message="What was agreed must be 4,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Save what was agreed", widget=GovSubmitInput())

    def actions(self) -> list[tuple]:
        return [
            (self[f"action_{n}"], self[f"owner_{n}"], self[f"due_{n}"])
            for n in range(1, ACTION_ROWS + 1)
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for text, owner, due in self.actions():
            if not (text.data or "").strip():
                if due.data is not None or due.errors:
                    text.errors.append("Enter the action, or clear its due date")
                    valid = False
                continue
            if owner.data not in {value for value, _ in owner.choices if value}:
                owner.errors.append("Select who will do it")
                valid = False
            if due.data is None and not due.errors:
                due.errors.append("Enter the date it is due")
                valid = False
            elif due.data is not None and not (
                self._today <= due.data <= meetings_service.latest_day(self._today)
            ):
                due.errors.append("The date it is due must be today or within the next 2 years")
                valid = False
        return valid

    def __init__(self, *args, today: date, owners: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self._today = today
        for _, owner, _ in self.actions():
            owner.choices = [("", "Choose who"), *owners]


for _n in range(1, ACTION_ROWS + 1):
    setattr(
        OutcomeForm,
        f"action_{_n}",
        StringField(
            f"Action {_n} (optional)",
            widget=GovTextInput(),
            validators=[Length(max=200, message=f"Action {_n} must be 200 characters or fewer")],
        ),
    )
    setattr(
        OutcomeForm,
        f"owner_{_n}",
        SelectField(
            f"Who will do action {_n}", widget=GovSelect(), choices=[], validate_choice=False
        ),
    )
    setattr(
        OutcomeForm,
        f"due_{_n}",
        GovDateField(f"Action {_n} due date", required=False, description="For example, 27 3 2027"),
    )
