"""The people around a young person, and how (and whether) they may be contacted."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from transition.models.base import Base, Timestamped, one_of
from transition.models.people import CONTACT_METHODS as PEOPLE_METHODS
from transition.models.users import User

CONTACT_KINDS = {
    "parent_carer": "Parent or carer",
    "gp_practice": "GP practice",
    "school_college": "School or college",
    "senco": "SENCO",
    "social_worker": "Social worker",
    "health_professional": "Health professional",
    "advocate": "Advocate",
    "employer_placement": "Employer or placement",
    "other": "Other",
}
CONTACT_METHODS = {
    "phone": "Phone",
    "text_message": "Text message",
    "email": "Email",
    "letter": "Letter",
    "in_person": "In person",
}
METHOD_VALUES = tuple(CONTACT_METHODS)
assert METHOD_VALUES == PEOPLE_METHODS


class Contact(Timestamped, Base):
    __tablename__ = "contacts"
    __table_args__ = (
        one_of("kind", tuple(CONTACT_KINDS), "kind"),
        one_of("preferred_method", METHOD_VALUES, "preferred_method"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    # Who they are to the young person.
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(200))
    # Only asked of parents and carers.
    parental_responsibility: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(Text)
    may_contact: Mapped[bool] = mapped_column(default=True)
    preferred_method: Mapped[str | None] = mapped_column(String(20))
    contact_notes: Mapped[str | None] = mapped_column(String(500))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    version_id: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version_id}

    added_by: Mapped[User | None] = relationship()

    @property
    def kind_label(self) -> str:
        label = CONTACT_KINDS[self.kind]
        if self.kind == "parent_carer":
            return label + (
                " (with parental responsibility)"
                if self.parental_responsibility
                else " (without parental responsibility)"
            )
        return label

    @property
    def how_to_contact(self) -> str:
        if not self.may_contact:
            return "Do not contact" + (f": {self.contact_notes}" if self.contact_notes else "")
        method = CONTACT_METHODS.get(self.preferred_method or "", "Any way")
        return method + (f". {self.contact_notes}" if self.contact_notes else "")
