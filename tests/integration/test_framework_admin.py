"""Managers changing the milestone framework, and workers moving people onto it."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from tests.factories import make_person
from tests.helpers import page
from transition.extensions import db
from transition.models import AuditEvent, FrameworkVersion, Milestone, MilestoneChange, YoungPerson
from transition.services import pathway
from transition.services.audit import Actor

TODAY = date(2026, 11, 28)

P13_TEXT = {
    "title": "Eligibility and indicative adult care plan",
    "plain_title": "Agreeing the help you will get as an adult",
    "description": "Tell the family whether likely needs are eligible.",
    "source": "Care and Support Statutory Guidance ch.16",
    "lead": "ASC",
}


def _person_by_form(client, worker, reference: str, dob: tuple[str, str, str]) -> YoungPerson:
    data = MultiDict(
        {
            "first_name": "Sam",
            "last_name": reference,
            "local_reference": reference,
            "has_ehc_plan": "yes",
            "year_group_offset": "0",
            "primary_need": "",
            "care_act_assessment": "not_started",
            "chc_status": "not_needed",
            "capacity_status": "presumed",
            "team_id": "0",
            "worker_id": str(worker.id),
        }
    )
    for part in dob:
        data.add("date_of_birth", part)
    response = client.post("/young-people/new", data=data)
    assert response.status_code == 302
    return db.session.scalar(select(YoungPerson).where(YoungPerson.local_reference == reference))


def _due_on_record(client, person: YoungPerson, title: str) -> str:
    record = page(client.get(f"/young-people/{person.id}"))
    row = record.select_one("#area-process").find("a", string=title).find_parent("tr")
    return row.select("td")[0].get_text(" ", strip=True)


def _versions() -> int:
    return db.session.scalar(select(func.count(FrameworkVersion.id))) or 0


def _edit(client, code: str, base_version: str = "1", **fields) -> object:
    data = {**P13_TEXT, "base_version": base_version, "change_note": "Panel meets earlier"}
    data.update(fields)
    return client.post(f"/framework/milestones/{code}/edit", data=data)


@time_machine.travel(TODAY)
def test_manager_reaches_the_framework_from_their_home_page(world, sign_in):
    client = sign_in(world.manager)
    home = page(client.get("/team"))
    assert home.select_one("a[href='/framework']") is not None
    nav = [a.get_text(strip=True) for a in home.select(".govuk-service-navigation__link")]
    assert "Framework" in nav
    body = page(client.get("/framework"))
    assert body.h1.get_text(strip=True) == "Milestone framework"
    captions = [c.get_text(strip=True) for c in body.select("table caption")][:5]
    assert captions == [
        "Transition process and handover to adult services",
        "Employment and higher education",
        "Independent living",
        "Friends, relationships and community",
        "Good health",
    ]
    p13 = body.select_one("#P13").get_text(" ", strip=True)
    assert "Due: Age 17 years 6 months" in p13
    assert "Statutory guidance" in p13
    assert "Local timing" in p13
    p01 = body.select_one("#P01").get_text(" ", strip=True)
    assert "Opens: Start of Year 9" in p01
    assert "Good practice" in p01
    # Law and statutory guidance milestones cannot be removed, so they offer no link.
    assert body.select_one("#P02 a[href$='/remove']") is None
    assert body.select_one("#P01 a[href$='/remove']") is not None


@pytest.mark.parametrize("who", ["worker", "adult_social_care"])
def test_only_managers_reach_the_framework(world, sign_in, who):
    client = sign_in(getattr(world, who))
    assert client.get("/framework").status_code == 403
    response = _edit(client, "P13", due_years="17", due_months="0")
    assert response.status_code == 403
    assert _versions() <= 1


def test_signed_out_visitor_is_sent_to_sign_in(client):
    for path in ("/framework", "/framework/milestones/P13/edit", "/framework/milestones/new"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


@time_machine.travel(TODAY)
def test_local_age_change_reaches_new_people_and_existing_people_only_when_chosen(world, sign_in):
    worker = sign_in(world.worker)
    existing = _person_by_form(worker, world.worker, "EXIST-1", ("29", "2", "2012"))
    title = P13_TEXT["title"]
    assert _due_on_record(worker, existing, title).startswith("29 August 2029")

    manager = sign_in(world.manager)
    form = page(manager.get("/framework/milestones/P13/edit"))
    assert form.select_one("input[name=due_years]")["value"] == "17"
    assert form.select_one("input[name=due_months]")["value"] == "6"
    response = _edit(
        manager, "P13", due_years="17", due_months="0", opens_years="", opens_months=""
    )
    assert response.status_code == 302
    listing = page(manager.get(response.headers["Location"]))
    assert listing.select_one("#P13").select("td")[2].get_text(" ", strip=True) == "Due: Age 17"
    assert "Panel meets earlier" in listing.select_one("#versions").find_next("table").get_text()
    assert db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "change_framework", AuditEvent.user_id == world.manager.id
        )
    )

    worker = sign_in(world.worker)
    newcomer = _person_by_form(worker, world.worker, "NEW-1", ("29", "2", "2012"))
    assert _due_on_record(worker, newcomer, title).startswith("1 March 2029")
    # The existing person keeps their date until their worker chooses to move it.
    assert _due_on_record(worker, existing, title).startswith("29 August 2029")
    record = page(worker.get(f"/young-people/{existing.id}"))
    notice = record.select_one("#framework-update")
    assert "Version 2" in notice.get_text(" ", strip=True)
    assert page(worker.get(f"/young-people/{newcomer.id}")).select_one("#framework-update") is None

    confirm = page(worker.get(notice.a["href"]))
    move = confirm.find("th", string=title).find_parent("tr").get_text(" ", strip=True)
    assert "29 August 2029" in move
    assert "1 March 2029" in move
    version = confirm.select_one("input[name=version]")["value"]
    response = worker.post(notice.a["href"], data={"version": version})
    assert response.status_code == 302
    assert _due_on_record(worker, existing, title).startswith("1 March 2029")
    change = db.session.scalar(
        select(MilestoneChange).where(MilestoneChange.field == "framework_due_on")
    )
    assert change.reason == "Updated to framework version 2"
    assert page(worker.get(f"/young-people/{existing.id}")).select_one("#framework-update") is None
    # Posting the same confirmation again changes nothing twice.
    worker.post(notice.a["href"], data={"version": version})
    assert db.session.scalar(select(func.count(MilestoneChange.id))) == 1


@time_machine.travel(TODAY)
def test_updating_keeps_achieved_milestones_and_dates_moved_by_hand(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 8, 31))
    actor = Actor(world.worker)
    h12, h13 = (
        db.session.scalar(
            select(Milestone).where(Milestone.young_person_id == person.id, Milestone.code == c)
        )
        for c in ("H12", "H13")
    )
    pathway.move_due_date(
        actor, person, h12, due_on=date(2029, 9, 1), reason="After exams", version=h12.version_id
    )
    pathway.update_status(
        actor, person, h13, status="achieved", achieved_on=date(2026, 11, 1), version=h13.version_id
    )
    current = pathway.current_framework_version()
    for code in ("H12", "H13"):
        definition = pathway.framework_of(pathway.current_framework_version()).by_code()[code]
        pathway.change_framework_milestone(
            Actor(world.manager),
            code,
            base_version=pathway.current_framework_version().version,
            wording=pathway.WordingChange(
                definition.title,
                definition.plain_title,
                definition.description,
                definition.source,
                definition.lead,
            ),
            timing=pathway.AgeTiming(17, 9, 16, 0),
            change_note="Earlier",
        )
    db.session.commit()
    assert current.version == 1
    client = sign_in(world.worker)
    confirm = page(client.get(f"/young-people/{person.id}/framework-update"))
    assert confirm.find("caption", string="Due dates that will move") is None
    client.post(
        f"/young-people/{person.id}/framework-update",
        data={"version": confirm.select_one("input[name=version]")["value"]},
    )
    db.session.expire_all()
    assert db.session.get(Milestone, h12.id).due_on == date(2029, 9, 1)
    assert db.session.get(Milestone, h13.id).due_on == date(2029, 8, 31)
    assert db.session.get(YoungPerson, person.id).framework_version_id == (
        pathway.current_framework_version().id
    )


@time_machine.travel(TODAY)
def test_a_statutory_milestones_timing_cannot_change_but_its_wording_can(world, sign_in):
    client = sign_in(world.manager)
    form = page(client.get("/framework/milestones/P02/edit"))
    assert form.select_one("input[name=due_years]") is None
    response = _edit(client, "P02", title="Year 9 review planning for adult life", due_years="20")
    assert response.status_code == 302
    row = page(client.get("/framework")).select_one("#P02").get_text(" ", strip=True)
    assert "Year 9 review planning for adult life" in row
    assert "Due: 31 July in Year 9" in row
    person = make_person(team=world.north, worker=world.worker)
    titles = db.session.scalars(
        select(Milestone.title).where(Milestone.young_person_id == person.id)
    ).all()
    assert "Year 9 review planning for adult life" in titles


@time_machine.travel(TODAY)
def test_manager_adds_a_council_milestone_that_new_people_get(world, sign_in):
    client = sign_in(world.manager)
    form = page(client.get("/framework/milestones/new"))
    assert form.select_one("input[name=area][value=community]") is not None
    response = client.post(
        "/framework/milestones/new",
        data={
            "area": "community",
            "title": "Try a youth club",
            "plain_title": "Trying a youth club",
            "description": "Visit a local youth club with a friend.",
            "source": "Local practice agreed by the council",
            "lead": "FAM",
            "due_years": "15",
            "due_months": "3",
            "opens_years": "",
            "opens_months": "",
            "base_version": "1",
            "change_note": "A local offer we want everyone to try",
        },
    )
    assert response.status_code == 302
    row = page(client.get("/framework")).select_one("#L01").get_text(" ", strip=True)
    assert "Try a youth club" in row
    assert "Local practice" in row
    assert "Due: Age 15 years 3 months" in row
    person = make_person(team=world.north, worker=world.worker, dob=date(2012, 2, 29))
    added = db.session.scalar(
        select(Milestone).where(Milestone.young_person_id == person.id, Milestone.code == "L01")
    )
    assert added.due_on == date(2027, 5, 29)
    assert added.source_status == "local"


@time_machine.travel(TODAY)
def test_manager_removes_a_good_practice_milestone_but_not_a_statutory_one(world, sign_in):
    existing = make_person(team=world.north, worker=world.worker)
    db.session.commit()
    client = sign_in(world.manager)
    assert client.get("/framework/milestones/P02/remove").status_code == 404
    assert (
        client.post(
            "/framework/milestones/P02/remove", data={"base_version": "1", "change_note": "x"}
        ).status_code
        == 404
    )
    blank = client.post("/framework/milestones/P01/remove", data={"base_version": "1"})
    assert (
        "Enter why it is being removed" in page(blank).select_one(".govuk-error-summary").get_text()
    )
    response = client.post(
        "/framework/milestones/P01/remove",
        data={"base_version": "1", "change_note": "The tracker is kept elsewhere"},
    )
    assert response.status_code == 302
    assert page(client.get("/framework")).select_one("#P01") is None
    newcomer = make_person(team=world.north, worker=world.worker)
    codes = {
        person: set(
            db.session.scalars(select(Milestone.code).where(Milestone.young_person_id == person))
        )
        for person in (existing.id, newcomer.id)
    }
    assert "P01" in codes[existing.id]
    assert "P01" not in codes[newcomer.id]
    assert "P02" in codes[newcomer.id]


@time_machine.travel(TODAY)
def test_a_stale_framework_save_is_refused_with_the_input_kept(world, sign_in):
    client = sign_in(world.manager)
    form = page(client.get("/framework/milestones/P13/edit"))
    opened = form.select_one("input[name=base_version]")["value"]
    assert _edit(client, "H12", base_version=opened, **_h12_text()).status_code == 302
    response = _edit(
        client,
        "P13",
        base_version=opened,
        due_years="17",
        due_months="3",
        title="My new title",
    )
    assert response.status_code == 200
    body = page(response)
    assert (
        "Someone else published a new version" in body.select_one(".govuk-error-summary").get_text()
    )
    assert body.select_one("input[name=title]")["value"] == "My new title"
    assert body.select_one("input[name=due_months]")["value"] == "3"
    assert body.select_one("input[name=base_version]")["value"] == "2"
    assert _versions() == 2


def _h12_text() -> dict[str, str]:
    definition = pathway.framework_of(pathway.current_framework_version()).by_code()["H12"]
    return {
        "title": definition.title,
        "plain_title": definition.plain_title,
        "description": definition.description,
        "source": definition.source,
        "lead": definition.lead,
        "due_years": "18",
        "due_months": "0",
        "opens_years": "16",
        "opens_months": "6",
    }


@time_machine.travel(TODAY)
def test_bad_framework_input_gets_messages_and_saves_nothing(world, sign_in):
    client = sign_in(world.manager)
    client.get("/framework")
    response = _edit(client, "P13", due_years="17", due_months="12", change_note="", title="")
    summary = page(response).select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Months until it is due must be between 0 and 11" in summary
    assert "Enter what changed and why" in summary
    assert "Enter a title" in summary
    assert page(response).title.get_text().startswith("Error: ")
    opens_late = _edit(client, "P13", due_years="17", due_months="0", opens_years="18")
    assert "is after it is due" in page(opens_late).select_one(".govuk-error-summary").get_text()
    assert _versions() == 1


@time_machine.travel(TODAY)
@pytest.mark.parametrize("years", ["²", "1e9", "-1", "99999999999999999999", "12"])
def test_ages_that_are_not_sensible_whole_numbers_are_refused(world, sign_in, years):
    client = sign_in(world.manager)
    client.get("/framework")
    response = _edit(client, "P13", due_years=years, due_months="0")
    assert response.status_code == 200
    summary = page(response).select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Years until it is due must be" in summary
    assert _versions() == 1


@time_machine.travel(TODAY)
def test_saving_without_a_change_makes_no_new_version(world, sign_in):
    client = sign_in(world.manager)
    client.get("/framework")
    response = _edit(client, "H12", **{**_h12_text(), "opens_months": "0"})
    assert "Nothing has changed" in page(response).select_one(".govuk-error-summary").get_text()
    assert _versions() == 1


@time_machine.travel(TODAY)
def test_a_corrected_date_of_birth_lets_the_worker_work_the_dates_out_again(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 8, 31))
    actor = Actor(world.worker)
    p15, h13 = (
        db.session.scalar(
            select(Milestone).where(Milestone.young_person_id == person.id, Milestone.code == c)
        )
        for c in ("P15", "H13")
    )
    pathway.move_due_date(
        actor, person, h13, due_on=date(2029, 6, 1), reason="Agreed with CAMHS", version=1
    )
    person.date_of_birth = date(2011, 9, 1)  # the record is corrected: born a day later
    db.session.commit()
    client = sign_in(world.worker)
    record = page(client.get(f"/young-people/{person.id}"))
    notice = record.select_one("#framework-update").get_text(" ", strip=True)
    assert "no longer match" in notice
    confirm = page(client.get(f"/young-people/{person.id}/framework-update"))
    move = confirm.find("th", string=p15.title).find_parent("tr").get_text(" ", strip=True)
    assert "31 August 2029" in move
    assert "1 September 2029" in move  # the 18th birthday, from the corrected date
    assert confirm.find("th", string=h13.title) is None  # moved by hand, so it stays
    client.post(
        f"/young-people/{person.id}/framework-update",
        data={"version": confirm.select_one("input[name=version]")["value"]},
    )
    db.session.expire_all()
    assert db.session.get(Milestone, h13.id).due_on == date(2029, 6, 1)
    # The start of Year 9 moves a whole school year for a 1 September birthday.
    p01 = db.session.scalar(
        select(Milestone).where(Milestone.young_person_id == person.id, Milestone.code == "P01")
    )
    assert p01.opens_on == date(2025, 9, 1)
    assert page(client.get(f"/young-people/{person.id}")).select_one("#framework-update") is None
