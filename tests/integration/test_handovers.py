"""Handovers to adult services: send, inbox, accept, query, return, complete, export, scope."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import page
from tests.factories import make_person
from transition.extensions import db
from transition.models import AuditEvent, Handover, HandoverMessage
from transition.pathway.dates import add_age
from transition.services import people as people_service
from transition.services.audit import Actor
from transition.services.people import ConsentInput

MARKER = "Zqx7Marker"


def _date_fields(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def _person(world, today: date, *, consent: str | None = "given", **fields):
    """A 17 year old on the worker's caseload, with a marker in every free text."""
    person = make_person(
        team=world.north,
        worker=world.worker,
        dob=date(today.year - 17, today.month, min(today.day, 28)),
        marker=MARKER,
        **fields,
    )
    if consent:
        _consent(world, person, consent)
    db.session.commit()
    return person


def _consent(world, person, decision: str, *, lacks_capacity: bool = False, by="young_person"):
    people_service.record_consent(
        Actor(world.worker),
        person,
        ConsentInput(
            purpose="share_with_adult_services",
            decision=decision,
            decided_by=by,
            decided_on=date.today() - timedelta(days=3),
            capacity_assessed=lacks_capacity,
            lacks_capacity=lacks_capacity,
        ),
    )
    db.session.commit()


def _version(response) -> str:
    return page(response).select_one("input[name=version]")["value"]


def _start(client, world, person, *, team=None, notes: str = "Likes trains") -> int:
    response = client.post(
        f"/young-people/{person.id}/handovers/new",
        data={
            "team_id": str((team or world.social_care).id),
            "target_date": _date_fields(add_age(person.date_of_birth, 18)),
            "sending_contact_id": str(world.worker.id),
            "receiving_contact_name": "Alex Morgan",
            "worker_notes": notes,
        },
    )
    assert response.status_code == 302, page(response).select_one("main").get_text(" ")
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _send(client, handover_id: int):
    form = client.get(f"/handovers/{handover_id}/send")
    assert form.status_code == 200
    return client.post(f"/handovers/{handover_id}/send", data={"version": _version(form)})


def _sent_handover(world, sign_in, person, *, team=None) -> int:
    client = sign_in(world.worker)
    handover_id = _start(client, world, person, team=team)
    assert _send(client, handover_id).status_code == 302
    return handover_id


def _step(client, handover_id: int, step: str, data: dict):
    form = client.get(f"/handovers/{handover_id}/{step}")
    assert form.status_code == 200
    return client.post(f"/handovers/{handover_id}/{step}", data={**data, "version": _version(form)})


def _accept(client, handover_id: int, first_contact: date):
    return _step(
        client,
        handover_id,
        "accept",
        {"receiving_worker_name": "Jo Bloggs", "first_contact_on": _date_fields(first_contact)},
    )


def _state(handover_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Handover, handover_id).state


def _actions(handover_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "handover", AuditEvent.object_id == handover_id)
            .order_by(AuditEvent.at, AuditEvent.id)
        )
    )


def _errors(response) -> str:
    summary = page(response).select_one(".govuk-error-summary")
    assert summary is not None, "expected an error summary"
    return summary.get_text(" ", strip=True)


# --- The whole journey -------------------------------------------------------------------


def test_worker_sends_and_adult_social_care_accepts(world, sign_in, today):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)

    client = sign_in(world.adult_social_care)
    inbox = page(client.get("/handovers"))
    rows = inbox.select("table.govuk-table tbody tr")
    assert len(rows) == 1
    cells = [cell.get_text(" ", strip=True) for cell in rows[0].select("td")]
    assert cells[0].startswith(person.initials)
    assert cells[1] == person.local_reference
    assert cells[2] == "17"
    assert cells[5] == "Sent, waiting"
    assert person.last_name not in inbox.select_one("table").get_text()

    link = rows[0].select_one("a")["href"]
    assert link == f"/handovers/{handover_id}"
    shown = page(client.get(link))
    assert f"{MARKER} communication_needs" in shown.select_one("#summary").parent.get_text()
    assert "Likes trains" in shown.get_text()

    accepted = _accept(client, handover_id, today + timedelta(days=7))
    assert accepted.status_code == 302
    assert _state(handover_id) == "accepted"

    client = sign_in(world.worker)
    record = page(client.get(f"/young-people/{person.id}"))
    states = [cell.get_text(strip=True) for cell in record.select(".app-handover-state")]
    assert states == ["Accepted"]
    assert record.select_one(f"#handovers ~ div a[href='/handovers/{handover_id}']") is not None

    caseload = page(client.get("/caseload"))
    row = caseload.select_one(f"table.app-caseload a[href='/young-people/{person.id}']")
    row = row.find_parent("tr")
    assert "Accepted" in row.get_text(" ", strip=True)


def test_adult_health_team_cannot_open_a_handover_sent_to_social_care(world, sign_in, today):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)

    client = sign_in(world.adult_health)
    for path in (f"/handovers/{handover_id}", f"/handovers/{handover_id}.json"):
        response = client.get(path)
        assert response.status_code == 404
        assert MARKER not in response.get_data(as_text=True)
        assert person.local_reference not in response.get_data(as_text=True)
    refused = client.post(
        f"/handovers/{handover_id}/accept",
        data={"receiving_worker_name": "X", "first_contact_on": _date_fields(today)},
    )
    assert refused.status_code == 404
    assert MARKER not in refused.get_data(as_text=True)
    assert _state(handover_id) == "sent"
    assert page(client.get("/handovers")).select("table.govuk-table tbody tr") == []
    refusals = db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.object_id == handover_id,
            AuditEvent.object_type == "handover",
            AuditEvent.outcome == "refused",
        )
    )
    assert refusals == 3


@pytest.mark.parametrize("who", ["worker2", "young_person"])
def test_others_cannot_open_a_handover(world, sign_in, today, who):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)
    user = world.young_person_user(person) if who == "young_person" else world.worker2
    response = sign_in(user).get(f"/handovers/{handover_id}")
    assert response.status_code in (403, 404)
    assert MARKER not in response.get_data(as_text=True)


def test_signed_out_visitor_is_sent_to_sign_in(world, sign_in, client, today):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)
    client.post("/logout")
    for path in ("/handovers", f"/handovers/{handover_id}", f"/handovers/{handover_id}.json"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


def test_a_draft_is_not_shown_to_the_receiving_team(world, sign_in, today):
    person = _person(world, today)
    handover_id = _start(sign_in(world.worker), world, person)
    client = sign_in(world.adult_social_care)
    assert page(client.get("/handovers")).select("table.govuk-table tbody tr") == []
    response = client.get(f"/handovers/{handover_id}")
    assert response.status_code == 404
    assert MARKER not in response.get_data(as_text=True)


# --- Consent -----------------------------------------------------------------------------


def test_cannot_send_without_a_decision_about_sharing(world, sign_in, today):
    person = _person(world, today, consent=None)
    client = sign_in(world.worker)
    handover_id = _start(client, world, person)

    response = _send(client, handover_id)
    assert response.status_code == 200
    assert page(response).title.get_text().startswith("Error: ")
    assert "No decision about sharing with adult services has been recorded" in _errors(response)
    link = page(response).select_one(f"#send-problem a[href='/young-people/{person.id}/consent']")
    assert link is not None
    assert _state(handover_id) == "draft"
    assert db.session.get(Handover, handover_id).snapshot is None
    assert "handover_send" not in _actions(handover_id)


def test_refused_consent_blocks_sending(world, sign_in, today):
    person = _person(world, today, consent="refused")
    client = sign_in(world.worker)
    handover_id = _start(client, world, person)
    response = _send(client, handover_id)
    assert "Consent to share with adult services was refused" in _errors(response)
    assert _state(handover_id) == "draft"


def test_best_interests_decision_needs_a_lack_of_capacity(world, sign_in, today):
    person = _person(world, today, consent=None)
    _consent(world, person, "best_interests", by="best_interests", lacks_capacity=False)
    client = sign_in(world.worker)
    handover_id = _start(client, world, person)
    response = _send(client, handover_id)
    assert "assessed as lacking capacity" in _errors(response)
    assert _state(handover_id) == "draft"

    _consent(world, person, "best_interests", by="best_interests", lacks_capacity=True)
    assert _send(client, handover_id).status_code == 302
    assert _state(handover_id) == "sent"


def test_the_summary_sent_does_not_change_when_the_record_does(world, sign_in, today):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)

    people_service.update_person(
        Actor(world.worker),
        person,
        {"communication_needs": "Changed after sending"},
        version=person.version_id,
    )
    db.session.commit()

    for user in (world.adult_social_care, world.worker):
        shown = page(sign_in(user).get(f"/handovers/{handover_id}"))
        text = shown.select_one(".app-handover-summary").get_text()
        assert f"{MARKER} communication_needs" in text
        assert "Changed after sending" not in text
    exported = sign_in(world.adult_social_care).get(f"/handovers/{handover_id}.json").get_json()
    assert exported["summary"]["how_to_communicate"] == f"{MARKER} communication_needs"


def test_the_summary_names_them_once_and_says_what_they_like_to_be_called(world, sign_in, today):
    def name_rows(person) -> dict[str, str]:
        handover_id = _sent_handover(world, sign_in, person)
        shown = page(sign_in(world.adult_social_care).get(f"/handovers/{handover_id}"))
        rows = shown.select_one("#who-i-am").find_next("dl").select(".govuk-summary-list__row")
        found = {r.dt.get_text(strip=True): r.dd.get_text(strip=True) for r in rows}
        return {k: v for k, v in found.items() if k in ("Name", "Full name", "Likes to be called")}

    plain = _person(world, today, first_name="Ada", last_name="Mensah", preferred_name=None)
    assert name_rows(plain) == {"Name": "Ada Mensah"}
    known_as = _person(world, today, first_name="Robert", last_name="Hale", preferred_name="Bobby")
    assert name_rows(known_as) == {"Name": "Robert Hale", "Likes to be called": "Bobby"}


# --- The conversation and the decisions ----------------------------------------------------


def test_query_and_answer_make_a_thread(world, sign_in, today):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)

    adult = sign_in(world.adult_social_care)
    empty = _step(adult, handover_id, "query", {"question": "  "})
    assert empty.status_code == 200
    assert "Enter your question" in _errors(empty)
    assert _state(handover_id) == "sent"

    asked = _step(adult, handover_id, "query", {"question": "Who is the GP?"})
    assert asked.status_code == 302
    assert _state(handover_id) == "queried"

    worker = sign_in(world.worker)
    record = page(worker.get(f"/young-people/{person.id}"))
    assert [c.get_text(strip=True) for c in record.select(".app-handover-state")] == [
        "Query raised"
    ]
    answered = _step(worker, handover_id, "answer", {"answer": "Dr Patel at Riverside"})
    assert answered.status_code == 302
    assert _state(handover_id) == "sent"

    thread = page(sign_in(world.adult_social_care).get(f"/handovers/{handover_id}"))
    messages = [m.get_text(" ", strip=True) for m in thread.select(".app-handover-message")]
    assert len(messages) == 2
    assert messages[0].startswith("Question from") and "Who is the GP?" in messages[0]
    assert messages[1].startswith("Answer from") and "Dr Patel at Riverside" in messages[1]
    kinds = db.session.scalars(
        select(HandoverMessage.kind)
        .where(HandoverMessage.handover_id == handover_id)
        .order_by(HandoverMessage.created_at, HandoverMessage.id)
    ).all()
    assert kinds == ["query", "answer"]


def test_return_needs_a_reason_and_the_worker_sees_it(world, sign_in, today):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)
    adult = sign_in(world.adult_social_care)

    empty = _step(adult, handover_id, "return", {"reason": ""})
    assert "Enter why you are returning the handover" in _errors(empty)
    assert _state(handover_id) == "sent"

    returned = _step(adult, handover_id, "return", {"reason": "Not eligible yet"})
    assert returned.status_code == 302
    assert _state(handover_id) == "returned"

    shown = page(sign_in(world.worker).get(f"/handovers/{handover_id}"))
    assert "Not eligible yet" in shown.select_one(".govuk-summary-list").get_text()
    assert "handover_return" in _actions(handover_id)


def test_accepting_opens_the_record_read_only(world, sign_in, today):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)
    adult = sign_in(world.adult_social_care)

    before = adult.get(f"/young-people/{person.id}")
    assert before.status_code == 404
    assert MARKER not in before.get_data(as_text=True)

    assert _accept(adult, handover_id, today).status_code == 302
    record = adult.get(f"/young-people/{person.id}")
    assert record.status_code == 200
    assert f"{MARKER} communication_needs" in record.get_data(as_text=True)
    assert page(record).select_one(f"a[href='/young-people/{person.id}/edit']") is None
    edit = adult.get(f"/young-people/{person.id}/edit")
    assert edit.status_code in (403, 404)
    assert MARKER not in edit.get_data(as_text=True)

    other_team = sign_in(world.adult_health).get(f"/young-people/{person.id}")
    assert other_team.status_code == 404
    assert MARKER not in other_team.get_data(as_text=True)


def test_accept_needs_a_name_and_a_real_future_date(world, sign_in, today):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)
    adult = sign_in(world.adult_social_care)

    blank = _step(adult, handover_id, "accept", {"receiving_worker_name": ""})
    errors = _errors(blank)
    assert "Enter the name of the worker who will take them on" in errors
    assert "Enter a planned first contact date" in errors

    past = _accept(adult, handover_id, today - timedelta(days=1))
    assert "Planned first contact date must be today or in the future" in _errors(past)
    assert page(past).select_one("input[name=receiving_worker_name]")["value"] == "Jo Bloggs"
    assert _state(handover_id) == "sent"


def test_complete_needs_acceptance_and_first_contact(world, sign_in, today):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)
    accepted = _accept(sign_in(world.adult_social_care), handover_id, today + timedelta(days=5))
    assert accepted.status_code == 302

    worker = sign_in(world.worker)
    early = _step(worker, handover_id, "complete", {})
    assert early.status_code == 200
    assert "once the planned first contact date has passed" in _errors(early)
    assert _state(handover_id) == "accepted"

    handover = db.session.get(Handover, handover_id)
    handover.first_contact_on = today  # the first meeting has now happened
    db.session.commit()
    done = _step(worker, handover_id, "complete", {})
    assert done.status_code == 302
    assert _state(handover_id) == "completed"


# --- Export, locking, audit ---------------------------------------------------------------


def test_json_export_is_structured_and_audited(world, sign_in, today):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)
    response = sign_in(world.adult_social_care).get(f"/handovers/{handover_id}.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert data["handover"]["state"] == "sent"
    assert data["handover"]["receiving_team"] == world.social_care.name
    summary = data["summary"]
    assert summary["who_i_am"]["local_reference"] == person.local_reference
    assert summary["who_i_am"]["date_of_birth"] == person.date_of_birth.isoformat()
    assert [area["area"] for area in summary["outcomes"]][:4] == [
        "employment",
        "independent_living",
        "community",
        "health",
    ]
    assert summary["consent"]["decision"] == "given"
    assert summary["worker_notes"] == "Likes trains"
    assert summary["contacts"]["allocated_worker"]["email"] == world.worker.email
    assert _actions(handover_id)[-1] == "export"


def test_a_stale_version_is_refused_and_input_kept(world, sign_in, today):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)
    adult = sign_in(world.adult_social_care)
    form = adult.get(f"/handovers/{handover_id}/accept")
    old_version = _version(form)

    # Someone else in the team asks a question in the meantime.
    assert _step(adult, handover_id, "query", {"question": "Any allergies?"}).status_code == 302
    assert _step(sign_in(world.worker), handover_id, "answer", {"answer": "None"})

    adult = sign_in(world.adult_social_care)
    stale = adult.post(
        f"/handovers/{handover_id}/accept",
        data={
            "version": old_version,
            "receiving_worker_name": "Jo Bloggs",
            "first_contact_on": _date_fields(today),
        },
    )
    assert stale.status_code == 200
    assert "Someone else changed this handover" in _errors(stale)
    assert page(stale).select_one("input[name=receiving_worker_name]")["value"] == "Jo Bloggs"
    assert _state(handover_id) == "sent"


def test_sending_twice_sends_once(world, sign_in, today):
    person = _person(world, today)
    client = sign_in(world.worker)
    handover_id = _start(client, world, person)
    form = client.get(f"/handovers/{handover_id}/send")
    version = _version(form)
    first = client.post(f"/handovers/{handover_id}/send", data={"version": version})
    second = client.post(f"/handovers/{handover_id}/send", data={"version": version})
    assert first.status_code == 302
    assert second.status_code == 200
    assert "already been sent" in _errors(second)
    assert _actions(handover_id).count("handover_send") == 1
    assert _state(handover_id) == "sent"


def test_every_step_is_audited(world, sign_in, today):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)
    adult = sign_in(world.adult_social_care)
    _step(adult, handover_id, "query", {"question": "Who is the GP?"})
    _step(sign_in(world.worker), handover_id, "answer", {"answer": "Dr Patel"})
    _accept(sign_in(world.adult_social_care), handover_id, today)
    _step(sign_in(world.worker), handover_id, "complete", {})

    steps = [a for a in _actions(handover_id) if a.startswith("handover_")]
    assert steps == [
        "handover_create",
        "handover_send",
        "handover_query",
        "handover_answer",
        "handover_accept",
        "handover_complete",
    ]
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action.in_(steps)).order_by(AuditEvent.id)
    ).all()
    assert {event.young_person_id for event in events} == {person.id}
    assert {event.outcome for event in events} == {"allowed"}
    handover = db.session.get(Handover, handover_id)
    assert handover.sent_at and handover.accepted_at and handover.completed_at
    assert handover.sent_by_id == world.worker.id
    assert handover.accepted_by_id == world.adult_social_care.id


# --- Starting a handover -------------------------------------------------------------------


def test_start_a_handover_from_the_record(world, sign_in, today):
    person = _person(world, today)
    client = sign_in(world.worker)
    record = page(client.get(f"/young-people/{person.id}"))
    start = record.select_one(f"a[href='/young-people/{person.id}/handovers/new']")
    assert start is not None
    form = page(client.get(start["href"]))
    eighteenth = add_age(person.date_of_birth, 18)
    shown = [int(box["value"]) for box in form.select("input[name=target_date]")]
    assert shown == [eighteenth.day, eighteenth.month, eighteenth.year]


def test_bad_input_when_starting_saves_nothing(world, sign_in, today):
    person = _person(world, today)
    client = sign_in(world.worker)
    response = client.post(
        f"/young-people/{person.id}/handovers/new",
        data={
            "team_id": str(world.social_care.id),
            "target_date": _date_fields(today + timedelta(days=30)),
            "sending_contact_id": str(world.worker.id),
        },
    )
    assert response.status_code == 200
    assert "Enter why the target transfer date is not the 18th birthday" in _errors(response)

    no_team = client.post(
        f"/young-people/{person.id}/handovers/new",
        data={"team_id": "0", "target_date": ["31", "2", "2030"]},
    )
    errors = _errors(no_team)
    assert "Select the adult service to hand over to" in errors or "real date" in errors

    too_long = client.post(
        f"/young-people/{person.id}/handovers/new",
        data={
            "team_id": str(world.social_care.id),
            "target_date": _date_fields(add_age(person.date_of_birth, 18)),
            "sending_contact_id": str(world.worker.id),
            "worker_notes": "x" * 4001,
        },
    )
    assert "What else the adult team should know must be 4,000 characters or fewer" in _errors(
        too_long
    )
    assert db.session.scalar(select(func.count(Handover.id))) == 0


def test_a_different_target_date_with_a_reason_is_kept(world, sign_in, today):
    person = _person(world, today)
    client = sign_in(world.worker)
    target = today + timedelta(days=40)
    response = client.post(
        f"/young-people/{person.id}/handovers/new",
        data={
            "team_id": str(world.health.id),
            "target_date": _date_fields(target),
            "target_date_reason": "Moving to a residential college",
            "sending_contact_id": str(world.worker.id),
        },
    )
    assert response.status_code == 302
    handover = db.session.scalars(select(Handover)).one()
    assert handover.target_date == target
    assert handover.target_date_reason == "Moving to a residential college"

    again = client.post(
        f"/young-people/{person.id}/handovers/new",
        data={
            "team_id": str(world.health.id),
            "target_date": _date_fields(target),
            "target_date_reason": "Moving to a residential college",
            "sending_contact_id": str(world.worker.id),
        },
    )
    assert "already an open handover" in _errors(again)
    assert db.session.scalar(select(func.count(Handover.id))) == 1


def test_worker_of_another_team_cannot_start_a_handover(world, sign_in, today):
    person = _person(world, today)
    response = sign_in(world.worker2).get(f"/young-people/{person.id}/handovers/new")
    assert response.status_code == 404
    assert MARKER not in response.get_data(as_text=True)


# --- Lists ---------------------------------------------------------------------------------


def test_inbox_filters_by_state(world, sign_in, today):
    first = _person(world, today)
    second = _person(world, today)
    one = _sent_handover(world, sign_in, first)
    _sent_handover(world, sign_in, second)
    adult = sign_in(world.adult_social_care)
    _accept(adult, one, today)

    accepted = page(adult.get("/handovers?state=accepted"))
    rows = accepted.select("table.govuk-table tbody tr")
    assert [r.select("td")[1].get_text(strip=True) for r in rows] == [first.local_reference]
    waiting = page(adult.get("/handovers?state=sent"))
    rows = waiting.select("table.govuk-table tbody tr")
    assert [r.select("td")[1].get_text(strip=True) for r in rows] == [second.local_reference]
    assert rows[0].select("td")[4].get_text(strip=True) == "0"


def test_manager_sees_handovers_by_state_and_late_ones(world, sign_in, today):
    turns_18 = today + timedelta(days=30)
    soon = make_person(
        team=world.north,
        worker=world.worker,
        dob=date(turns_18.year - 18, turns_18.month, min(turns_18.day, 28)),
    )
    later = _person(world, today)
    _consent(world, soon, "given")
    client = sign_in(world.worker)
    late_id = _start(client, world, soon)
    _start(client, world, later)

    overview = page(sign_in(world.manager).get("/handovers/overview"))
    counts = {
        row.select_one("th").get_text(strip=True): row.select_one("td").get_text(strip=True)
        for row in overview.select("table")[0].select("tbody tr")
    }
    assert counts["Draft"] == "2"
    assert counts["Sent, waiting"] == "0"
    late_links = [a["href"] for a in overview.select("#late ~ div table a")]
    assert late_links == [f"/handovers/{late_id}"]

    drafts = page(sign_in(world.manager).get("/handovers/overview?state=draft"))
    assert len(drafts.select("#in-state ~ div table tbody tr")) == 2
