"""Forms on /notifications: mark read, and choose how each kind is emailed."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField

from transition.models.notifications import FREQUENCY_LABELS, NOTIFICATION_KIND_LABELS

# Which kinds reach which role: nobody is asked about news they never get.
KINDS_FOR_ROLE = {
    "worker": (
        "handover_query",
        "handover_returned",
        "handover_accepted",
        "young_person_wrote",
        "allocated",
        "meeting_action",
    ),
    "manager": ("meeting_action",),
    "adult_services": ("handover_answer", "meeting_action"),
}


class MarkReadForm(FlaskForm):
    submit = SubmitField("Mark as read", widget=GovSubmitInput())


def preferences_form(role: str, current: dict[str, str], formdata=None) -> FlaskForm:
    """One radio group per kind of notification this role receives."""

    class PreferencesForm(FlaskForm):
        submit = SubmitField("Save email choices", widget=GovSubmitInput())

    for kind in KINDS_FOR_ROLE.get(role, ()):
        setattr(
            PreferencesForm,
            kind,
            RadioField(
                NOTIFICATION_KIND_LABELS[kind],
                widget=GovRadioInput(),
                choices=list(FREQUENCY_LABELS.items()),
                default=current.get(kind, "immediate"),
            ),
        )
    form = PreferencesForm(formdata=formdata)
    form.kinds = KINDS_FOR_ROLE.get(role, ())
    return form
