"""Creating, reading and changing young people's records, within scope."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tests.factories import make_person
from tests.helpers import page
from transition.extensions import db
from transition.models import AuditEvent, ConsentRecord, YoungPerson

FORM = {
    "first_name": "Amara",
    "last_name": "Okoye",
    "local_reference": "NEW-001",
    "has_ehc_plan": "no",
    "year_group_offset": "0",
    "primary_need": "ASD",
    "care_act_assessment": "not_started",
    "chc_status": "not_needed",
    "capacity_status": "presumed",
    "team_id": "0",
    "worker_id": "0",
}


def form(dob=("29", "2", "2012"), **overrides) -> MultiDict:
    data = MultiDict({**FORM, **overrides})
    for part in dob:
        data.add("date_of_birth", part)
    return data


@time_machine.travel(date(2026, 11, 28))
def test_worker_creates_a_record_and_sees_its_key_dates(world, sign_in):
    client = sign_in(world.worker)
    response = client.post("/young-people/new", data=form(worker_id=str(world.worker.id)))
    assert response.status_code == 302
    record = page(client.get(response.headers["Location"]))
    assert record.h1.get_text(strip=True) == "Amara Okoye"
    dates = {
        row.dt.get_text(strip=True): row.dd.get_text(strip=True)
        for row in record.select(".app-key-dates .govuk-summary-list__row")
    }
    assert dates["18th birthday"] == "1 March 2030"
    assert dates["16th birthday"] == "29 February 2028"  # 2028 is a leap year
    person = db.session.scalar(select(YoungPerson).where(YoungPerson.local_reference == "NEW-001"))
    assert person.team_id == world.north.id  # a worker's new record joins their team
    assert db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "create", AuditEvent.young_person_id == person.id
        )
    )


@time_machine.travel(date(2026, 11, 28))
def test_bad_input_gets_messages_and_saves_nothing(world, sign_in):
    client = sign_in(world.worker)
    response = client.post(
        "/young-people/new",
        data=form(dob=("31", "2", "2012"), first_name="", nhs_number="1234567890"),
    )
    assert response.status_code == 200
    summary = page(response).select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Enter a first name" in summary
    assert "Date of birth must be a real date" in summary
    assert "Enter a real NHS number" in summary
    assert page(response).title.get_text().startswith("Error: ")
    assert db.session.scalar(select(YoungPerson.id)) is None


@time_machine.travel(date(2026, 11, 28))
def test_too_much_text_gets_the_govuk_message_naming_the_field(world, sign_in):
    client = sign_in(world.worker)
    response = client.post(
        "/young-people/new", data=form(first_name="A" * 101, communication_needs="x" * 4001)
    )
    errors = page(response).select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "First name must be 100 characters or fewer" in errors
    assert "How to communicate with them must be 4,000 characters or fewer" in errors
    assert db.session.scalar(select(YoungPerson.id)) is None


def test_too_young_or_too_old_is_refused(world, sign_in):
    client = sign_in(world.worker)
    young = client.post("/young-people/new", data=form(dob=("1", "1", "2015")))
    old = client.post("/young-people/new", data=form(dob=("1", "1", "1999")))
    assert "must be 13 or older" in page(young).select_one(".govuk-error-summary").get_text()
    assert "must be 25 or younger" in page(old).select_one(".govuk-error-summary").get_text()


def test_missing_date_parts_are_named(world, sign_in):
    client = sign_in(world.worker)
    response = client.post("/young-people/new", data=form(dob=("12", "", "")))
    text = page(response).select_one(".govuk-error-summary").get_text()
    assert "Date of birth must include a month and year" in text


def test_duplicate_local_reference_is_refused(world, sign_in):
    make_person(team=world.north, local_reference="NEW-001")
    db.session.commit()
    response = sign_in(world.worker).post("/young-people/new", data=form())
    assert "already has this local reference" in page(response).get_text()


def test_other_teams_record_is_not_found_and_leaks_nothing(world, sign_in):
    person = make_person(team=world.south, worker=world.worker2, marker="ZEBRA")
    db.session.commit()
    client = sign_in(world.worker)
    for path in (f"/young-people/{person.id}", f"/young-people/{person.id}/edit"):
        response = client.get(path)
        assert response.status_code == 404
        assert "ZEBRA" not in response.get_data(as_text=True)
    refused = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.young_person_id == person.id, AuditEvent.outcome == "refused"
        )
    ).all()
    assert len(refused) == 2


def test_young_person_reaches_only_themself(world, sign_in):
    me = make_person(team=world.north, worker=world.worker)
    other = make_person(team=world.north, worker=world.worker, marker="OTTER")
    db.session.commit()
    client = sign_in(world.young_person_user(me))
    assert client.get(f"/young-people/{me.id}").status_code == 200
    refused = client.get(f"/young-people/{other.id}")
    assert refused.status_code == 404
    assert "OTTER" not in refused.get_data(as_text=True)
    assert client.get(f"/young-people/{me.id}/edit").status_code == 403


def test_adult_team_cannot_read_a_record_without_an_accepted_handover(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, marker="HERON")
    db.session.commit()
    response = sign_in(world.adult_social_care).get(f"/young-people/{person.id}")
    assert response.status_code == 404
    assert "HERON" not in response.get_data(as_text=True)


def test_manager_reaches_every_team(world, sign_in):
    north = make_person(team=world.north, worker=world.worker)
    south = make_person(team=world.south, worker=world.worker2)
    db.session.commit()
    client = sign_in(world.manager)
    assert client.get(f"/young-people/{north.id}").status_code == 200
    assert client.get(f"/young-people/{south.id}").status_code == 200


def test_search_finds_by_name_and_reference_within_scope(world, sign_in):
    make_person(team=world.north, first_name="Bea", last_name="Lamb", local_reference="N-1")
    make_person(team=world.south, first_name="Bea", last_name="Lamb", local_reference="S-1")
    db.session.commit()
    client = sign_in(world.worker)
    rows = page(client.get("/young-people?q=lamb")).select("tbody tr")
    assert [r.select("td")[1].get_text(strip=True) for r in rows] == ["N-1"]
    rows = page(client.get("/young-people?q=n-1")).select("tbody tr")
    assert len(rows) == 1


def _edit_form(person, **overrides):
    data = form(
        dob=(
            str(person.date_of_birth.day),
            str(person.date_of_birth.month),
            str(person.date_of_birth.year),
        ),
        local_reference=person.local_reference,
        version=str(person.version_id),
        team_id=str(person.team_id),
        worker_id=str(person.worker_id),
    )
    for key, value in overrides.items():
        data[key] = value
    return data


def test_second_editor_is_told_and_nothing_is_overwritten(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, first_name="Ann")
    db.session.commit()
    client = sign_in(world.worker)
    stale = _edit_form(person, first_name="From the first editor")
    fresh = _edit_form(person, first_name="From the second editor")
    assert client.post(f"/young-people/{person.id}/edit", data=fresh).status_code == 302
    response = client.post(f"/young-people/{person.id}/edit", data=stale)
    assert response.status_code == 200
    assert "Someone else changed this record" in page(response).get_text()
    # The user's own input is kept on the form.
    assert page(response).select_one("#first_name")["value"] == "From the first editor"
    db.session.expire_all()
    assert db.session.get(YoungPerson, person.id).first_name == "From the second editor"


def test_moving_a_record_on_its_form_is_audited_as_a_reallocation(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, first_name="Ann")
    client = sign_in(world.manager)
    moved = _edit_form(person, team_id=str(world.south.id), worker_id=str(world.worker2.id))
    assert client.post(f"/young-people/{person.id}/edit", data=moved).status_code == 302
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "reallocate"))
    assert event.detail == (
        f"from North team / {world.worker.name} to South team / {world.worker2.name}: "
        "changed on the record"
    )
    assert db.session.get(YoungPerson, person.id).worker_id == world.worker2.id


def test_the_records_list_finds_people_as_the_caseload_does(world, sign_in):
    make_person(
        team=world.north,
        worker=world.worker,
        first_name="Josephine",
        last_name="Clarke",
        preferred_name="Jojo",
    )
    client = sign_in(world.worker)
    for term in ("jojo clarke", "josephine clarke", "JOJO"):
        rows = page(client.get(f"/young-people?q={term}")).select("tbody tr")
        caseload = page(client.get(f"/caseload?q={term}")).select("table.app-caseload tbody tr")
        assert (len(rows), len(caseload)) == (1, 1), term


def test_forms_do_not_bind_fields_outside_the_allowlist(world, sign_in):
    person = make_person(team=world.north, worker=world.worker)
    db.session.commit()
    data = _edit_form(person, id="999", framework_version_id="999")
    sign_in(world.worker).post(f"/young-people/{person.id}/edit", data=data)
    db.session.expire_all()
    assert db.session.get(YoungPerson, person.id).framework_version_id != 999


@time_machine.travel(date(2026, 11, 28))
def test_the_same_new_record_sent_twice_makes_one_record(world, sign_in):
    client = sign_in(world.worker)
    data = form(worker_id=str(world.worker.id))
    first = client.post("/young-people/new", data=data)
    # Sent again (a double click): not refused for its local reference, and no second record.
    second = client.post("/young-people/new", data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert len(db.session.scalars(select(YoungPerson)).all()) == 1


def test_the_same_name_and_birthday_later_is_checked_as_a_new_record(world, sign_in):
    with time_machine.travel(datetime(2026, 11, 28, 10, tzinfo=UTC), tick=False):
        client = sign_in(world.worker)
        assert client.post("/young-people/new", data=form()).status_code == 302
    with time_machine.travel(datetime(2026, 11, 28, 10, 11, tzinfo=UTC), tick=False):
        client = sign_in(world.worker)
        again = client.post("/young-people/new", data=form())
        assert "already has this local reference" in page(again).get_text()
        other = client.post("/young-people/new", data=form(local_reference="NEW-002"))
        assert other.status_code == 302
    assert len(db.session.scalars(select(YoungPerson)).all()) == 2


def test_consent_needs_capacity_assessment_for_best_interests(world, sign_in):
    person = make_person(team=world.north, worker=world.worker)
    db.session.commit()
    data = MultiDict(
        {
            "decision": "best_interests",
            "decided_by": "best_interests",
            "capacity_assessed": "no",
        }
    )
    for part in ("1", "11", "2026"):
        data.add("decided_on", part)
    client = sign_in(world.worker)
    response = client.post(f"/young-people/{person.id}/consent", data=data)
    assert "capacity assessment" in page(response).select_one(".govuk-error-summary").get_text()
    data["capacity_assessed"] = "lacks"
    response = client.post(f"/young-people/{person.id}/consent", data=data)
    assert response.status_code == 302
    shown = page(client.get(f"/young-people/{person.id}")).select_one("#consent").find_next("dl")
    assert "Best-interests decision to share" in shown.get_text()
    # The same decision sent again is kept once.
    assert client.post(f"/young-people/{person.id}/consent", data=data).status_code == 302
    assert len(db.session.scalars(select(ConsentRecord)).all()) == 1


def test_saved_dates_show_without_leading_zeros(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=date(2011, 3, 1))
    db.session.commit()
    form_page = page(sign_in(world.worker).get(f"/young-people/{person.id}/edit"))
    assert form_page.select_one("#date_of_birth-day")["value"] == "1"
    assert form_page.select_one("#date_of_birth-month")["value"] == "3"
    assert form_page.select_one("#date_of_birth-year")["value"] == "2011"
