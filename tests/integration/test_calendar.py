"""Private calendar feeds: the link on /calendar, what each role's feed holds, and its rules."""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import event, func, select

from tests.conftest import page
from tests.factories import make_person, make_user
from transition.extensions import db, limiter
from transition.models import (
    AuditEvent,
    ConsentRecord,
    FeedVersion,
    Handover,
    Milestone,
    MilestoneChange,
)
from transition.models.people import PRIMARY_NEEDS
from transition.services import meetings as meetings_service
from transition.services.audit import Actor
from transition.services.meetings import MeetingInput

LONDON = ZoneInfo("Europe/London")


def london_today() -> date:
    return datetime.now(LONDON).date()


def seventeen_and_a_half() -> date:
    """A date of birth whose 18th birthday falls about six months from today."""
    today = london_today()
    return date(today.year - 18, today.month, min(today.day, 28)) + timedelta(days=180)


def add_meeting(person, *, days: int = 10, kind: str = "annual_review"):
    meeting = meetings_service.schedule(
        Actor(None),
        person,
        MeetingInput(
            kind=kind,
            day=london_today() + timedelta(days=days),
            start=time(10),
            end=time(11),
            location="Meadow School",
            purpose="Secret purpose text",
        ),
    )
    db.session.commit()
    return meeting


def quiet(*people) -> None:
    """Mark every milestone of these people not applicable, so feeds hold only what a
    test sets up."""
    for person in people:
        for milestone in db.session.scalars(
            select(Milestone).where(Milestone.young_person_id == person.id)
        ):
            milestone.status = "not_applicable"
    db.session.commit()


def open_milestone(person) -> Milestone:
    """The person's first milestone, the only one left open, due inside the feed window."""
    quiet(person)
    milestone = db.session.scalars(
        select(Milestone)
        .where(Milestone.young_person_id == person.id, Milestone.code.is_not(None))
        .order_by(Milestone.id)
        .limit(1)
    ).one()
    milestone.due_on = london_today() + timedelta(days=40)
    milestone.status = "not_started"
    db.session.commit()
    return milestone


def feed_path(client, user) -> str:
    """Sign in, make the link on /calendar, sign out, and return the feed's path."""
    client.post("/logout")
    from tests.factories import PASSWORD

    client.post("/login", data={"email": user.email, "password": PASSWORD})
    response = client.post("/calendar/link")
    assert response.status_code == 200
    url = page(response).select_one("input#feed-url")["value"]
    client.post("/logout")
    assert url.startswith("http://localhost/calendar/") and url.endswith(".ics")
    return url.removeprefix("http://localhost")


def fetch(client, path: str) -> Calendar:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return Calendar.from_ical(response.get_data(as_text=True))


def summaries(calendar: Calendar) -> list[str]:
    return [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]


def marker_strings(person) -> list[str]:
    dob = person.date_of_birth
    return [
        person.full_name,
        person.first_name,
        person.last_name,
        person.nhs_number,
        f"{person.nhs_number[:3]} {person.nhs_number[3:6]} {person.nhs_number[6:]}",
        PRIMARY_NEEDS[person.primary_need],
        person.primary_need_label,
        dob.isoformat(),
        dob.strftime("%Y%m%d"),
        dob.strftime("%d/%m/%Y"),
        f"{dob.day} {dob.strftime('%B')} {dob.year}",
        "Secret purpose text",
        "Meadow School",
    ]


def assert_rfc5545_essentials(body: str) -> Calendar:
    calendar = Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0"
    assert str(calendar["PRODID"])
    assert calendar["METHOD"] == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"])
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in body
    assert "X-PUBLISHED-TTL:PT1H" in body
    for vevent in calendar.walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert name in vevent, name
        for alarm in vevent.walk("VALARM"):
            assert alarm["ACTION"] == "DISPLAY" and "TRIGGER" in alarm and "DESCRIPTION" in alarm
    # Lines are folded at 75 octets and end in CRLF.
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    return calendar


@pytest.fixture
def caseload(world):
    """Two people on worker's caseload, one on worker2's (another team)."""
    mine = make_person(
        team=world.north,
        worker=world.worker,
        dob=seventeen_and_a_half(),
        marker="Quokkamine",
        primary_need="ASD",
    )
    also_mine = make_person(
        team=world.north, worker=world.worker, marker="Wombatmine", primary_need="SLCN"
    )
    theirs = make_person(
        team=world.south, worker=world.worker2, marker="Numbattheirs", primary_need="SEMH"
    )
    db.session.commit()
    quiet(mine, also_mine, theirs)
    return mine, also_mine, theirs


def test_calendar_page_is_in_every_roles_navigation(world, sign_in, caseload):
    young_person = world.young_person_user(caseload[0])
    parent = make_user("parent_carer", young_person_id=caseload[0].id)
    db.session.commit()
    for user in (world.worker, world.manager, world.adult_social_care, young_person, parent):
        client = sign_in(user)
        home = page(client.get("/", follow_redirects=True))
        link = home.select_one(".govuk-service-navigation a[href='/calendar']")
        assert link is not None and link.get_text(strip=True) == "Calendar"
        calendar_page = client.get("/calendar")
        assert calendar_page.status_code == 200
        html = page(calendar_page)
        assert html.h1.get_text(strip=True) == "Your calendar"
        assert html.select_one("form[action='/calendar/link'] button").get_text(strip=True) == (
            "Create your calendar link"
        )
        summaries_ = [s.get_text(strip=True) for s in html.select(".govuk-details__summary")]
        assert summaries_ == ["Outlook", "Google Calendar", "Apple Calendar (iPhone, iPad and Mac)"]


def test_calendar_page_needs_sign_in(client):
    response = client.get("/calendar")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_link_is_shown_once_and_stored_only_as_a_hash(world, sign_in, client):
    sign_in(world.worker)
    assert client.get("/calendar/link").status_code == 405  # no GET changes state
    response = client.post("/calendar/link")
    html = page(response)
    url = html.select_one("input#feed-url")["value"]
    token = re.fullmatch(r"http://localhost/calendar/([A-Za-z0-9_-]+)\.ics", url).group(1)
    assert len(token) >= 43  # 32 random bytes, base64url
    assert html.select_one("a#webcal-link")["href"] == "webcal://" + url.split("://")[1]
    scripts = [s["src"].split("?")[0] for s in html.select("script[type=module][src]")]
    assert "/static/js/copy.js" in scripts
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"

    db.session.refresh(world.worker)
    assert world.worker.feed_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in world.worker.feed_token_hash

    later = page(client.get("/calendar"))
    assert later.select_one("input#feed-url") is None
    assert token not in str(later)
    assert "You created your calendar link on" in later.get_text()
    assert later.select_one("form[action='/calendar/link'] button").get_text(strip=True) == (
        "Reset the link"
    )


def test_worker_feed_holds_their_caseload_and_nobody_else(world, client, caseload):
    mine, also_mine, theirs = caseload
    milestone = open_milestone(mine)
    open_milestone(theirs)
    meeting = add_meeting(mine)
    add_meeting(theirs)
    handover = Handover(
        young_person_id=mine.id,
        team_id=world.health.id,
        state="sent",
        target_date=london_today() + timedelta(days=100),
    )
    db.session.add(handover)
    db.session.commit()

    path = feed_path(client, world.worker)
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "private"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]
    body = response.get_data(as_text=True)
    calendar = assert_rfc5545_essentials(body)

    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    prefix = f"{mine.initials} {mine.local_reference}"
    assert events[f"milestone-{milestone.id}@localhost"]["SUMMARY"] == (
        f"{prefix}: {milestone.title}"
    )
    milestone_event = events[f"milestone-{milestone.id}@localhost"]
    assert milestone_event.start == milestone.due_on  # all day
    assert "DTSTART;VALUE=DATE:" in body
    assert f"http://localhost/young-people/{mine.id}" in str(milestone_event["DESCRIPTION"])
    triggers = sorted(str(a["TRIGGER"].to_ical().decode()) for a in milestone_event.walk("VALARM"))
    assert triggers == ["-P13DT15H", "-PT15H"]  # 14 days and 1 day before, at 9am

    meeting_event = events[f"meeting-{meeting.id}@localhost"]
    assert meeting_event["SUMMARY"] == f"{prefix}: Annual review"
    assert meeting_event["DTSTART"].params["TZID"] == "Europe/London"
    assert meeting_event.start.astimezone(UTC) == meeting.starts_at
    assert {a["TRIGGER"].to_ical().decode() for a in meeting_event.walk("VALARM")} == {
        "-P1D",
        "-PT1H",
    }
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]

    assert events[f"handover-{handover.id}@localhost"]["SUMMARY"] == (
        f"{prefix}: handover target date"
    )
    birthday = events[f"birthday18-{mine.id}@localhost"]
    assert "turns 18" in str(birthday["SUMMARY"])

    # worker2's caseload is not in this feed, and no names, birth dates, NHS numbers or needs.
    assert theirs.local_reference not in body
    for person in (mine, also_mine, theirs):
        for marker in marker_strings(person):
            assert marker not in body, marker


def test_uids_and_body_are_stable_across_renders_and_304_answers_polls(world, client, caseload):
    open_milestone(caseload[0])
    add_meeting(caseload[0])
    path = feed_path(client, world.worker)
    first = client.get(path)
    second = client.get(path)
    uids = [
        sorted(str(e["UID"]) for e in Calendar.from_ical(r.data).walk("VEVENT"))
        for r in (first, second)
    ]
    assert uids[0] == uids[1] and uids[0]
    assert first.data == second.data
    etag = first.headers["ETag"]
    assert etag == second.headers["ETag"]

    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "private"

    reads = db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "read_calendar_feed", AuditEvent.user_id == world.worker.id
        )
    )
    assert reads == 2  # the 304 sent nothing, so nothing to audit


def test_a_changed_meeting_keeps_its_uid_and_raises_its_sequence(world, client, caseload):
    meeting = add_meeting(caseload[0])
    path = feed_path(client, world.worker)
    before = fetch(client, path).walk("VEVENT")
    day = meeting.starts_at.astimezone(LONDON).date() + timedelta(days=1)
    meetings_service.change(
        Actor(world.worker),
        meeting,
        MeetingInput(kind="annual_review", day=day, start=time(10), end=time(11), location="X"),
        version=meeting.version_id,
    )
    db.session.commit()
    after = fetch(client, path).walk("VEVENT")
    (old,) = [e for e in before if str(e["UID"]).startswith("meeting-")]
    (new,) = [e for e in after if str(e["UID"]).startswith("meeting-")]
    assert old["UID"] == new["UID"]
    assert (old["SEQUENCE"], new["SEQUENCE"]) == (0, 1)


def test_a_moved_milestone_raises_its_sequence(world, client, caseload):
    milestone = open_milestone(caseload[0])
    db.session.add(
        MilestoneChange(milestone_id=milestone.id, field="due_on", old_value="x", new_value="y")
    )
    db.session.add(
        MilestoneChange(milestone_id=milestone.id, field="status", old_value="a", new_value="b")
    )
    db.session.commit()
    calendar = fetch(client, feed_path(client, world.worker))
    (event,) = [e for e in calendar.walk("VEVENT") if e["UID"].startswith("milestone-")]
    assert event["UID"] == f"milestone-{milestone.id}@localhost"
    assert event["SEQUENCE"] == 1


def test_done_milestones_are_dropped_and_cancelled_meetings_marked(world, client, caseload):
    milestone = open_milestone(caseload[0])
    meeting = add_meeting(caseload[0])
    path = feed_path(client, world.worker)
    milestone.status = "achieved"
    meetings_service.cancel(Actor(world.worker), meeting, version=meeting.version_id)
    db.session.commit()
    events = {str(e["UID"]): e for e in fetch(client, path).walk("VEVENT")}
    assert f"milestone-{milestone.id}@localhost" not in events
    cancelled = events[f"meeting-{meeting.id}@localhost"]
    assert cancelled["STATUS"] == "CANCELLED"
    assert str(cancelled["SUMMARY"]).startswith("Cancelled: ")
    assert cancelled["SEQUENCE"] == 1
    assert cancelled.walk("VALARM") == []


def test_reset_makes_the_old_link_answer_404(world, client, caseload):
    old = feed_path(client, world.worker)
    assert client.get(old).status_code == 200
    new = feed_path(client, world.worker)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    resets = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "reset_calendar_link")
    )
    assert resets == 2


def test_disabled_account_feed_answers_404(world, client, caseload):
    path = feed_path(client, world.worker)
    world.worker.is_active_account = False
    db.session.commit()
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "token", ["nope", "A" * 43, "../../etc/passwd", "%00", "x" * 500, "a b c d e f g h i j k"]
)
def test_bad_tokens_answer_404(world, client, token):
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 404


def test_feed_is_rate_limited(world, client):
    for _ in range(60):
        assert client.get("/calendar/not-a-real-token-at-all-0123456789.ics").status_code == 404
    assert client.get("/calendar/not-a-real-token-at-all-0123456789.ics").status_code == 429


def test_token_is_kept_out_of_the_server_log(app):
    # The filter sits on the "werkzeug" logger, which writes the request lines.
    logger = logging.getLogger("werkzeug")
    record = logger.makeRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '%s - - "%s" %s %s',
        (
            "127.0.0.1",
            "GET /calendar/SeCrEtToKeN_abcdefghijklmnopqrstuvwxyz0123.ics HTTP/1.1",
            "200",
            "-",
        ),
        None,
    )
    assert logger.filter(record)
    message = record.getMessage()
    assert "SeCrEtToKeN" not in message
    assert '"GET /calendar/[token removed].ics HTTP/1.1" 200' in message


def test_reminder_choices_change_the_alarms(world, sign_in, client, caseload):
    open_milestone(caseload[0])
    add_meeting(caseload[0])
    sign_in(world.worker)
    form = page(client.get("/calendar")).select_one("form[action='/calendar/reminders']")
    checked = sorted(i["value"] for i in form.select("input[type=checkbox][checked]"))
    assert checked == sorted(["P14D", "P1D", "P1D", "PT1H"])
    response = client.post(
        "/calendar/reminders",
        data={
            "version": form.select_one("input[name=version]")["value"],
            "deadlines": ["P7D"],
            "meetings": ["PT15M", "P2D"],
        },
    )
    assert response.status_code == 302
    db.session.refresh(world.worker)
    assert world.worker.deadline_reminders == "P7D"
    assert world.worker.meeting_reminders == "P2D,PT15M"

    calendar = fetch(client, feed_path(client, world.worker))
    triggers = {
        str(e["UID"]).split("-")[0]: sorted(
            a["TRIGGER"].to_ical().decode() for a in e.walk("VALARM")
        )
        for e in calendar.walk("VEVENT")
    }
    assert triggers["milestone"] == ["-P6DT15H"]
    assert triggers["meeting"] == ["-P2D", "-PT15M"]


def test_a_reminder_outside_the_list_is_refused_and_nothing_saved(world, sign_in, client):
    sign_in(world.worker)
    response = client.post(
        "/calendar/reminders",
        data={"version": str(world.worker.version_id), "deadlines": ["P365D"]},
    )
    assert response.status_code == 200
    assert page(response).select_one(".govuk-error-summary") is not None
    db.session.refresh(world.worker)
    assert world.worker.deadline_reminders == "P14D,P1D"


def test_manager_feed_holds_summaries_without_anyone_named(world, client, caseload):
    mine, also_mine, theirs = caseload
    today = london_today()
    for person, days in ((mine, 3), (also_mine, 3), (theirs, 5)):
        milestone = db.session.scalars(
            select(Milestone)
            .where(Milestone.young_person_id == person.id, Milestone.code.is_not(None))
            .order_by(Milestone.id)
            .limit(1)
        ).one()
        milestone.due_on = today - timedelta(days=days)
        milestone.status = "in_progress"
        milestone.source_status = "law"
    db.session.add(
        Handover(
            young_person_id=theirs.id,
            team_id=world.social_care.id,
            state="sent",
            target_date=today - timedelta(days=2),
        )
    )
    db.session.commit()
    body = client.get(feed_path(client, world.manager)).get_data(as_text=True)
    calendar = assert_rfc5545_essentials(body)
    events = {str(e["SUMMARY"]): e.start for e in calendar.walk("VEVENT")}
    assert events == {
        "2 statutory milestones overdue (North team)": today,
        "1 statutory milestone overdue (South team)": today,
        "1 late handover, not accepted by the target date (South team)": today - timedelta(days=2),
    }
    for person in caseload:
        assert person.local_reference not in body
        for marker in marker_strings(person):
            assert marker not in body


def test_adult_team_feed_holds_its_incoming_handovers_only(world, client, caseload):
    mine, also_mine, theirs = caseload
    today = london_today()
    incoming = Handover(
        young_person_id=mine.id,
        team_id=world.social_care.id,
        state="accepted",
        target_date=today + timedelta(days=60),
        first_contact_on=today + timedelta(days=20),
    )
    draft = Handover(
        young_person_id=also_mine.id,
        team_id=world.social_care.id,
        state="draft",
        target_date=today + timedelta(days=60),
    )
    elsewhere = Handover(
        young_person_id=theirs.id,
        team_id=world.health.id,
        state="sent",
        target_date=today + timedelta(days=60),
    )
    db.session.add_all([incoming, draft, elsewhere])
    db.session.commit()
    body = client.get(feed_path(client, world.adult_social_care)).get_data(as_text=True)
    calendar = assert_rfc5545_essentials(body)
    events = {str(e["UID"]): str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    prefix = f"{mine.initials} {mine.local_reference}"
    assert events == {
        f"handover-{incoming.id}@localhost": f"{prefix}: transfer target date",
        f"handover-{incoming.id}-first-contact@localhost": f"{prefix}: planned first contact",
    }
    assert f"http://localhost/handovers/{incoming.id}" in body
    for person in caseload:
        for marker in marker_strings(person):
            assert marker not in body

    other_team = client.get(feed_path(client, world.adult_health)).get_data(as_text=True)
    assert summaries(Calendar.from_ical(other_team)) == [
        f"{theirs.initials} {theirs.local_reference}: transfer target date"
    ]


def test_young_person_feed_is_their_own_in_plain_words(world, client, caseload):
    mine, _, theirs = caseload
    milestone = open_milestone(mine)
    meeting = add_meeting(mine)
    open_milestone(theirs)
    add_meeting(theirs, kind="transition_review")
    body = client.get(feed_path(client, world.young_person_user(mine))).get_data(as_text=True)
    calendar = assert_rfc5545_essentials(body)
    events = {str(e["UID"]): str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert events == {
        f"milestone-{milestone.id}@localhost": milestone.plain_title,
        f"meeting-{meeting.id}@localhost": "Meeting about your plan",
    }
    assert "http://localhost/my-pathway" in body
    for person in caseload:
        for marker in marker_strings(person):
            assert marker not in body
    assert theirs.local_reference not in body


def test_parent_feed_follows_the_young_persons_decision(world, client, caseload):
    mine = caseload[0]
    add_meeting(mine)
    parent = make_user("parent_carer", young_person_id=mine.id)
    db.session.commit()
    path = feed_path(client, parent)
    assert summaries(fetch(client, path)) == ["Meeting about your plan"]
    db.session.add(
        ConsentRecord(
            young_person_id=mine.id,
            purpose="parent_access",
            decision="refused",
            decided_by="young_person",
            decided_on=london_today(),
        )
    )
    db.session.commit()
    assert summaries(fetch(client, path)) == []


def test_feed_costs_a_fixed_number_of_queries(world, client):
    path = feed_path(client, world.worker)

    def queries() -> int:
        statements: list[str] = []

        def count(_conn, _cursor, statement, *_args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    person = make_person(team=world.north, worker=world.worker, dob=seventeen_and_a_half())
    db.session.commit()
    open_milestone(person)
    add_meeting(person)
    small = queries()
    for _ in range(4):
        more = make_person(team=world.north, worker=world.worker, dob=seventeen_and_a_half())
        db.session.commit()
        open_milestone(more)
        add_meeting(more)
    assert queries() == small


def _statements_for(client, path: str, headers: dict | None = None):
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK")):  # SQLite's own
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(path, headers=headers or {})
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return response, statements


@pytest.mark.parametrize("role", ["worker", "manager", "adult_social_care", "young_person"])
def test_a_poll_with_nothing_new_is_a_304_that_costs_one_query(world, client, caseload, role):
    user = world.young_person_user(caseload[0]) if role == "young_person" else getattr(world, role)
    path = feed_path(client, user)
    first = client.get(path)
    assert first.status_code == 200
    again, statements = _statements_for(client, path, {"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert len(statements) == 1


def test_if_modified_since_answers_304_until_the_feed_changes(world, client, caseload):
    mine = caseload[0]
    path = feed_path(client, world.worker)
    first = client.get(path)
    since = {"If-Modified-Since": first.headers["Last-Modified"]}
    assert client.get(path, headers=since).status_code == 304
    add_meeting(mine)
    # Last-Modified counts whole seconds: the change is dated a second later, as it
    # would be after any real pause between two polls.
    for row in db.session.scalars(select(FeedVersion)):
        row.changed_at += timedelta(seconds=1)
    db.session.commit()
    changed = client.get(path, headers=since)
    assert changed.status_code == 200
    assert "Annual review" in changed.get_data(as_text=True)
    # An ETag that no longer matches wins over a date that would still match.
    stale = {
        "If-None-Match": first.headers["ETag"],
        "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT",
    }
    assert client.get(path, headers=stale).status_code == 200


def _etag(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.headers["ETag"]


def test_each_kind_of_change_moves_only_the_feeds_that_show_it(world, client, caseload):
    mine, _, theirs = caseload
    paths = {
        "worker": feed_path(client, world.worker),
        "worker2": feed_path(client, world.worker2),
        "manager": feed_path(client, world.manager),
        "social_care": feed_path(client, world.adult_social_care),
        "health": feed_path(client, world.adult_health),
        "young_person": feed_path(client, world.young_person_user(mine)),
    }

    def moved(change) -> set[str]:
        limiter.reset()  # many polls from one address: the feeds' rate limit is not tested here
        before = {name: _etag(client, path) for name, path in paths.items()}
        change()
        db.session.commit()
        return {name for name, path in paths.items() if _etag(client, path) != before[name]}

    milestone = open_milestone(mine)
    assert moved(lambda: setattr(milestone, "status", "in_progress")) == {
        "worker",
        "young_person",
    }
    statutory = db.session.scalars(
        select(Milestone).where(
            Milestone.young_person_id == theirs.id,
            Milestone.source_status.in_(("law", "statutory_guidance")),
        )
    ).first()
    assert moved(lambda: setattr(statutory, "status", "not_started")) == {"worker2", "manager"}
    assert moved(lambda: add_meeting(theirs)) == {"worker2"}
    handover = Handover(
        young_person_id=mine.id,
        team_id=world.social_care.id,
        state="sent",
        target_date=london_today() + timedelta(days=60),
    )
    assert moved(lambda: db.session.add(handover)) == {
        "worker",
        "young_person",
        "manager",
        "social_care",
    }
    assert moved(lambda: setattr(handover, "team_id", world.health.id)) == {
        "worker",
        "young_person",
        "manager",
        "social_care",
        "health",
    }
    # Moving a person to another worker changes both workers' feeds.
    assert moved(lambda: setattr(mine, "worker_id", world.worker2.id)) >= {"worker", "worker2"}
    assert moved(lambda: setattr(mine, "worker", world.worker)) >= {"worker", "worker2"}
