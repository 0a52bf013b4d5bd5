"""Meeting invitations that land in calendars: iTIP REQUEST and CANCEL by email, with the
same UID as the meeting in the organiser's feed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from tests.conftest import page
from tests.factories import make_person, make_user
from tests.integration.test_meetings import form_data, london_today
from tests.smtp import SmtpServer
from transition.extensions import db
from transition.models import Meeting
from transition.services import calendar as calendar_service
from transition.services.audit import Actor
from transition.web.meetings.forms import parse_clock


def _send(app, monkeypatch, smtp: SmtpServer):
    monkeypatch.setitem(app.config, "SMTP_URL", smtp.url)
    result = app.test_cli_runner().invoke(args=["send-notifications"])
    assert result.exit_code == 0, result.output
    return result


def _invitation(message) -> Calendar:
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    calendar = Calendar.from_ical(part.get_content())
    assert part.get_param("method") == calendar["METHOD"]
    return calendar


def _event(calendar: Calendar):
    [event] = calendar.walk("VEVENT")
    return event


@pytest.fixture
def scene(world):
    colleague = make_user("worker", team=world.north, name="Tom Okafor")
    person = make_person(team=world.north, worker=world.worker)
    db.session.commit()
    return person, colleague


def test_two_staff_invitees_get_requests_with_the_feed_uid_then_a_cancel(
    app, world, sign_in, scene, monkeypatch
):
    person, colleague = scene
    worker = sign_in(world.worker)
    form = page(worker.get(f"/young-people/{person.id}/meetings/new"))
    offered = {box["value"] for box in form.select("input[name=staff]")}
    assert {str(colleague.id), str(world.manager.id)} <= offered
    assert str(world.worker.id) not in offered  # the organiser is not invited to their own

    day = london_today() + timedelta(days=8)
    data = form_data(day, start_time="2pm", end_time="3:30pm")
    data.setlist("staff", [str(colleague.id), str(world.manager.id)])
    created = worker.post(f"/young-people/{person.id}/meetings/new", data=data)
    assert created.status_code == 302
    meeting = db.session.scalar(select(Meeting))

    with SmtpServer() as smtp:
        _send(app, monkeypatch, smtp)
        requests = list(smtp.messages)
        token = calendar_service.issue_token(Actor(world.worker), world.worker)
        db.session.commit()
        feed = Calendar.from_ical(worker.get(f"/calendar/{token}.ics").data)
        [feed_event] = [
            e for e in feed.walk("VEVENT") if str(e["UID"]).startswith(f"meeting-{meeting.id}@")
        ]

        assert sorted(m["To"] for m in requests) == sorted([colleague.email, world.manager.email])
        for message in requests:
            invitation = _invitation(message)
            assert invitation["METHOD"] == "REQUEST"
            event = _event(invitation)
            assert event["UID"] == feed_event["UID"]
            assert event.decoded("DTSTART").hour == 14
            assert str(event["ORGANIZER"]) == f"mailto:{world.worker.email}"
            attendees = {str(a): a.params for a in event.get("ATTENDEE")}
            assert set(attendees) == {f"mailto:{colleague.email}", f"mailto:{world.manager.email}"}
            assert all(params["RSVP"] == "TRUE" for params in attendees.values())
            # Initials and reference, never the name.
            assert person.last_name not in message.as_string()

        # Moving the meeting sends the same UID again with a higher SEQUENCE.
        edit = worker.get(f"/meetings/{meeting.id}/edit")
        version = page(edit).select_one("input[name=version]")["value"]
        moved = form_data(day, start_time="14.30", end_time="16:00")
        moved.setlist("staff", [str(colleague.id), str(world.manager.id)])
        moved["version"] = version
        assert worker.post(f"/meetings/{meeting.id}/edit", data=moved).status_code == 302
        _send(app, monkeypatch, smtp)
        updates = smtp.messages[2:]
        assert len(updates) == 2
        assert {_event(_invitation(m))["SEQUENCE"] for m in updates} == {1}
        assert {_event(_invitation(m))["UID"] for m in updates} == {feed_event["UID"]}

        # Cancelling sends METHOD:CANCEL to both.
        cancel = worker.get(f"/meetings/{meeting.id}/cancel")
        version = page(cancel).select_one("input[name=version]")["value"]
        assert (
            worker.post(f"/meetings/{meeting.id}/cancel", data={"version": version}).status_code
            == 302
        )
        _send(app, monkeypatch, smtp)
        cancels = smtp.messages[4:]
    assert sorted(m["To"] for m in cancels) == sorted([colleague.email, world.manager.email])
    for message in cancels:
        invitation = _invitation(message)
        assert invitation["METHOD"] == "CANCEL"
        assert _event(invitation)["STATUS"] == "CANCELLED"
        assert _event(invitation)["UID"] == feed_event["UID"]
        assert message["Subject"].startswith("Cancelled: ")


def test_typed_addresses_are_checked_and_removing_someone_cancels_for_them(
    app, world, sign_in, scene, monkeypatch
):
    person, colleague = scene
    worker = sign_in(world.worker)
    day = london_today() + timedelta(days=5)
    bad = worker.post(
        f"/young-people/{person.id}/meetings/new",
        data=form_data(day, other_emails="tutor@college.example\nnot an address"),
    )
    assert bad.status_code == 200
    assert "“not an address” is not" in page(bad).select_one(".govuk-error-summary").get_text()

    good = form_data(day, other_emails="Tutor@College.example\n\ntutor@college.example")
    good.setlist("staff", [str(colleague.id)])
    assert worker.post(f"/young-people/{person.id}/meetings/new", data=good).status_code == 302
    meeting = db.session.scalar(select(Meeting))
    shown = page(worker.get(f"/meetings/{meeting.id}")).get_text()
    assert "tutor@college.example" in shown

    edit = worker.get(f"/meetings/{meeting.id}/edit")
    version = page(edit).select_one("input[name=version]")["value"]
    fewer = form_data(day, other_emails="tutor@college.example", version=version)
    assert worker.post(f"/meetings/{meeting.id}/edit", data=fewer).status_code == 302
    with SmtpServer() as smtp:
        _send(app, monkeypatch, smtp)
    sent = {(m["To"], _invitation(m)["METHOD"]) for m in smtp.messages}
    assert sent == {
        ("tutor@college.example", "REQUEST"),
        (colleague.email, "REQUEST"),
        (colleague.email, "CANCEL"),
    }


@pytest.mark.parametrize(
    ("written", "hour", "minute"),
    [("2pm", 14, 0), ("2:30pm", 14, 30), ("14:30", 14, 30), ("14.30", 14, 30), ("9am", 9, 0),
     ("12pm", 12, 0), ("12am", 0, 0), ("2.30 p.m.", 14, 30), ("midday", 12, 0)],
)  # fmt: skip
def test_times_are_read_as_people_write_them(written, hour, minute):
    clock = parse_clock(written)
    assert (clock.hour, clock.minute) == (hour, minute)


@pytest.mark.parametrize("written", ["2", "13pm", "24:00", "2:60pm", "0am", "half two", "１4:30"])
def test_times_that_are_not_real_are_refused(written):
    assert parse_clock(written) is None
