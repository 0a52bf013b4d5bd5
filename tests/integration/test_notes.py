"""Case notes and the chronology: writing, correcting, hiding what is sensitive, handing over."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from tests.conftest import page
from tests.factories import make_person, make_user
from tests.integration.test_handovers import _consent, _date_fields, _send, _version
from transition.extensions import db
from transition.models import AuditEvent, CaseNote, Handover, Meeting, Milestone, VoiceEntry
from transition.pathway.dates import add_age
from transition.services import pathway
from transition.services.audit import Actor


def _person(world, today: date):
    person = make_person(
        team=world.north,
        worker=world.worker,
        dob=date(today.year - 17, today.month, min(today.day, 28)),
    )
    db.session.commit()
    return person


def _note(client, person, today, **fields) -> int:
    data = {
        "kind": "phone_call",
        "happened_on": _date_fields(today),
        "with_whom": "Mum",
        "text": "Talked about the college open day.",
        "follow_up": "Send the bus timetable.",
    }
    data.update(fields)
    response = client.post(f"/young-people/{person.id}/notes/new", data=data)
    assert response.status_code == 302, page(response).select_one("main").get_text(" ")
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _chronology_text(client, person, query: str = "") -> str:
    response = client.get(f"/young-people/{person.id}/notes{query}")
    assert response.status_code == 200
    return page(response).select_one("main").get_text(" ")


def test_a_worker_writes_a_note_and_finds_it_in_the_chronology(world, sign_in, today):
    person = _person(world, today)
    client = sign_in(world.worker)
    record = page(client.get(f"/young-people/{person.id}"))
    link = record.find("a", string="Notes and chronology")
    assert link["href"] == f"/young-people/{person.id}/notes"

    note_id = _note(client, person, today)

    shown = page(client.get(f"/young-people/{person.id}/notes/{note_id}"))
    assert shown.select_one("h1").get_text(strip=True).startswith("Phone call on")
    text = shown.select_one("main").get_text(" ")
    assert "Talked about the college open day." in text
    assert "Send the bus timetable." in text
    assert "Mum" in text
    chronology = _chronology_text(client, person)
    assert "Phone call with Mum" in chronology
    assert person.local_reference in chronology
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.young_person_id == person.id)
    ).all()
    assert "add_note" in actions and "view_chronology" in actions


def test_a_note_needs_a_kind_what_happened_and_a_past_date(world, sign_in, today):
    person = _person(world, today)
    client = sign_in(world.worker)
    response = client.post(
        f"/young-people/{person.id}/notes/new",
        data={
            "happened_on": _date_fields(today + timedelta(days=2)),
            "text": "   ",
        },
    )
    assert response.status_code == 200
    summary = page(response).select_one(".govuk-error-summary").get_text(" ")
    assert "Select what kind of contact it was" in summary
    assert "Enter what happened" in summary
    assert "Date it happened must be today or in the past" in summary
    assert page(response).select_one("title").get_text().startswith("Error: ")
    assert db.session.scalar(select(CaseNote.id)) is None


def test_the_author_corrects_a_note_and_the_earlier_wording_is_kept(world, sign_in, today):
    person = _person(world, today)
    client = sign_in(world.worker)
    note_id = _note(client, person, today, text="Talked about the colege open day.")
    form = client.get(f"/young-people/{person.id}/notes/{note_id}/edit")
    assert form.status_code == 200
    response = client.post(
        f"/young-people/{person.id}/notes/{note_id}/edit",
        data={
            "version": _version(form),
            "kind": "phone_call",
            "happened_on": _date_fields(today),
            "with_whom": "Mum",
            "text": "Talked about the college open day.",
        },
    )
    assert response.status_code == 302
    shown = page(client.get(f"/young-people/{person.id}/notes/{note_id}"))
    text = shown.select_one("main").get_text(" ")
    assert "Talked about the college open day." in text
    assert "Earlier wording" in text
    assert "Talked about the colege open day." in text

    # A stale version is refused with the input kept.
    response = client.post(
        f"/young-people/{person.id}/notes/{note_id}/edit",
        data={
            "version": _version(form),
            "kind": "visit",
            "happened_on": _date_fields(today),
            "text": "My newer words",
        },
    )
    assert response.status_code == 200
    assert "Someone else changed this note" in page(response).get_text(" ")
    assert "My newer words" in page(response).select_one("textarea[name=text]").get_text()
    assert db.session.get(CaseNote, note_id).kind == "phone_call"


def test_only_the_author_may_change_a_note_and_only_for_a_day(world, sign_in, today):
    person = _person(world, today)
    colleague = make_user("worker", team=world.north)
    db.session.commit()
    client = sign_in(world.worker)
    note_id = _note(client, person, today)

    client = sign_in(colleague)
    shown = page(client.get(f"/young-people/{person.id}/notes/{note_id}"))
    assert shown.find("a", string="Change this note") is None
    response = client.post(
        f"/young-people/{person.id}/notes/{note_id}/edit",
        data={"version": "1", "kind": "visit", "happened_on": _date_fields(today), "text": "x"},
    )
    assert response.status_code == 302
    assert db.session.get(CaseNote, note_id).text == "Talked about the college open day."

    note = db.session.get(CaseNote, note_id)
    note.created_at = datetime.now(UTC) - timedelta(hours=25)
    db.session.commit()
    client = sign_in(world.worker)
    shown = page(client.get(f"/young-people/{person.id}/notes/{note_id}"))
    assert shown.find("a", string="Change this note") is None
    response = client.get(f"/young-people/{person.id}/notes/{note_id}/edit")
    assert response.status_code == 302


def test_a_sensitive_note_is_kept_from_the_young_person_and_the_adult_team(world, sign_in, today):
    person = _person(world, today)
    db.session.add(
        Handover(
            young_person=person,
            team=world.social_care,
            state="accepted",
            target_date=add_age(person.date_of_birth, 18),
            accepted_at=datetime.now(UTC),
        )
    )
    db.session.commit()
    young_person = world.young_person_user(person)
    client = sign_in(world.worker)
    secret = _note(client, person, today, text="SECRETNOTE stepfather not to know", sensitive="y")
    _note(client, person, today, text="An ordinary visit note")
    assert "SECRETNOTE" in _chronology_text(client, person)

    client = sign_in(world.adult_social_care)
    chronology = _chronology_text(client, person)
    assert "An ordinary visit note" in chronology
    assert "SECRETNOTE" not in chronology
    response = client.get(f"/young-people/{person.id}/notes/{secret}")
    assert response.status_code == 404
    assert "SECRETNOTE" not in response.get_data(as_text=True)

    client = sign_in(young_person)
    for url in ("/my-pathway", "/my-pathway/my-information", "/my-pathway/my-information.json"):
        body = client.get(url).get_data(as_text=True)
        assert "SECRETNOTE" not in body, url
    download = json.loads(client.get("/my-pathway/my-information.json").get_data(as_text=True))
    assert [n["what_happened"] for n in download["notes_about_you"]] == ["An ordinary visit note"]
    assert client.get(f"/young-people/{person.id}/notes").status_code == 403


def test_the_chronology_merges_everything_newest_first_and_filters(world, sign_in, today):
    person = _person(world, today)
    milestone = db.session.scalar(
        select(Milestone).where(Milestone.young_person_id == person.id).limit(1)
    )
    pathway.update_status(
        Actor(world.worker),
        person,
        milestone,
        status="in_progress",
        achieved_on=None,
        version=milestone.version_id,
    )
    past = datetime.now(UTC) - timedelta(days=30)
    db.session.add_all(
        [
            Meeting(
                young_person=person,
                kind="annual_review",
                starts_at=past,
                ends_at=past + timedelta(hours=1),
            ),
            VoiceEntry(
                young_person_id=person.id,
                kind="what_matters",
                text="My cat and drawing",
                author_role="young_person",
                created_at=datetime.now(UTC) - timedelta(days=2),
            ),
        ]
    )
    db.session.commit()
    client = sign_in(world.worker)
    _note(client, person, today - timedelta(days=10), text="Visited at college")

    entries = page(client.get(f"/young-people/{person.id}/notes")).select(".app-chronology__entry")
    kinds = [e["class"][1].rsplit("--", 1)[1] for e in entries]
    assert kinds == ["milestone", "voice", "note", "meeting"]
    assert "Status changed from not started to in progress" in entries[0].get_text(" ")

    only_notes = _chronology_text(client, person, "?kind=note&kind=voice")
    assert "Visited at college" in only_notes and "My cat and drawing" in only_notes
    assert "Annual review" not in only_notes
    assert "showing case notes, their own words" in only_notes


def test_chosen_notes_go_with_a_handover_and_sensitive_ones_are_never_offered(
    world, sign_in, today
):
    person = _person(world, today)
    _consent(world, person, "given")
    client = sign_in(world.worker)
    shared = _note(client, person, today, text="Shared note about the GP")
    secret = _note(client, person, today, text="SECRETNOTE safeguarding", sensitive="y")
    _note(client, person, today, text="Not chosen")

    form = page(client.get(f"/young-people/{person.id}/handovers/new"))
    offered = [int(box["value"]) for box in form.select("input[name=note_ids]")]
    assert shared in offered and secret not in offered
    data = {
        "team_id": str(world.social_care.id),
        "target_date": _date_fields(add_age(person.date_of_birth, 18)),
        "sending_contact_id": str(world.worker.id),
        "note_ids": [str(shared), str(secret)],
    }
    # A sensitive note's id sent by hand is refused, and nothing is saved.
    response = client.post(f"/young-people/{person.id}/handovers/new", data=data)
    assert response.status_code == 200
    assert db.session.scalar(select(Handover.id)) is None
    data["note_ids"] = [str(shared)]
    response = client.post(f"/young-people/{person.id}/handovers/new", data=data)
    assert response.status_code == 302
    handover_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert [n.id for n in db.session.get(Handover, handover_id).case_notes] == [shared]
    assert _send(client, handover_id).status_code == 302

    client = sign_in(world.adult_social_care)
    summary = page(client.get(f"/handovers/{handover_id}")).select_one("main").get_text(" ")
    assert "Shared note about the GP" in summary
    assert "SECRETNOTE" not in summary and "Not chosen" not in summary


def test_the_demo_has_notes_contacts_and_real_pdfs_and_loads_twice(app):
    import filetype

    from transition.models import Contact, Document
    from transition.services import demo, storage

    demo.load()
    db.session.commit()
    counts = [
        len(db.session.scalars(select(model.id)).all()) for model in (CaseNote, Contact, Document)
    ]
    again = demo.load()
    db.session.commit()
    assert (again["notes"], again["contacts"], again["documents"]) == (0, 0, 0)
    assert counts == [
        len(db.session.scalars(select(model.id)).all()) for model in (CaseNote, Contact, Document)
    ]
    assert db.session.scalar(select(CaseNote).where(CaseNote.sensitive)) is not None
    jojo_gp = db.session.scalar(
        select(Contact).where(Contact.kind == "gp_practice", Contact.name.like("Riverside%"))
    )
    assert jojo_gp is not None
    for document in db.session.scalars(select(Document)).all()[:3]:
        content = storage.current_store().get(document.storage_key)
        assert filetype.guess(content).mime == "application/pdf"
        assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
