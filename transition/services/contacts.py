"""The people around a young person, and the young person's own contact details.

The caller loads the person through `access.get_person` (or `get_person_to_edit`);
a contact is only ever looked up inside that person.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, select
from sqlalchemy.orm.exc import StaleDataError

from transition.extensions import db
from transition.models import Contact, YoungPerson
from transition.models.contacts import CONTACT_KINDS, CONTACT_METHODS
from transition.services import audit
from transition.services.access import NotInScope
from transition.services.audit import Actor


class StaleContact(RuntimeError):
    """Someone changed the contact (or the person) after this user opened it."""


@dataclass(frozen=True)
class ContactInput:
    kind: str
    name: str
    organisation: str | None
    parental_responsibility: bool
    phone: str | None
    email: str | None
    address: str | None
    may_contact: bool
    preferred_method: str | None
    contact_notes: str | None


@dataclass(frozen=True)
class OwnContactInput:
    phone: str | None
    email: str | None
    address: str | None
    preferred_method: str | None
    contact_notes: str | None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def contacts_for(person: YoungPerson) -> list[Contact]:
    """Family first, then the professionals, in the order of CONTACT_KINDS."""
    order = case({kind: index for index, kind in enumerate(CONTACT_KINDS)}, value=Contact.kind)
    return list(
        db.session.scalars(
            select(Contact)
            .where(Contact.young_person_id == person.id)
            .order_by(order, Contact.name, Contact.id)
        )
    )


def get_contact(actor: Actor, person: YoungPerson, contact_id: int) -> Contact:
    contact = db.session.scalar(
        select(Contact).where(Contact.id == contact_id, Contact.young_person_id == person.id)
    )
    if contact is None:
        db.session.rollback()
        audit.record(
            actor,
            "edit_contact",
            object_type="contact",
            object_id=contact_id,
            young_person_id=person.id,
            outcome="refused",
        )
        db.session.commit()
        raise NotInScope(contact_id)
    return contact


def _apply(contact: Contact, data: ContactInput) -> None:
    contact.kind = data.kind
    contact.name = data.name.strip()
    contact.organisation = _clean(data.organisation)
    contact.parental_responsibility = data.kind == "parent_carer" and data.parental_responsibility
    contact.phone = _clean(data.phone)
    contact.email = _clean(data.email)
    contact.address = _clean(data.address)
    contact.may_contact = data.may_contact
    contact.preferred_method = data.preferred_method or None
    contact.contact_notes = _clean(data.contact_notes)


def add_contact(actor: Actor, person: YoungPerson, data: ContactInput) -> Contact:
    contact = Contact(young_person_id=person.id, added_by=actor.user)
    _apply(contact, data)
    db.session.add(contact)
    db.session.flush()
    audit.record(
        actor,
        "add_contact",
        object_type="contact",
        object_id=contact.id,
        young_person_id=person.id,
        detail=CONTACT_KINDS[contact.kind],
    )
    return contact


def update_contact(
    actor: Actor, person: YoungPerson, contact: Contact, data: ContactInput, *, version: int
) -> None:
    if contact.version_id != version:
        raise StaleContact
    _apply(contact, data)
    audit.record(
        actor,
        "edit_contact",
        object_type="contact",
        object_id=contact.id,
        young_person_id=person.id,
    )
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleContact from exc


def remove_contact(actor: Actor, person: YoungPerson, contact: Contact) -> None:
    audit.record(
        actor,
        "remove_contact",
        object_type="contact",
        object_id=contact.id,
        young_person_id=person.id,
        detail=CONTACT_KINDS[contact.kind],
    )
    db.session.delete(contact)
    db.session.flush()


def update_own_details(
    actor: Actor, person: YoungPerson, data: OwnContactInput, *, version: int
) -> None:
    """The young person's own phone, email, address and how they like to be contacted."""
    if person.version_id != version:
        raise StaleContact
    person.phone = _clean(data.phone)
    person.email = _clean(data.email)
    person.address = _clean(data.address)
    person.preferred_contact_method = data.preferred_method or None
    person.contact_notes = _clean(data.contact_notes)
    audit.record(
        actor,
        "edit_own_contact",
        object_type="young_person",
        object_id=person.id,
        young_person_id=person.id,
    )
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleContact from exc


def own_contact(person: YoungPerson) -> dict:
    return {
        "phone": person.phone,
        "email": person.email,
        "address": person.address,
        "preferred_method": CONTACT_METHODS.get(person.preferred_contact_method or ""),
        "notes": person.contact_notes,
    }


def summary_contacts(person: YoungPerson) -> list[dict]:
    """The people around them, as the handover summary carries them."""
    return [
        {
            "who": contact.kind_label,
            "kind": contact.kind,
            "name": contact.name,
            "organisation": contact.organisation,
            "phone": contact.phone,
            "email": contact.email,
            "address": contact.address,
            "may_contact": contact.may_contact,
            "how_to_contact": contact.how_to_contact,
        }
        for contact in contacts_for(person)
    ]
