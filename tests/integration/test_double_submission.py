"""Six identical sends of each creating form at once make one record (SECURITY.md, Reliability).

Each send runs in its own thread with its own database session, as a threaded server
would run them. On SQLite the write lock serialises them; run with TEST_DATABASE_URL
to prove it on PostgreSQL, where they really do overlap.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import page
from tests.factories import make_person
from tests.forms import form_values
from transition.extensions import db
from transition.models import (
    ConsentRecord,
    FormSubmission,
    Handover,
    Meeting,
    Milestone,
    MilestoneEvidence,
    YoungPerson,
)
from transition.pathway.dates import add_age

SENDS = 6


def _boxes(day: date) -> tuple[str, str, str]:
    return str(day.day), str(day.month), str(day.year)


def _problems(response) -> str:
    summary = page(response).select_one(".govuk-error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


def send_at_once(app, client, path: str, data, *, sends: int = SENDS) -> list[tuple[int, str]]:
    """POST the same form `sends` times at the same moment, each from its own thread."""
    cookie = client.get_cookie("session", domain="localhost").value
    barrier = threading.Barrier(sends)
    results: list = [None] * sends

    def send(index: int) -> None:
        other = app.test_client()
        other.set_cookie("session", cookie, domain="localhost")
        barrier.wait()
        with app.app_context():  # its own database session, as in a threaded server
            try:
                response = other.post(path, data=data)
                where = response.headers.get("Location") or _problems(response)
                results[index] = (response.status_code, where)
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                results[index] = (0, repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(sends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.session.commit()  # end this session's read snapshot: see what the sends wrote
    return results


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _all_land_on_one_place(results) -> str:
    assert {status for status, _ in results} == {302}, results
    places = {location for _, location in results}
    assert len(places) == 1, results
    return places.pop()


@pytest.fixture
def person(world):
    person = make_person(team=world.north, worker=world.worker, dob=date.today() - timedelta(5900))
    db.session.commit()
    return person


def test_a_new_record_sent_six_times_at_once_is_made_once(app, world, sign_in):
    client = sign_in(world.worker)
    data = form_values(
        client.get("/young-people/new").get_data(as_text=True),
        first_name="Ishaan",
        last_name="Varma",
        local_reference="TWICE-001",
        date_of_birth=_boxes(date.today() - timedelta(days=16 * 365)),
        has_ehc_plan="no",
        capacity_status="presumed",
        care_act_assessment="not_started",
        chc_status="not_needed",
    )
    place = _all_land_on_one_place(send_at_once(app, client, "/young-people/new", data))
    people = db.session.scalars(select(YoungPerson).where(YoungPerson.last_name == "Varma")).all()
    assert len(people) == 1
    assert place.endswith(f"/young-people/{people[0].id}")
    assert _count(FormSubmission) == 1


def test_one_reference_sent_from_two_forms_at_once_makes_one_record_and_a_message(
    app, world, sign_in
):
    """Two different forms (two keys) racing for one reference: one record, no 500."""
    client = sign_in(world.worker)
    html = client.get("/young-people/new").get_data(as_text=True)
    fields = {
        "first_name": "Nia",
        "last_name": "Campbell",
        "date_of_birth": _boxes(date.today() - timedelta(days=16 * 365)),
        "has_ehc_plan": "no",
        "capacity_status": "presumed",
        "care_act_assessment": "not_started",
        "chc_status": "not_needed",
    }
    first = form_values(html, local_reference="race-7", **fields)
    second = form_values(
        client.get("/young-people/new").get_data(as_text=True), local_reference="RACE-7", **fields
    )
    assert first["submission_key"] != second["submission_key"]
    results: list = []
    cookie = client.get_cookie("session", domain="localhost").value
    barrier = threading.Barrier(2)

    def send(data):
        other = app.test_client()
        other.set_cookie("session", cookie, domain="localhost")
        barrier.wait()
        with app.app_context():
            response = other.post("/young-people/new", data=data)
            results.append((response.status_code, response.get_data(as_text=True)))
            db.session.remove()

    threads = [threading.Thread(target=send, args=(d,)) for d in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.session.commit()  # end this session's read snapshot: see what the sends wrote
    assert sorted(status for status, _ in results) == [200, 302]
    refused = next(body for status, body in results if status == 200)
    assert "Another young person already has this local reference" in refused
    assert _count(YoungPerson, YoungPerson.last_name == "Campbell") == 1


def test_a_meeting_sent_six_times_at_once_is_scheduled_once(app, world, sign_in, person):
    client = sign_in(world.worker)
    path = f"/young-people/{person.id}/meetings/new"
    data = form_values(
        client.get(path).get_data(as_text=True),
        kind="annual_review",
        day=_boxes(date.today() + timedelta(days=20)),
        start_time="10:00",
        end_time="11:00",
        location="Meadow School, room 4",
    )
    _all_land_on_one_place(send_at_once(app, client, path, data))
    assert _count(Meeting, Meeting.young_person_id == person.id) == 1


def test_evidence_sent_six_times_at_once_is_noted_once(app, world, sign_in, person):
    client = sign_in(world.worker)
    milestone = db.session.scalars(
        select(Milestone).where(Milestone.young_person_id == person.id).order_by(Milestone.id)
    ).first()
    path = f"/young-people/{person.id}/milestones/{milestone.id}/evidence"
    data = form_values(
        client.get(path).get_data(as_text=True),
        text="Talked about college courses with Mum",
        evidence_date=_boxes(date.today()),
    )
    _all_land_on_one_place(send_at_once(app, client, path, data))
    assert _count(MilestoneEvidence, MilestoneEvidence.milestone_id == milestone.id) == 1


def test_a_custom_milestone_sent_six_times_at_once_is_added_once(app, world, sign_in, person):
    client = sign_in(world.worker)
    path = f"/young-people/{person.id}/milestones/new"
    data = form_values(
        client.get(path).get_data(as_text=True),
        area="employment",
        title="Try a Saturday job",
        due_on=_boxes(date.today() + timedelta(days=60)),
    )
    _all_land_on_one_place(send_at_once(app, client, path, data))
    assert _count(Milestone, Milestone.title == "Try a Saturday job") == 1


def test_a_consent_decision_sent_six_times_at_once_is_recorded_once(app, world, sign_in, person):
    client = sign_in(world.worker)
    path = f"/young-people/{person.id}/consent"
    data = form_values(
        client.get(path).get_data(as_text=True),
        decision="given",
        decided_by="young_person",
        capacity_assessed="no",
        decided_on=_boxes(date.today()),
    )
    _all_land_on_one_place(send_at_once(app, client, path, data))
    assert _count(ConsentRecord, ConsentRecord.young_person_id == person.id) == 1


def test_a_handover_sent_six_times_at_once_is_started_once(app, world, sign_in, person):
    client = sign_in(world.worker)
    path = f"/young-people/{person.id}/handovers/new"
    data = form_values(
        client.get(path).get_data(as_text=True),
        team_id=str(world.social_care.id),
        target_date=_boxes(add_age(person.date_of_birth, 18)),
    )
    _all_land_on_one_place(send_at_once(app, client, path, data))
    assert _count(Handover, Handover.young_person_id == person.id) == 1


def test_the_database_refuses_a_second_open_handover_to_one_team(app, world, person):
    """The rule holds even for a write that skips the service's own check."""
    from sqlalchemy.exc import IntegrityError

    for _ in range(2):
        db.session.add(
            Handover(
                young_person_id=person.id,
                team_id=world.social_care.id,
                state="draft",
                target_date=date.today(),
            )
        )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_reference_in_another_case_is_taken_on_the_form(world, sign_in, person):
    client = sign_in(world.worker)
    data = form_values(
        client.get("/young-people/new").get_data(as_text=True),
        first_name="Other",
        last_name="Child",
        local_reference=person.local_reference.lower(),
        date_of_birth=_boxes(date.today() - timedelta(days=16 * 365)),
        has_ehc_plan="no",
        capacity_status="presumed",
        care_act_assessment="not_started",
        chc_status="not_needed",
    )
    response = client.post("/young-people/new", data=data)
    assert response.status_code == 200
    assert "Another young person already has this local reference" in page(response).get_text()
    assert _count(YoungPerson, YoungPerson.last_name == "Child") == 0
