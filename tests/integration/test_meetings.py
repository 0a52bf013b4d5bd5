"""Meetings: schedule, read, change and cancel them, and download one as .ics."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from tests.conftest import page
from tests.factories import make_person, make_user
from transition.extensions import db
from transition.models import AuditEvent, ConsentRecord, Handover, Meeting
from transition.pathway.dates import format_date
from transition.services import meetings as meetings_service
from transition.services.audit import Actor
from transition.services.meetings import MeetingInput

LONDON = ZoneInfo("Europe/London")
MARKER = "Zanzibarquux"


def london_today() -> date:
    return datetime.now(LONDON).date()


def form_data(day: date | tuple[str, str, str], **overrides) -> MultiDict:
    """The meeting form as posted; the date widget posts three boxes under one name."""
    parts = (str(day.day), str(day.month), str(day.year)) if isinstance(day, date) else day
    data = {
        "kind": "annual_review",
        "start_time": "14:30",
        "end_time": "15:30",
        "location": "Meadow School, room 4",
        "online_link": "",
        "invitees": "Parent, school SENCo",
        "purpose": "Annual review with a Preparing for Adulthood focus",
    }
    data.update(overrides)
    posted = MultiDict(data)
    for part in parts:
        posted.add("day", part)
    return posted


def add_meeting(person, *, day: date | None = None, kind="annual_review", **fields) -> Meeting:
    meeting = meetings_service.schedule(
        Actor(None),
        person,
        MeetingInput(
            kind=kind,
            day=day or london_today() + timedelta(days=10),
            start=fields.pop("start", time(10)),
            end=fields.pop("end", time(11)),
            location=fields.pop("location", "Meadow School"),
            **fields,
        ),
    )
    db.session.commit()
    return meeting


def meeting_count() -> int:
    return db.session.scalar(select(func.count(Meeting.id))) or 0


@pytest.fixture
def person(world):
    return make_person(team=world.north, worker=world.worker, marker=MARKER)


def test_worker_schedules_a_meeting_in_uk_time(world, sign_in, person):
    client = sign_in(world.worker)
    record = page(client.get(f"/young-people/{person.id}"))
    link = record.select_one("#meetings ~ p a[href$='/meetings/new']")
    assert link is not None and link.get_text(strip=True).startswith("Schedule a meeting")

    day = london_today() + timedelta(days=20)
    response = client.post(link["href"], data=form_data(day))
    assert response.status_code == 302
    meeting = db.session.scalars(select(Meeting)).one()
    assert response.headers["Location"] == f"/meetings/{meeting.id}"
    expected = datetime.combine(day, time(14, 30), LONDON).astimezone(UTC)
    assert meeting.starts_at == expected
    assert meeting.ends_at == expected + timedelta(hours=1)
    assert meeting.sequence == 0

    shown = page(client.get(f"/meetings/{meeting.id}"))
    assert shown.h1.get_text(strip=True) == "Annual review"
    assert "2:30pm to 3:30pm" in shown.select_one(".govuk-summary-list").get_text(" ")

    record = page(client.get(f"/young-people/{person.id}"))
    rows = record.select("tr.app-meeting")
    assert len(rows) == 1
    assert "Annual review" in rows[0].get_text()
    assert "Going ahead" in rows[0].get_text()

    actions = db.session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.object_type == "meeting", AuditEvent.object_id == meeting.id
        )
    ).all()
    assert "schedule_meeting" in actions and "view_meeting" in actions


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "14:00"}, "End time must be after the start time"),
        ({"end_time": "14:30"}, "End time must be after the start time"),
        ({"start_time": "25:00"}, "Start time must be a real time, like 2pm or 14:30"),
        ({"start_time": "half two"}, "Start time must be a real time, like 2pm or 14:30"),
        ({"start_time": ""}, "Enter a start time"),
        ({"day": ("", "", "")}, "Enter a meeting date"),
        ({"day": ("31", "2", "2027")}, "Meeting date must be a real date"),
        ({"day": ("1", "1", "2020")}, "Meeting date must be within the last year"),
        ({"location": "", "online_link": ""}, "Enter a place or an online meeting link"),
        (
            {"online_link": "http://meet.example.org/abc"},
            "Enter an online meeting link in the right format, starting with https://",
        ),
        (
            {"online_link": "javascript:alert(1)"},
            "Enter an online meeting link in the right format, starting with https://",
        ),
        ({"kind": "party"}, "Not a valid choice"),
    ],
)
def test_bad_meeting_input_gets_a_message_and_saves_nothing(
    world, sign_in, person, overrides, message
):
    client = sign_in(world.worker)
    overrides = dict(overrides)
    day = overrides.pop("day", london_today() + timedelta(days=20))
    response = client.post(
        f"/young-people/{person.id}/meetings/new", data=form_data(day, **overrides)
    )
    assert response.status_code == 200
    html = page(response)
    assert html.title.get_text().startswith("Error: ")
    assert message in html.select_one(".govuk-error-summary").get_text(" ")
    assert meeting_count() == 0
    # What the user typed is kept.
    assert html.select_one("#purpose").get_text() == form_data(day)["purpose"]


def next_spring_forward(today: date) -> date:
    """The next Sunday the UK clocks go forward (the last Sunday in March)."""
    for year in (today.year, today.year + 1):
        last = date(year, 3, 31)
        sunday = last - timedelta(days=(last.weekday() + 1) % 7)
        if sunday > today:
            return sunday
    raise AssertionError("unreachable")


def test_a_time_skipped_when_the_clocks_go_forward_is_refused(world, sign_in, person):
    sunday = next_spring_forward(london_today())
    client = sign_in(world.worker)
    response = client.post(
        f"/young-people/{person.id}/meetings/new",
        data=form_data(sunday, start_time="01:30", end_time="03:00"),
    )
    summary = page(response).select_one(".govuk-error-summary").get_text(" ")
    expected = f"Start time does not exist on {format_date(sunday)} because the clocks go forward"
    assert expected in summary
    assert meeting_count() == 0


def test_meetings_keep_their_uk_time_either_side_of_a_clock_change(world, sign_in, person):
    sunday = next_spring_forward(london_today())
    client = sign_in(world.worker)
    ids = []
    for day in (sunday - timedelta(days=2), sunday + timedelta(days=1)):  # Friday, Monday
        response = client.post(
            f"/young-people/{person.id}/meetings/new",
            data=form_data(day, start_time="10:00", end_time="11:00"),
        )
        assert response.status_code == 302
        ids.append(int(response.headers["Location"].rsplit("/", 1)[1]))
    before, after = (db.session.get(Meeting, i) for i in ids)
    assert before.starts_at.time() == time(10)  # GMT: UTC+0
    assert after.starts_at.time() == time(9)  # BST: UTC+1
    for meeting in (before, after):
        body = client.get(f"/meetings/{meeting.id}.ics").get_data(as_text=True)
        local = meeting.starts_at.astimezone(LONDON).strftime("%Y%m%d")
        assert f"DTSTART;TZID=Europe/London:{local}T100000" in body


def test_meeting_downloads_as_ics_with_the_right_time_across_a_clock_change(world, sign_in, person):
    # 30 March 2026 is the day after the clocks went forward: 10am in London is 09:00 UTC.
    meeting = add_meeting(
        person, day=date(2026, 3, 30), location="Meadow School, room 4", start=time(10)
    )
    assert meeting.starts_at == datetime(2026, 3, 30, 9, tzinfo=UTC)
    client = sign_in(world.worker)
    shown = page(client.get(f"/meetings/{meeting.id}"))
    link = shown.find("a", string="Add this meeting to your calendar (.ics file)")
    assert link["href"] == f"/meetings/{meeting.id}.ics"
    response = client.get(link["href"])

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert "METHOD:PUBLISH" in body
    assert "DTSTART;TZID=Europe/London:20260330T100000" in body
    assert "DTEND;TZID=Europe/London:20260330T110000" in body
    calendar = Calendar.from_ical(body)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    (event,) = calendar.walk("VEVENT")
    assert event.start.astimezone(UTC) == datetime(2026, 3, 30, 9, tzinfo=UTC)
    assert str(event["UID"]) == f"meeting-{meeting.id}@localhost"
    assert str(event["SUMMARY"]) == f"{person.initials} {person.local_reference}: Annual review"
    assert event["LOCATION"] == "Meadow School, room 4"
    assert event.walk("VALARM")  # the user's meeting reminders
    for secret in (person.first_name, person.last_name, "4857773456", MARKER):
        assert secret not in body
    audited = db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "download_meeting", AuditEvent.object_id == meeting.id
        )
    )
    assert audited == 1


def test_changing_the_time_raises_the_sequence_and_other_changes_do_not(world, sign_in, person):
    meeting = add_meeting(person)
    client = sign_in(world.worker)
    form = page(client.get(f"/meetings/{meeting.id}/edit"))
    assert form.select_one("#start_time")["value"] == "10:00"
    day = meeting.starts_at.astimezone(LONDON).date()
    version = form.select_one("input[name=version]")["value"]

    same_time = {"start_time": "10:00", "end_time": "11:00", "location": "Meadow School"}
    data = form_data(day, purpose="A new purpose", version=version, **same_time)
    assert client.post(f"/meetings/{meeting.id}/edit", data=data).status_code == 302
    db.session.refresh(meeting)
    assert meeting.purpose == "A new purpose"
    assert meeting.sequence == 0

    data = form_data(day, start_time="12:00", end_time="13:00", version=str(meeting.version_id))
    assert client.post(f"/meetings/{meeting.id}/edit", data=data).status_code == 302
    db.session.refresh(meeting)
    assert meeting.sequence == 1
    assert meeting.starts_at.astimezone(LONDON).hour == 12


def test_a_stale_edit_is_refused_with_the_input_kept(world, sign_in, person):
    meeting = add_meeting(person)
    client = sign_in(world.worker)
    day = meeting.starts_at.astimezone(LONDON).date()
    old_version = str(meeting.version_id)
    meetings_service.change(
        Actor(world.worker2),
        meeting,
        MeetingInput(kind="other", day=day, start=time(9), end=time(10), location="Hall"),
        version=meeting.version_id,
    )
    db.session.commit()

    response = client.post(
        f"/meetings/{meeting.id}/edit",
        data=form_data(day, purpose="My careful notes", version=old_version),
    )
    assert response.status_code == 200
    html = page(response)
    assert "Someone else changed this meeting" in html.select_one(".govuk-error-summary").text
    assert html.select_one("#purpose").get_text() == "My careful notes"
    db.session.refresh(meeting)
    assert meeting.kind == "other" and meeting.purpose is None


def test_cancelled_meeting_stays_listed_as_cancelled(world, sign_in, person):
    meeting = add_meeting(person)
    client = sign_in(world.worker)
    confirm = page(client.get(f"/meetings/{meeting.id}/cancel"))
    version = confirm.select_one("input[name=version]")["value"]
    response = client.post(f"/meetings/{meeting.id}/cancel", data={"version": version})
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.cancelled_at is not None
    assert meeting.sequence == 1

    shown = page(client.get(f"/meetings/{meeting.id}"))
    assert "This meeting was cancelled" in shown.select_one(".govuk-warning-text").text
    assert shown.find("a", string="Change the meeting") is None

    row = page(client.get(f"/young-people/{person.id}")).select_one("tr.app-meeting")
    assert "Cancelled" in row.get_text()

    # A cancelled meeting cannot be changed, even by a direct post.
    day = meeting.starts_at.astimezone(LONDON).date()
    client.post(
        f"/meetings/{meeting.id}/edit",
        data=form_data(day, version=str(meeting.version_id), kind="other"),
    )
    db.session.refresh(meeting)
    assert meeting.kind == "annual_review"


def test_young_person_reads_their_meeting_in_plain_words_but_cannot_change_it(
    world, sign_in, person
):
    meeting = add_meeting(person)
    client = sign_in(world.young_person_user(person))
    pathway = page(client.get("/my-pathway"))
    assert pathway.select_one(f"#meetings ~ ul a[href='/meetings/{meeting.id}']") is not None
    shown = page(client.get(f"/meetings/{meeting.id}"))
    assert shown.h1.get_text(strip=True) == "Meeting about your plan"
    assert shown.find("a", string="Change the meeting") is None
    assert client.get(f"/meetings/{meeting.id}/edit").status_code == 403
    body = client.get(f"/meetings/{meeting.id}.ics").get_data(as_text=True)
    assert "SUMMARY:Meeting about your plan" in body


@pytest.mark.parametrize(
    "path",
    [
        "/meetings/{id}",
        "/meetings/{id}.ics",
        "/meetings/{id}/edit",
        "/meetings/{id}/cancel",
        "/young-people/{person}/meetings/new",
    ],
)
def test_meetings_of_people_out_of_scope_are_not_found(world, sign_in, person, path):
    meeting = add_meeting(person, purpose=f"{MARKER} purpose")
    url = path.format(id=meeting.id, person=person.id)
    other_person = make_person(team=world.south, worker=world.worker2)
    db.session.commit()
    for user in (
        world.worker2,
        world.adult_social_care,
        world.young_person_user(other_person),
    ):
        response = sign_in(user).get(url)
        assert response.status_code in {403, 404}
        assert MARKER not in response.get_data(as_text=True)
        assert person.last_name not in response.get_data(as_text=True)
    client = sign_in(world.worker2)
    if url.endswith(("/edit", "/cancel", "/new")):
        data = form_data(london_today(), kind="other", version=str(meeting.version_id))
        assert client.post(url, data=data).status_code == 404
        db.session.refresh(meeting)
        assert (meeting_count(), meeting.kind, meeting.cancelled_at) == (1, "annual_review", None)
    client.post("/logout")
    signed_out = client.get(url)
    assert signed_out.status_code == 302
    assert signed_out.headers["Location"].startswith("/login")


def test_refused_meeting_access_is_audited(world, sign_in, person):
    meeting = add_meeting(person)
    assert sign_in(world.worker2).get(f"/meetings/{meeting.id}").status_code == 404
    refused = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.outcome == "refused", AuditEvent.object_type == "meeting"
        )
    ).all()
    assert [(e.action, e.object_id, e.user_id) for e in refused] == [
        ("view_meeting", meeting.id, world.worker2.id)
    ]


def test_adult_team_reads_meetings_once_it_accepts_the_handover(world, sign_in, person):
    meeting = add_meeting(person, purpose=f"{MARKER} purpose")
    handover = Handover(
        young_person_id=person.id,
        team_id=world.social_care.id,
        state="sent",
        target_date=london_today() + timedelta(days=90),
    )
    db.session.add(handover)
    db.session.commit()
    client = sign_in(world.adult_social_care)
    assert client.get(f"/meetings/{meeting.id}").status_code == 404
    handover.state = "accepted"
    db.session.commit()
    shown = client.get(f"/meetings/{meeting.id}")
    assert shown.status_code == 200
    assert page(shown).find("a", string="Change the meeting") is None
    assert client.get(f"/meetings/{meeting.id}/cancel").status_code == 403


def test_parent_loses_meetings_when_the_young_person_says_no(world, sign_in, person):
    meeting = add_meeting(person)
    parent = make_user("parent_carer", young_person_id=person.id)
    db.session.commit()
    client = sign_in(parent)
    assert client.get(f"/meetings/{meeting.id}").status_code == 200
    db.session.add(
        ConsentRecord(
            young_person_id=person.id,
            purpose="parent_access",
            decision="refused",
            decided_by="young_person",
            decided_on=london_today(),
        )
    )
    db.session.commit()
    assert client.get(f"/meetings/{meeting.id}").status_code == 404


def test_record_page_lists_only_upcoming_meetings_soonest_first(world, sign_in, person):
    today = london_today()
    later = add_meeting(person, day=today + timedelta(days=30), kind="transition_review")
    sooner = add_meeting(person, day=today + timedelta(days=3), kind="handover_meeting")
    add_meeting(person, day=today - timedelta(days=40), kind="other")
    record = page(sign_in(world.worker).get(f"/young-people/{person.id}"))
    links = [a["href"] for a in record.select("tr.app-meeting a")]
    assert links == [f"/meetings/{sooner.id}", f"/meetings/{later.id}"]


def test_readers_see_no_schedule_link(world, sign_in, person):
    client = sign_in(world.young_person_user(person))
    record = page(client.get(f"/young-people/{person.id}"))
    assert record.select_one("#meetings") is not None
    assert record.select_one("a[href$='/meetings/new']") is None


def test_any_times_and_links_get_an_answer_never_a_server_error(world, sign_in, person):
    """Whatever is typed into the free-text boxes, a meeting is saved only when it is valid."""
    client = sign_in(world.worker)
    day = london_today() + timedelta(days=20)

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        start=st.one_of(st.text(max_size=8), st.from_regex(r"\d{1,2}[:.]\d{2}", fullmatch=True)),
        end=st.one_of(st.text(max_size=8), st.from_regex(r"\d{1,2}[:.]\d{2}", fullmatch=True)),
        link=st.one_of(st.just(""), st.text(max_size=40), st.just("https://meet.example.org/")),
    )
    def check(start, end, link):
        before = meeting_count()
        response = client.post(
            f"/young-people/{person.id}/meetings/new",
            data=form_data(day, start_time=start, end_time=end, online_link=link, location=""),
        )
        # 400: the service refuses NUL characters in any form before the form sees them.
        assert response.status_code in {200, 302, 400}
        if response.status_code == 302:
            meeting = db.session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
            assert meeting.ends_at > meeting.starts_at
            assert meeting.online_link.startswith("https://")
            assert meeting_count() == before + 1
        else:
            if response.status_code == 200:
                assert page(response).select_one(".govuk-error-summary") is not None
            assert meeting_count() == before

    check()


def test_the_same_meeting_sent_twice_is_scheduled_once(world, sign_in, person):
    client = sign_in(world.worker)
    day = london_today() + timedelta(days=20)
    first = client.post(f"/young-people/{person.id}/meetings/new", data=form_data(day))
    second = client.post(f"/young-people/{person.id}/meetings/new", data=form_data(day))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert meeting_count() == 1
    # A different time is a different meeting.
    later = form_data(day, start_time="16:00", end_time="17:00")
    assert client.post(f"/young-people/{person.id}/meetings/new", data=later).status_code == 302
    assert meeting_count() == 2
