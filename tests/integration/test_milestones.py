"""Milestones on the record page and the forms that change them, within scope."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tests.factories import make_person
from tests.helpers import count_queries, page
from transition.extensions import db
from transition.models import (
    AuditEvent,
    Handover,
    Milestone,
    MilestoneChange,
    MilestoneEvidence,
    YoungPerson,
)
from transition.services import pathway
from transition.services.audit import Actor

TODAY = date(2026, 11, 28)
MARKER = "Zanzibar-milestone-marker"

PERSON_FORM = {
    "last_name": "Okafor",
    "has_ehc_plan": "yes",
    "year_group_offset": "0",
    "primary_need": "",
    "care_act_assessment": "not_started",
    "chc_status": "not_needed",
    "capacity_status": "presumed",
    "team_id": "0",
}


def _dates(form: dict, name: str, day: date | tuple[str, str, str]) -> MultiDict:
    data = MultiDict(form)
    parts = day if isinstance(day, tuple) else (str(day.day), str(day.month), str(day.year))
    for part in parts:
        data.add(name, part)
    return data


def _key_dates(response) -> dict[str, str]:
    return {
        row.dt.get_text(strip=True): row.dd.get_text(strip=True)
        for row in page(response).select(".app-key-dates .govuk-summary-list__row")
    }


def _milestone(person: YoungPerson, code: str) -> Milestone:
    return db.session.scalar(
        select(Milestone).where(Milestone.young_person_id == person.id, Milestone.code == code)
    )


def _url(person: YoungPerson, milestone: Milestone, action: str = "") -> str:
    return f"/young-people/{person.id}/milestones/{milestone.id}" + (f"/{action}" if action else "")


# --- Key dates for people the tests have never seen ---------------------------------

KEY_DATES = {
    ("29", "2", "2012"): {
        "14th birthday": "1 March 2026",
        "Start of Year 9": "1 September 2025",
        "16th birthday": "29 February 2028",
        "Deadline for post-16 placement in the plan (31 March, Year 11)": "31 March 2028",
        "End of compulsory school age": "30 June 2028",
        "17th birthday": "1 March 2029",
        "Age 17 and a half": "29 August 2029",
        "18th birthday": "1 March 2030",
        "25th birthday": "1 March 2037",
    },
    ("1", "9", "2011"): {
        "14th birthday": "1 September 2025",
        "Start of Year 9": "1 September 2025",
        "16th birthday": "1 September 2027",
        "Deadline for post-16 placement in the plan (31 March, Year 11)": "31 March 2028",
        "End of compulsory school age": "30 June 2028",
        "17th birthday": "1 September 2028",
        "Age 17 and a half": "1 March 2029",
        "18th birthday": "1 September 2029",
        "25th birthday": "1 September 2036",
    },
    ("31", "8", "2011"): {
        "14th birthday": "31 August 2025",
        "Start of Year 9": "1 September 2024",
        "16th birthday": "31 August 2027",
        "Deadline for post-16 placement in the plan (31 March, Year 11)": "31 March 2027",
        "End of compulsory school age": "25 June 2027",
        "17th birthday": "31 August 2028",
        "Age 17 and a half": "1 March 2029",
        "18th birthday": "31 August 2029",
        "25th birthday": "31 August 2036",
    },
}


@pytest.mark.parametrize("dob", list(KEY_DATES))
@time_machine.travel(TODAY)
def test_people_created_in_the_browser_show_their_key_dates(world, sign_in, dob):
    client = sign_in(world.worker)
    form = _dates(
        {
            **PERSON_FORM,
            "first_name": f"Born{''.join(dob)}",
            "local_reference": f"KD-{''.join(dob)}",
            "worker_id": str(world.worker.id),
        },
        "date_of_birth",
        dob,
    )
    response = client.post("/young-people/new", data=form)
    assert response.status_code == 302
    record = client.get(response.headers["Location"])
    shown = _key_dates(record)
    for label, expected in KEY_DATES[dob].items():
        assert shown[label] == expected, label
    # The framework was applied: the P13 (age 17 and a half) milestone falls on that day.
    p13 = page(record).find("a", string="Eligibility and indicative adult care plan")
    assert p13 is not None
    assert KEY_DATES[dob]["Age 17 and a half"] in p13.find_parent("tr").get_text(" ", strip=True)


# --- The record page ------------------------------------------------------------------


@time_machine.travel(TODAY)
def test_record_page_shows_rating_overdue_due_soon_and_areas(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 8, 31))
    db.session.commit()
    body = page(sign_in(world.worker).get(f"/young-people/{person.id}"))
    rating = body.select_one("#person-rating").get_text(" ", strip=True)
    # Year 9 review was due by 31 July 2025, so a law milestone is overdue.
    assert rating.startswith("Red because:")
    assert "overdue" in rating
    overdue = body.select_one("table#milestones-overdue")
    assert overdue.caption.get_text(strip=True) == "Overdue"
    titles = [a.get_text(strip=True) for a in overdue.select("tbody th a")]
    assert "Year 9 annual review with a Preparing for Adulthood focus" in titles
    # Every overdue row says so in words, not colour alone.
    for row in overdue.select("tbody tr"):
        assert "Red" in row.get_text(" ", strip=True)
        assert "overdue" in row.get_text(" ", strip=True)
    areas = [c.get_text(strip=True) for c in body.select(".app-area caption")]
    assert areas == [
        "Transition process and handover to adult services",
        "Employment and higher education",
        "Independent living",
        "Friends, relationships and community",
        "Good health",
    ]
    # Each area has its own rating, explained in words.
    assert (
        body.select_one("#area-process-rating").get_text(" ", strip=True).startswith("Red because:")
    )
    # Each area is in due-date order and shows the basis of every milestone.
    process = body.select_one("#area-process")
    assert "Law" in process.get_text(" ", strip=True)
    assert "Statutory guidance" in process.get_text(" ", strip=True)
    ids = [int(a["href"].rsplit("/", 1)[1]) for a in process.select("tbody th a")]
    due = {m.id: m.due_on for m in db.session.scalars(select(Milestone))}
    dated = [due[i] for i in ids if due[i] is not None]
    assert dated == sorted(dated)


@time_machine.travel(TODAY)
def test_due_soon_lists_unstarted_milestones_in_the_next_90_days(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 8, 31))
    soon = _milestone(person, "P13")
    soon.due_on = date(2027, 1, 15)
    db.session.commit()
    body = page(sign_in(world.worker).get(f"/young-people/{person.id}"))
    table = body.select_one("table#milestones-due-soon")
    row = table.find("a", string=soon.title).find_parent("tr").get_text(" ", strip=True)
    assert "15 January 2027" in row
    assert "Amber" in row
    assert "has not been started" in row


@time_machine.travel(TODAY)
def test_person_is_green_when_nothing_is_late(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2012, 5, 1))
    for milestone in db.session.scalars(
        select(Milestone).where(Milestone.due_on <= date(2027, 3, 1))
    ):
        milestone.status = "achieved"
        milestone.achieved_on = date(2026, 10, 1)
    db.session.commit()
    body = page(sign_in(world.worker).get(f"/young-people/{person.id}"))
    assert body.select_one("#person-rating").get_text(" ", strip=True).startswith("Green")
    assert "Nothing is overdue." in body.get_text(" ", strip=True)


@time_machine.travel(TODAY)
def test_18_soon_with_no_accepted_handover_is_red_until_one_is_accepted(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2009, 3, 1))
    for milestone in db.session.scalars(select(Milestone)):
        milestone.status = "not_applicable"
    db.session.commit()
    client = sign_in(world.worker)
    rating = page(client.get(f"/young-people/{person.id}")).select_one("#person-rating")
    assert "no adult service has accepted a handover" in rating.get_text(" ", strip=True)
    db.session.add(
        Handover(
            young_person_id=person.id,
            team_id=world.social_care.id,
            state="accepted",
            target_date=date(2027, 3, 1),
        )
    )
    db.session.commit()
    rating = page(client.get(f"/young-people/{person.id}")).select_one("#person-rating")
    assert rating.get_text(" ", strip=True).startswith("Green")


def _count_queries(client, path: str) -> int:
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


@time_machine.travel(TODAY)
def test_record_page_runs_the_same_queries_however_many_milestones(world, sign_in):
    small = make_person(team=world.north, worker=world.worker)
    big = make_person(team=world.north, worker=world.worker)
    actor = Actor(world.worker)
    for n in range(40):
        milestone = pathway.add_custom_milestone(
            actor, big, area="health", title=f"Extra {n}", description=None, due_on=date(2027, 1, 1)
        )
        pathway.add_evidence(actor, big, milestone, text="Done", evidence_date=date(2026, 11, 1))
    db.session.commit()
    client = sign_in(world.worker)
    client.get(f"/young-people/{small.id}")  # warm up once
    small_count = _count_queries(client, f"/young-people/{small.id}")
    big_count = _count_queries(client, f"/young-people/{big.id}")
    assert small_count == big_count
    # The milestones section adds a handful, not one per milestone (72 or 112 here).
    assert small_count < 40, small_count


# --- One milestone: view, status, evidence, due date --------------------------------


@time_machine.travel(TODAY)
def test_milestone_page_shows_what_it_is_and_its_source(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 8, 31))
    p13 = _milestone(person, "P13")
    db.session.commit()
    client = sign_in(world.worker)
    record = page(client.get(f"/young-people/{person.id}"))
    link = record.find("a", string=p13.title)
    response = client.get(link["href"])
    assert response.status_code == 200
    body = page(response)
    assert body.h1.get_text(strip=True) == p13.title
    text = body.get_text(" ", strip=True)
    assert "Statutory guidance" in text
    assert "Care and Support Statutory Guidance" in text
    assert "1 March 2029 (age 17 years 6 months)" in text
    assert "No evidence has been recorded yet." in text


@time_machine.travel(TODAY)
def test_worker_marks_a_milestone_achieved_and_it_is_kept_in_history(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 8, 31))
    p02 = _milestone(person, "P02")
    db.session.commit()
    client = sign_in(world.worker)
    form = client.get(_url(person, p02, "status"))
    version = page(form).select_one("input[name=version]")["value"]
    response = client.post(
        _url(person, p02, "status"),
        data=_dates({"status": "achieved", "version": version}, "achieved_on", date(2025, 6, 20)),
    )
    assert response.status_code == 302
    shown = client.get(response.headers["Location"])
    body = page(shown)
    assert "Status of" in body.select_one(".govuk-notification-banner").get_text()
    text = body.get_text(" ", strip=True)
    assert "Achieved" in text
    assert "20 June 2025" in text
    history = body.select_one("table.app-history").get_text(" ", strip=True)
    assert "Status changed from not started to achieved" in history
    assert world.worker.name in history
    assert db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "update_milestone_status",
            AuditEvent.object_id == p02.id,
            AuditEvent.young_person_id == person.id,
        )
    )


@time_machine.travel(TODAY)
def test_achieved_needs_a_real_past_date_and_saves_nothing_without_one(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 8, 31))
    p02 = _milestone(person, "P02")
    db.session.commit()
    client = sign_in(world.worker)
    missing = client.post(
        _url(person, p02, "status"), data={"status": "achieved", "version": str(p02.version_id)}
    )
    future = client.post(
        _url(person, p02, "status"),
        data=_dates({"status": "achieved", "version": "1"}, "achieved_on", date(2027, 1, 1)),
    )
    nonsense = client.post(
        _url(person, p02, "status"),
        data=_dates({"status": "achieved", "version": "1"}, "achieved_on", ("31", "2", "2026")),
    )
    unknown = client.post(_url(person, p02, "status"), data={"status": "done", "version": "1"})
    for response, message in (
        (missing, "Enter the date it was achieved"),
        (future, "Date achieved must be today or in the past"),
        (nonsense, "Date achieved must be a real date"),
        (unknown, "Not a valid choice"),
    ):
        assert response.status_code == 200
        body = page(response)
        assert body.title.get_text().startswith("Error: ")
        assert message in body.select_one(".govuk-error-summary").get_text(" ", strip=True)
    db.session.expire_all()
    assert _milestone(person, "P02").status == "not_started"
    assert db.session.scalar(select(MilestoneChange.id)) is None


@time_machine.travel(TODAY)
def test_a_stale_status_save_is_refused_and_keeps_the_input(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 8, 31))
    p02 = _milestone(person, "P02")
    db.session.commit()
    opened_version = str(p02.version_id)
    # Someone else saves first.
    pathway.update_status(
        Actor(world.manager),
        person,
        p02,
        status="missed",
        achieved_on=None,
        version=p02.version_id,
    )
    db.session.commit()
    client = sign_in(world.worker)
    response = client.post(
        _url(person, p02, "status"), data={"status": "in_progress", "version": opened_version}
    )
    assert response.status_code == 200
    body = page(response)
    assert "Someone else changed this milestone" in body.select_one(
        ".govuk-error-summary"
    ).get_text(" ", strip=True)
    assert body.select_one("input[name=status][value=in_progress]").has_attr("checked")
    assert body.select_one("input[name=version]")["value"] != opened_version
    db.session.expire_all()
    assert _milestone(person, "P02").status == "missed"


@time_machine.travel(TODAY)
def test_worker_adds_dated_evidence_with_their_name(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 8, 31))
    p02 = _milestone(person, "P02")
    db.session.commit()
    client = sign_in(world.worker)
    response = client.post(
        _url(person, p02, "evidence"),
        data=_dates(
            {"text": "Review held at school with the college"}, "evidence_date", date(2025, 7, 2)
        ),
        follow_redirects=True,
    )
    evidence = page(response).select_one(".app-evidence").get_text(" ", strip=True)
    assert "2 July 2025" in evidence
    assert "Review held at school with the college" in evidence
    assert f"Recorded by {world.worker.name}" in evidence
    record = page(client.get(f"/young-people/{person.id}"))
    row = record.select_one("#area-process").find("a", string=p02.title).find_parent("tr")
    assert row.select("td")[-1].get_text(strip=True) == "1"
    assert db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "add_milestone_evidence")
    )


@time_machine.travel(TODAY)
def test_evidence_needs_text_and_a_past_date(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 8, 31))
    p02 = _milestone(person, "P02")
    db.session.commit()
    client = sign_in(world.worker)
    response = client.post(
        _url(person, p02, "evidence"),
        data=_dates({"text": "   "}, "evidence_date", date(2027, 1, 1)),
    )
    summary = page(response).select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Enter what was done" in summary
    assert "Date it happened must be today or in the past" in summary
    assert db.session.scalar(select(MilestoneEvidence.id)) is None


@time_machine.travel(TODAY)
def test_worker_moves_a_due_date_with_a_reason_kept_in_history(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 8, 31))
    p13 = _milestone(person, "P13")
    db.session.commit()
    client = sign_in(world.worker)
    form = page(client.get(_url(person, p13, "due-date")))
    assert [i["value"] for i in form.select("input[name=due_on]")] == ["1", "3", "2029"]
    response = client.post(
        _url(person, p13, "due-date"),
        data=_dates(
            {"reason": "Family asked to wait until after exams", "version": "1"},
            "due_on",
            date(2029, 6, 1),
        ),
        follow_redirects=True,
    )
    body = page(response)
    history = body.select_one("table.app-history").get_text(" ", strip=True)
    assert "Due date moved from 1 March 2029 to 1 June 2029" in history
    assert "Family asked to wait until after exams" in history
    record = page(client.get(f"/young-people/{person.id}"))
    row = record.find("a", string=p13.title).find_parent("tr").get_text(" ", strip=True)
    assert "1 June 2029" in row


@time_machine.travel(TODAY)
def test_moving_a_due_date_needs_a_reason_and_a_sensible_date(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 8, 31))
    p13 = _milestone(person, "P13")
    db.session.commit()
    client = sign_in(world.worker)
    response = client.post(
        _url(person, p13, "due-date"),
        data=_dates({"reason": "", "version": "1"}, "due_on", date(2040, 1, 1)),
    )
    summary = page(response).select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Enter why the due date is moving" in summary
    assert "New due date must be before their 26th birthday" in summary
    db.session.expire_all()
    assert _milestone(person, "P13").due_on == date(2029, 3, 1)


@time_machine.travel(TODAY)
def test_a_stale_due_date_save_is_refused_with_the_reason_kept(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 8, 31))
    p13 = _milestone(person, "P13")
    db.session.commit()
    pathway.move_due_date(
        Actor(world.manager),
        person,
        p13,
        due_on=date(2029, 4, 1),
        reason="Panel date",
        version=1,
    )
    db.session.commit()
    client = sign_in(world.worker)
    response = client.post(
        _url(person, p13, "due-date"),
        data=_dates({"reason": "My own reason", "version": "1"}, "due_on", date(2029, 5, 1)),
    )
    body = page(response)
    assert "Someone else changed this milestone" in body.get_text(" ", strip=True)
    assert body.select_one("textarea[name=reason]").get_text(strip=True) == "My own reason"
    assert [i["value"] for i in body.select("input[name=due_on]")] == ["1", "5", "2029"]
    db.session.expire_all()
    assert _milestone(person, "P13").due_on == date(2029, 4, 1)


@time_machine.travel(TODAY)
def test_worker_adds_a_custom_milestone(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 8, 31))
    db.session.commit()
    client = sign_in(world.worker)
    record = page(client.get(f"/young-people/{person.id}"))
    add = record.select_one(f"a[href='/young-people/{person.id}/milestones/new']")
    assert add.get_text(" ", strip=True).startswith("Add a milestone")
    bad = client.post(add["href"], data={"area": "employment", "title": ""})
    summary = page(bad).select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Enter a title" in summary
    assert "Enter a due date" in summary
    response = client.post(
        add["href"],
        data=_dates(
            {"area": "employment", "title": "Visit the college open day", "description": "x"},
            "due_on",
            date(2027, 2, 10),
        ),
    )
    assert response.status_code == 302
    record = page(client.get(f"/young-people/{person.id}"))
    row = record.select_one("#area-employment").find("a", string="Visit the college open day")
    text = row.find_parent("tr").get_text(" ", strip=True)
    assert "10 February 2027" in text
    assert "Added for this young person" in text
    # It is due within 90 days and not started, so it is amber and listed as due soon.
    assert "Amber" in text
    assert record.select_one("table#milestones-due-soon").find(
        "a", string="Visit the college open day"
    )


# --- Scope --------------------------------------------------------------------------


@pytest.fixture
def guarded(world):
    person = make_person(team=world.north, worker=world.worker, marker=MARKER)
    milestone = _milestone(person, "P13")
    pathway.add_evidence(
        Actor(world.worker), person, milestone, text=f"{MARKER} evidence", evidence_date=TODAY
    )
    db.session.commit()
    return person, milestone


MILESTONE_PAGES = ["", "status", "evidence", "due-date"]


@pytest.mark.parametrize("action", MILESTONE_PAGES)
@time_machine.travel(TODAY)
def test_other_teams_worker_gets_404_for_every_milestone_page(world, sign_in, guarded, action):
    person, milestone = guarded
    client = sign_in(world.worker2)
    for response in (
        client.get(_url(person, milestone, action)),
        client.post(_url(person, milestone, action or "status"), data={"status": "missed"}),
    ):
        assert response.status_code == 404
        assert MARKER not in response.get_data(as_text=True)
        assert milestone.title not in response.get_data(as_text=True)
    db.session.expire_all()
    assert _milestone(person, "P13").status == "not_started"
    assert db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.user_id == world.worker2.id, AuditEvent.outcome == "refused"
        )
    )


@time_machine.travel(TODAY)
def test_other_teams_worker_cannot_add_milestones_or_update_dates(world, sign_in, guarded):
    person, _ = guarded
    client = sign_in(world.worker2)
    for path in (
        f"/young-people/{person.id}/milestones/new",
        f"/young-people/{person.id}/framework-update",
    ):
        assert client.get(path).status_code == 404
        response = client.post(path, data={"title": "x", "area": "health", "version": "1"})
        assert response.status_code == 404
        assert MARKER not in response.get_data(as_text=True)
    assert db.session.scalar(select(Milestone).where(Milestone.title == "x")) is None


@time_machine.travel(TODAY)
def test_a_milestone_id_from_another_person_is_404(world, sign_in, guarded):
    person, milestone = guarded
    mine = make_person(team=world.south, worker=world.worker2)
    db.session.commit()
    client = sign_in(world.worker2)
    # The worker's own person id with someone else's milestone id.
    for action in MILESTONE_PAGES:
        response = client.get(_url(mine, milestone, action))
        assert response.status_code == 404
        assert MARKER not in response.get_data(as_text=True)
    response = client.post(
        _url(mine, milestone, "evidence"),
        data=_dates({"text": "sneaky"}, "evidence_date", TODAY),
    )
    assert response.status_code == 404
    assert (
        db.session.scalar(select(MilestoneEvidence).where(MilestoneEvidence.text == "sneaky"))
        is None
    )
    refused = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.object_type == "milestone",
            AuditEvent.object_id == milestone.id,
            AuditEvent.outcome == "refused",
        )
    )
    assert refused.user_id == world.worker2.id


@time_machine.travel(TODAY)
def test_young_person_reads_their_milestone_but_cannot_change_it(world, sign_in, guarded):
    person, milestone = guarded
    client = sign_in(world.young_person_user(person))
    response = client.get(_url(person, milestone))
    assert response.status_code == 200
    body = page(response)
    assert body.find("a", string=lambda s: s and s.startswith("Change the status")) is None
    refused = client.post(_url(person, milestone, "status"), data={"status": "missed"})
    assert refused.status_code in (403, 404)
    assert MARKER not in refused.get_data(as_text=True)


@time_machine.travel(TODAY)
def test_adult_team_cannot_see_milestones_before_accepting_a_handover(world, sign_in, guarded):
    person, milestone = guarded
    client = sign_in(world.adult_social_care)
    response = client.get(_url(person, milestone))
    assert response.status_code == 404
    assert MARKER not in response.get_data(as_text=True)


def test_signed_out_visitor_is_sent_to_sign_in(world, client, guarded):
    person, milestone = guarded
    for action in MILESTONE_PAGES:
        response = client.get(_url(person, milestone, action))
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


@time_machine.travel(TODAY)
def test_viewing_a_milestone_is_audited(world, sign_in, guarded):
    person, milestone = guarded
    sign_in(world.manager).get(_url(person, milestone))
    assert db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "view_milestone",
            AuditEvent.user_id == world.manager.id,
            AuditEvent.young_person_id == person.id,
        )
    )


@time_machine.travel(TODAY)
def test_the_same_form_sent_twice_records_once(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 8, 31))
    p02 = _milestone(person, "P02")
    db.session.commit()
    client = sign_in(world.worker)
    evidence = _dates({"text": "Review held"}, "evidence_date", date(2025, 7, 2))
    custom = _dates({"area": "health", "title": "See the dentist"}, "due_on", date(2027, 5, 1))
    status = _dates({"status": "achieved", "version": "1"}, "achieved_on", date(2025, 7, 2))
    for _ in range(2):
        assert client.post(_url(person, p02, "evidence"), data=evidence).status_code == 302
        assert (
            client.post(f"/young-people/{person.id}/milestones/new", data=custom).status_code == 302
        )
        assert client.post(_url(person, p02, "status"), data=status).status_code == 302
    assert len(db.session.scalars(select(MilestoneEvidence)).all()) == 1
    assert len(db.session.scalars(select(Milestone).where(Milestone.code.is_(None))).all()) == 1
    changes = db.session.scalars(
        select(MilestoneChange.field).where(MilestoneChange.milestone_id == p02.id)
    ).all()
    assert sorted(changes) == ["achieved_on", "status"]


@time_machine.travel(TODAY)
def test_odd_characters_are_stored_safely(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 8, 31))
    p02 = _milestone(person, "P02")
    db.session.commit()
    client = sign_in(world.worker)
    response = client.post(
        _url(person, p02, "evidence"),
        data=_dates({"text": "Met <b>them</b> 🙂"}, "evidence_date", date(2025, 7, 2)),
    )
    assert response.status_code == 302
    shown = page(client.get(_url(person, p02))).select_one(".app-evidence__text")
    assert shown.get_text() == "Met <b>them</b> 🙂"  # escaped, not markup
    refused = client.post(  # a NUL is refused before any form sees it
        _url(person, p02, "evidence"),
        data=_dates({"text": "nul\x00"}, "evidence_date", date(2025, 7, 2)),
    )
    assert refused.status_code == 400
    assert len(db.session.scalars(select(MilestoneEvidence)).all()) == 1
