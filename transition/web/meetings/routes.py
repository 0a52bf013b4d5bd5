"""Meetings about a young person: schedule, read, change, cancel, download as .ics."""

from __future__ import annotations

from datetime import datetime

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from transition.extensions import db
from transition.models import Meeting
from transition.models.users import Role
from transition.services import access
from transition.services import calendar as calendar_service
from transition.services import meetings as meetings_service
from transition.services.clock import today
from transition.services.meetings import LONDON, MeetingCancelled, StaleMeeting
from transition.web.calendar.routes import uid_host
from transition.web.forms import show_stale
from transition.web.meetings.forms import CancelMeetingForm, MeetingForm
from transition.web.roles import roles_required
from transition.web.sessions import current_actor

bp = Blueprint("meetings", __name__)

EDITORS = (Role.WORKER, Role.MANAGER)
READERS = (Role.WORKER, Role.MANAGER, Role.ADULT_SERVICES, Role.YOUNG_PERSON, Role.PARENT_CARER)


def govuk_time(value: datetime) -> str:
    """'2:30pm', 'midday' or '10am' in UK time."""
    local = value.astimezone(LONDON)
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    if (local.hour, local.minute) == (0, 0):
        return "midnight"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


@bp.app_context_processor
def meeting_helpers():
    # The record page already loaded the person through access; this lists their meetings.
    return {"upcoming_meetings": lambda person: meetings_service.upcoming_for(person, today())}


bp.add_app_template_filter(govuk_time, "govuk_time")


def _current_version(meeting_id: int) -> str:
    return str(db.session.scalar(select(Meeting.version_id).where(Meeting.id == meeting_id)))


@bp.route("/young-people/<int:person_id>/meetings/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def create(person_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id, action="schedule_meeting")
    form = MeetingForm(today=today())
    if form.validate_on_submit():
        meeting = meetings_service.schedule(actor, person, form.meeting_input())
        flash("Meeting scheduled.", "success")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/edit.html", form=form, person=person, meeting=None)


@bp.get("/meetings/<int:meeting_id>")
@roles_required(*READERS)
def show(meeting_id: int):
    meeting = meetings_service.get_meeting(current_actor(), meeting_id)
    return render_template(
        "meetings/show.html",
        meeting=meeting,
        person=meeting.young_person,
        can_edit=access.can_edit(current_user, meeting.young_person),
        plain=current_user.role in {Role.YOUNG_PERSON, Role.PARENT_CARER},
    )


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(meeting_id: int):
    actor = current_actor()
    meeting = meetings_service.get_meeting_to_edit(actor, meeting_id, action="change_meeting")
    if meeting.cancelled_at is not None:
        flash("This meeting was cancelled, so it cannot be changed.", "information")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    form = MeetingForm(today=today())
    if request.method == "GET":
        day, start = meetings_service.local_parts(meeting.starts_at)
        _, end = meetings_service.local_parts(meeting.ends_at)
        form.version.data = str(meeting.version_id)
        form.kind.data = meeting.kind
        form.day.data = day
        form.start_time.data = start.strftime("%H:%M")
        form.end_time.data = end.strftime("%H:%M")
        form.location.data = meeting.location or ""
        form.online_link.data = meeting.online_link or ""
        form.invitees.data = meeting.invitees or ""
        form.purpose.data = meeting.purpose or ""
    elif form.validate_on_submit():
        try:
            meetings_service.change(actor, meeting, form.meeting_input(), version=form.version.data)
        except StaleMeeting as error:
            show_stale(form, form.kind, error, lambda: meeting.version_id)
        except MeetingCancelled:
            db.session.rollback()
            flash("This meeting was cancelled, so it cannot be changed.", "information")
            return redirect(url_for("meetings.show", meeting_id=meeting_id))
        else:
            flash("Meeting updated.", "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template(
        "meetings/edit.html", form=form, person=meeting.young_person, meeting=meeting
    )


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
@roles_required(*EDITORS)
def cancel(meeting_id: int):
    actor = current_actor()
    meeting = meetings_service.get_meeting_to_edit(actor, meeting_id, action="cancel_meeting")
    if meeting.cancelled_at is not None:
        flash("This meeting has already been cancelled.", "information")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    form = CancelMeetingForm()
    if request.method == "GET":
        form.version.data = str(meeting.version_id)
    elif form.validate_on_submit():
        try:
            meetings_service.cancel(actor, meeting, version=form.version.data)
        except (StaleMeeting, MeetingCancelled):
            db.session.rollback()
            form.submit.errors = list(form.submit.errors) + [
                "Someone else changed this meeting after you opened this page. "
                "Check the meeting, then cancel it again if you still need to"
            ]
            form.version.data = _current_version(meeting_id)
        else:
            flash("Meeting cancelled. It stays on the record, marked as cancelled.", "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template(
        "meetings/cancel.html", form=form, meeting=meeting, person=meeting.young_person
    )


@bp.get("/meetings/<int:meeting_id>.ics")
@roles_required(*READERS)
def download(meeting_id: int):
    meeting = meetings_service.get_meeting(current_actor(), meeting_id, action="download_meeting")
    body = calendar_service.meeting_ics(
        meeting,
        viewer=current_user,
        host=uid_host(),
        link=url_for("meetings.show", meeting_id=meeting.id, _external=True),
        council=current_app.config["COUNCIL_NAME"],
        service=current_app.config["SERVICE_NAME"],
    )
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="meeting-{meeting.id}.ics"'
    response.headers["Cache-Control"] = "no-store"
    return response
