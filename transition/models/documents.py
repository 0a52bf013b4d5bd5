"""Documents kept with a young person's record: EHC plans, assessments, letters."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, Date, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from transition.models.base import Base, Timestamped, one_of
from transition.models.users import User

DOCUMENT_KINDS = {
    "ehc_plan": "EHC plan",
    "assessment": "Assessment",
    "safeguarding_plan": "Safeguarding plan",
    "report": "Report",
    "letter": "Letter",
    "other": "Other",
}

# The documents a worker chose to send with a handover.
handover_documents = Table(
    "handover_documents",
    Base.metadata,
    Column("handover_id", ForeignKey("handovers.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Document(Timestamped, Base):
    __tablename__ = "documents"
    __table_args__ = (one_of("kind", tuple(DOCUMENT_KINDS), "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    document_date: Mapped[date] = mapped_column(Date)
    # Not for the young person, their parents or carers, or adult teams.
    sensitive: Mapped[bool] = mapped_column(default=False)
    # What the user called the file (for the download), and the type read from its content.
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # The random name it is stored under.
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    uploaded_by: Mapped[User | None] = relationship()

    @property
    def kind_label(self) -> str:
        return DOCUMENT_KINDS[self.kind]

    @property
    def size_label(self) -> str:
        if self.size < 1024 * 1024:
            return f"{max(1, round(self.size / 1024))}KB"
        return f"{self.size / (1024 * 1024):.1f}MB"

    @property
    def type_label(self) -> str:
        return {
            "application/pdf": "PDF",
            "application/msword": "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
            "image/png": "PNG image",
            "image/jpeg": "JPEG image",
        }.get(self.content_type, "File")
