"""The people around a young person: recorded, changed, handed over, kept to scope."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from tests.conftest import page
from tests.integration.test_handovers import _person, _send, _start
from transition.extensions import db
from transition.models import AuditEvent, Contact, Handover, YoungPerson
from transition.pathway.dates import add_age

GP = {
    "kind": "gp_practice",
    "name": "Riverside Medical Practice",
    "phone": "01632 960001",
    "email": "riverside@example.org",
    "address": "1 Riverside Road\nExampletown",
    "may_contact": "yes",
    "preferred_method": "phone",
}


def _add(client, person, **fields) -> None:
    response = client.post(f"/young-people/{person.id}/contacts/new", data={**GP, **fields})
    assert response.status_code == 302, page(response).select_one("main").get_text(" ")


def _contacts_text(client, person) -> str:
    response = client.get(f"/young-people/{person.id}/contacts")
    assert response.status_code == 200
    return page(response).select_one("main").get_text(" ")


def test_a_worker_adds_a_gp_and_a_parent_and_sees_them(world, sign_in, today):
    person = _person(world, today, consent=None)
    client = sign_in(world.worker)
    record = page(client.get(f"/young-people/{person.id}"))
    assert record.find("a", string="Contacts")["href"] == f"/young-people/{person.id}/contacts"

    _add(client, person)
    _add(
        client,
        person,
        kind="parent_carer",
        name="Ruth Example",
        parental_responsibility="y",
        phone="07700 900123",
        email="",
        address="",
        may_contact="no",
        preferred_method="",
        contact_notes="Speak to the young person first",
    )
    text = _contacts_text(client, person)
    assert "Riverside Medical Practice – GP practice" in text
    assert "01632 960001" in text and "riverside@example.org" in text
    assert "Ruth Example – Parent or carer (with parental responsibility)" in text
    assert "Do not contact: Speak to the young person first" in text
    added = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == "contact")
    ).all()
    assert added == ["add_contact", "add_contact"]


def test_bad_contact_details_get_gov_uk_messages(world, sign_in, today):
    person = _person(world, today, consent=None)
    client = sign_in(world.worker)
    response = client.post(
        f"/young-people/{person.id}/contacts/new",
        data={"name": " ", "phone": "call me", "email": "not-an-email", "may_contact": "yes"},
    )
    assert response.status_code == 200
    errors = page(response).select_one(".govuk-error-summary").get_text(" ")
    assert "Select who they are" in errors
    assert "Enter a name" in errors
    assert "Enter a phone number" in errors
    assert "Enter an email address in the correct format" in errors
    assert db.session.scalar(select(Contact.id)) is None


def test_change_and_remove_a_contact(world, sign_in, today):
    person = _person(world, today, consent=None)
    client = sign_in(world.worker)
    _add(client, person)
    contact = db.session.scalar(select(Contact))
    form = page(client.get(f"/young-people/{person.id}/contacts/{contact.id}/edit"))
    version = form.select_one("input[name=version]")["value"]
    response = client.post(
        f"/young-people/{person.id}/contacts/{contact.id}/edit",
        data={**GP, "phone": "01632 960999", "version": version},
    )
    assert response.status_code == 302
    assert "01632 960999" in _contacts_text(client, person)
    # A stale save is refused.
    response = client.post(
        f"/young-people/{person.id}/contacts/{contact.id}/edit",
        data={**GP, "phone": "01632 960555", "version": version},
    )
    assert "Someone else changed these details" in page(response).get_text(" ")
    # A bare post removes nothing; the button's form does.
    client.post(f"/young-people/{person.id}/contacts/{contact.id}/remove")
    assert db.session.get(Contact, contact.id) is not None
    client.post(f"/young-people/{person.id}/contacts/{contact.id}/remove", data={"confirm": "yes"})
    db.session.expire_all()
    assert db.session.scalar(select(Contact.id)) is None


def test_their_own_contact_details(world, sign_in, today):
    person = _person(world, today, consent=None)
    client = sign_in(world.worker)
    form = page(client.get(f"/young-people/{person.id}/contact-details"))
    response = client.post(
        f"/young-people/{person.id}/contact-details",
        data={
            "version": form.select_one("input[name=version]")["value"],
            "phone": "07700 900456",
            "preferred_method": "text_message",
            "contact_notes": "A text the day before",
        },
    )
    assert response.status_code == 302
    text = _contacts_text(client, person)
    assert "07700 900456" in text
    assert "Text message. A text the day before" in text
    assert db.session.get(YoungPerson, person.id).preferred_contact_method == "text_message"


def test_contacts_go_in_the_handover_summary(world, sign_in, today):
    person = _person(world, today)
    client = sign_in(world.worker)
    _add(client, person)
    handover_id = _start(client, world, person)
    assert _send(client, handover_id).status_code == 302

    client = sign_in(world.adult_social_care)
    summary = page(client.get(f"/handovers/{handover_id}")).select_one("main").get_text(" ")
    assert "Riverside Medical Practice – GP practice" in summary
    assert "01632 960001" in summary


def test_contacts_are_out_of_reach_outside_scope(world, sign_in, today):
    person = _person(world, today, consent=None)
    client = sign_in(world.worker)
    _add(client, person)
    contact = db.session.scalar(select(Contact))
    for user in (world.worker2, world.adult_health, world.young_person_user(person)):
        client = sign_in(user)
        response = client.get(f"/young-people/{person.id}/contacts")
        assert response.status_code in (403, 404)
        assert "Riverside" not in response.get_data(as_text=True)
    client = sign_in(world.worker2)
    response = client.post(
        f"/young-people/{person.id}/contacts/{contact.id}/edit", data={**GP, "name": "Hacked"}
    )
    assert response.status_code == 404
    assert db.session.get(Contact, contact.id).name == "Riverside Medical Practice"

    # The adult team reads them once it has accepted a handover, but cannot change them.
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
    client = sign_in(world.adult_social_care)
    assert "Riverside" in _contacts_text(client, person)
    page_ = page(client.get(f"/young-people/{person.id}/contacts"))
    assert page_.find("a", string="Add a contact") is None
    assert client.get(f"/young-people/{person.id}/contacts/new").status_code == 403


def test_the_meeting_form_offers_the_people_around_them(world, sign_in, today):
    person = _person(world, today, consent=None)
    client = sign_in(world.worker)
    _add(client, person)
    _add(client, person, name="Kept Away", kind="parent_carer", may_contact="no")
    form = page(client.get(f"/young-people/{person.id}/meetings/new"))
    hint = form.select_one("#invitees-hint").get_text(" ")
    assert "Riverside Medical Practice (GP practice)" in hint
    assert "Kept Away" not in hint
