"""After the meeting: what was agreed, and actions that become milestones with owners."""

from __future__ import annotations

from datetime import time, timedelta

from icalendar import Calendar
from sqlalchemy import select

from tests.conftest import page
from tests.factories import make_person, make_user
from tests.integration.test_attention import _counts
from tests.integration.test_meetings import add_meeting, london_today
from transition.extensions import db
from transition.models import Milestone, Notification
from transition.services import calendar as calendar_service
from transition.services.audit import Actor


def _date(day) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def test_a_past_meeting_without_an_outcome_is_listed_until_its_actions_are_recorded(world, sign_in):
    colleague = make_user("worker", team=world.north, name="Tom Okafor")
    person = make_person(team=world.north, worker=world.worker)
    meeting = add_meeting(
        person, day=london_today() - timedelta(days=3), start=time(10), end=time(11)
    )
    upcoming = add_meeting(person, day=london_today() + timedelta(days=20))
    worker = sign_in(world.worker)
    response = worker.get("/caseload")
    assert _counts(response)["meeting_outcome"] == 1
    link = page(response).select_one("#attention-meeting_outcome .app-attention-actions a")
    assert link["href"] == f"/meetings/{meeting.id}/outcome"
    # A meeting still to come offers no outcome yet.
    assert "Record what was agreed" not in worker.get(f"/meetings/{upcoming.id}").get_data(
        as_text=True
    )

    form = worker.get(link["href"])
    version = page(form).select_one("input[name=version]")["value"]
    due = london_today() + timedelta(days=14)
    missing_owner = worker.post(
        link["href"],
        data={"version": version, "outcome": "Plan agreed", "action_1": "Book the college visit"}
        | {"due_1": _date(due)},
    )
    assert missing_owner.status_code == 200
    assert "Select who will do it" in page(missing_owner).select_one(".govuk-error-summary").text

    saved = worker.post(
        link["href"],
        data={
            "version": version,
            "outcome": "Plan agreed: college visit in two weeks.",
            "action_1": "Book the college visit",
            "owner_1": f"user:{colleague.id}",
            "due_1": _date(due),
        },
    )
    assert saved.status_code == 302
    milestone = db.session.scalar(
        select(Milestone).where(
            Milestone.young_person_id == person.id, Milestone.title == "Book the college visit"
        )
    )
    assert (milestone.due_on, milestone.lead) == (due, "Tom Okafor")
    told = db.session.scalar(select(Notification).where(Notification.user_id == colleague.id))
    assert told.kind == "meeting_action"
    assert told.link == f"/young-people/{person.id}/milestones/{milestone.id}"

    assert "meeting_outcome" not in _counts(worker.get("/caseload"))
    shown = page(worker.get(f"/meetings/{meeting.id}"))
    assert "Plan agreed: college visit" in shown.select_one("#outcome ~ p").get_text()
    # The action is in the worker's calendar feed, as a milestone of this person (its typed
    # words are kept off the feed, which third-party calendar servers store).
    token = calendar_service.issue_token(Actor(world.worker), world.worker)
    db.session.commit()
    feed = Calendar.from_ical(worker.get(f"/calendar/{token}.ics").data)
    uids = {str(e["UID"]).split("@")[0] for e in feed.walk("VEVENT")}
    assert f"milestone-{milestone.id}" in uids


def test_young_people_do_not_read_the_outcome(world, sign_in):
    person = make_person(team=world.north, worker=world.worker)
    meeting = add_meeting(person, day=london_today() - timedelta(days=3))
    meeting.outcome = "SECRETOUTCOME"
    db.session.commit()
    young = sign_in(world.young_person_user(person))
    response = young.get(f"/meetings/{meeting.id}")
    assert response.status_code == 200
    assert "SECRETOUTCOME" not in response.get_data(as_text=True)
