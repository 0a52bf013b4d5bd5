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
from transition.models import Meeting, User, utcnow
from transition.services import access
from transition.services import calendar as calendar_service
from transition.services import email as email_service
from transition.services import handovers as handover_service
from transition.services import meeting_invitations as invitations
from transition.services import meetings as meetings_service
from transition.services.clock import today
from transition.services.meetings import LONDON, MeetingCancelled, StaleMeeting
from transition.web.calendar.routes import uid_host
from transition.web.meetings.forms import FAMILY, CancelMeetingForm, MeetingForm, OutcomeForm
from transition.web.roles import roles_required
from transition.web.sessions import current_actor

bp = Blueprint("meetings", __name__)

EDITORS = ("worker", "manager")
READERS = ("worker", "manager", "adult_services", "young_person", "parent_carer")
STALE_MESSAGE = (
    "Someone else changed this meeting while you were editing it. "
    "Your changes have not been saved: check the meeting and make them again"
)


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


def _version(form) -> int:
    try:
        return int(form.version.data or 0)
    except ValueError:
        return 0


def _current_version(meeting_id: int) -> str:
    return str(db.session.scalar(select(Meeting.version_id).where(Meeting.id == meeting_id)))


def _place() -> invitations.Place:
    return invitations.Place(
        uid_host=uid_host(),
        base_url=email_service.base_url(current_app.config, request.host_url),
        council=current_app.config["COUNCIL_NAME"],
        service=current_app.config["SERVICE_NAME"],
    )


def _staff_choices(form: MeetingForm, person) -> dict[str, User]:
    """Staff who may be invited: the person's team, managers, adult teams with a handover."""
    adult_teams = [h.team_id for h in handover_service.person_handovers(current_user, person.id)]
    staff = {
        str(user.id): user
        for user in invitations.staff_to_invite(person.team_id, adult_teams)
        if user.id != current_user.id
    }
    form.staff.choices = [
        (user_id, f"{user.name}, {user.team.name if user.team else user.role_label}")
        for user_id, user in staff.items()
    ]
    return staff


def _wanted(form: MeetingForm, staff: dict[str, User]) -> list[invitations.Invitee]:
    chosen = [staff[i] for i in form.staff.data or [] if i in staff]
    wanted = [invitations.Invitee(u.email, u.name, u.id) for u in chosen]
    known = {u.email for u in chosen}
    wanted += [invitations.Invitee(a) for a in form.invite_addresses() if a not in known]
    return wanted


@bp.route("/young-people/<int:person_id>/meetings/new", methods=["GET", "POST"])
@roles_required(*EDITORS)
def create(person_id: int):
    actor = current_actor()
    person = access.get_person_to_edit(actor, person_id, action="schedule_meeting")
    form = MeetingForm(today=today())
    staff = _staff_choices(form, person)
    if form.validate_on_submit():
        meeting = meetings_service.schedule(actor, person, form.meeting_input())
        invitations.update(meeting, _wanted(form, staff), _place(), moved=False)
        db.session.commit()
        flash("Meeting scheduled.", "success")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    db.session.commit()  # the audit row for opening the form
    return render_template("meetings/edit.html", form=form, person=person, meeting=None)


@bp.get("/meetings/<int:meeting_id>")
@roles_required(*READERS)
def show(meeting_id: int):
    meeting = meetings_service.get_meeting(current_actor(), meeting_id)
    db.session.commit()
    return render_template(
        "meetings/show.html",
        meeting=meeting,
        person=meeting.young_person,
        can_edit=access.can_edit(current_user, meeting.young_person),
        plain=current_user.role in {"young_person", "parent_carer"},
        invited=invitations.invitees_of(meeting),
        actions=meetings_service.actions_of(meeting),
        now=utcnow(),
    )


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(meeting_id: int):
    actor = current_actor()
    meeting = meetings_service.get_meeting_to_edit(actor, meeting_id, action="change_meeting")
    if meeting.cancelled_at is not None:
        db.session.commit()
        flash("This meeting was cancelled, so it cannot be changed.", "information")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    form = MeetingForm(today=today())
    staff = _staff_choices(form, meeting.young_person)
    if request.method == "GET":
        invited = invitations.invitees_of(meeting)
        form.staff.data = [str(i.user_id) for i in invited if str(i.user_id) in staff]
        form.other_emails.data = "\n".join(i.email for i in invited if str(i.user_id) not in staff)
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
            sequence = meeting.sequence
            meetings_service.change(actor, meeting, form.meeting_input(), version=_version(form))
            invitations.update(
                meeting, _wanted(form, staff), _place(), moved=meeting.sequence != sequence
            )
            db.session.commit()
        except StaleMeeting:
            db.session.rollback()
            form.kind.errors = list(form.kind.errors) + [STALE_MESSAGE]
            form.version.data = _current_version(meeting_id)
        except MeetingCancelled:
            db.session.rollback()
            flash("This meeting was cancelled, so it cannot be changed.", "information")
            return redirect(url_for("meetings.show", meeting_id=meeting_id))
        else:
            flash("Meeting updated.", "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    db.session.commit()  # the audit row for opening the form
    return render_template(
        "meetings/edit.html", form=form, person=meeting.young_person, meeting=meeting
    )


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
@roles_required(*EDITORS)
def cancel(meeting_id: int):
    actor = current_actor()
    meeting = meetings_service.get_meeting_to_edit(actor, meeting_id, action="cancel_meeting")
    if meeting.cancelled_at is not None:
        db.session.commit()
        flash("This meeting has already been cancelled.", "information")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    form = CancelMeetingForm()
    if request.method == "GET":
        form.version.data = str(meeting.version_id)
    elif form.validate_on_submit():
        try:
            meetings_service.cancel(actor, meeting, version=_version(form))
            invitations.cancelled(meeting, _place())
            db.session.commit()
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
    db.session.commit()
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
    db.session.commit()
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="meeting-{meeting.id}.ics"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/meetings/<int:meeting_id>/outcome", methods=["GET", "POST"])
@roles_required(*EDITORS)
def outcome(meeting_id: int):
    """After the meeting: what was agreed, and actions that become milestones."""
    actor = current_actor()
    meeting = meetings_service.get_meeting_to_edit(actor, meeting_id, action="record_outcome")
    if meeting.cancelled_at is not None:
        db.session.commit()
        flash("This meeting was cancelled, so it has no outcome.", "information")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    person = meeting.young_person
    owners = {str(current_user.id): current_user._get_current_object()}
    adult_teams = [h.team_id for h in handover_service.person_handovers(current_user, person.id)]
    owners.update({str(u.id): u for u in invitations.staff_to_invite(person.team_id, adult_teams)})
    choices = [(f"user:{i}", u.name) for i, u in owners.items()]
    choices.append((FAMILY, "The young person or their family"))
    form = OutcomeForm(today=today(), owners=choices)
    if request.method == "GET":
        form.version.data = str(meeting.version_id)
        form.outcome.data = meeting.outcome or ""
    elif form.validate_on_submit():
        actions = []
        for text, owner, due in form.actions():
            if not (text.data or "").strip():
                continue
            user = owners.get(owner.data.removeprefix("user:"))
            name = user.name if user and owner.data != FAMILY else "The young person or family"
            actions.append(meetings_service.ActionInput(text.data, due.data, name, user))
        try:
            meetings_service.record_outcome(
                actor, meeting, form.outcome.data, actions, version=_version(form)
            )
            db.session.commit()
        except (StaleMeeting, MeetingCancelled):
            db.session.rollback()
            form.outcome.errors = list(form.outcome.errors) + [STALE_MESSAGE]
            form.version.data = _current_version(meeting_id)
        else:
            flash("What was agreed is saved. Actions are on the record as milestones.", "success")
            return redirect(url_for("meetings.show", meeting_id=meeting_id))
    db.session.commit()
    return render_template(
        "meetings/outcome.html",
        form=form,
        meeting=meeting,
        person=person,
        actions=meetings_service.actions_of(meeting),
    )
