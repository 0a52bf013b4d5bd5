from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from transition.services import voice
from transition.web.once import SentOnce


class VoiceForm(FlaskForm):
    """One thing in the young person's own words (or a parent's)."""

    text = TextAreaField(
        "Write it here",
        widget=GovCharacterCount(),
        validators=[
            InputRequired(message="Write something before you save"),
            Length(max=voice.MAX_LENGTH, message=f"Write {voice.MAX_LENGTH:,} characters or fewer"),
        ],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class OnBehalfForm(SentOnce, FlaskForm):
    """A worker writing down what the young person said."""

    topic = RadioField(
        "What did they tell you about?",
        widget=GovRadioInput(),
        choices=[(t.slug, t.worker_title) for t in voice.TOPICS],
        validators=[InputRequired(message="Select what they told you about")],
    )
    text = TextAreaField(
        "What they said, in their words",
        widget=GovCharacterCount(),
        validators=[
            InputRequired(message="Enter what they said"),
            Length(
                max=voice.MAX_LENGTH,
                message=f"What they said must be {voice.MAX_LENGTH:,} characters or fewer",
            ),
        ],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class ParentAccessForm(FlaskForm):
    allow = RadioField(
        "Can your parent or carer see your pathway?",
        widget=GovRadioInput(),
        choices=[
            ("yes", "Yes, they can see it"),
            ("no", "No, they cannot see it"),
        ],
        validators=[InputRequired(message="Choose yes or no")],
    )
    submit = SubmitField("Save my choice", widget=GovSubmitInput())
