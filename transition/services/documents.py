"""Documents kept with a record: upload (type checked from the content), list, download.

The caller loads the person through `access.get_person`; documents are only looked up
inside that person, and sensitive ones only for those who may read them
(`access.sees_sensitive`). Every download is audited.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

import filetype
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from transition.extensions import db
from transition.models import Document, Handover, User, YoungPerson
from transition.services import access, audit, storage
from transition.services.access import NotInScope
from transition.services.audit import Actor

# The types a record may hold, by the type read from the file's first bytes.
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "image/png": ".png",
    "image/jpeg": ".jpg",
}


class DocumentProblem(ValueError):
    """The file cannot be kept; the message says why, in the user's words."""


@dataclass(frozen=True)
class DocumentInput:
    title: str
    kind: str
    document_date: date
    sensitive: bool


def content_type_of(data: bytes) -> str:
    """The file's real type, from its content (its name and the browser's word are ignored)."""
    kind = filetype.guess(data)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise DocumentProblem("The selected file must be a PDF, Word document, JPG or PNG")
    return kind.mime


def check_file(data: bytes, max_bytes: int) -> str:
    if not data:
        raise DocumentProblem("The selected file is empty")
    if len(data) > max_bytes:
        raise DocumentProblem(f"The selected file must be smaller than {max_bytes // 2**20}MB")
    return content_type_of(data)


def download_name(document: Document) -> str:
    """A plain ASCII file name, with the extension of the type it really is."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", document.filename)
    stem = re.sub(r"[^A-Za-z0-9 _-]+", "", stem).strip().replace(" ", "-")[:80]
    return f"{stem or f'document-{document.id}'}{ALLOWED_TYPES[document.content_type]}"


def _visible(user: User):
    if access.sees_sensitive(user):
        return Document.id.is_not(None)
    return Document.sensitive.is_(False)


def documents_for(user: User, person: YoungPerson) -> list[Document]:
    """The person's documents this user may see, newest first."""
    return list(
        db.session.scalars(
            select(Document)
            .where(Document.young_person_id == person.id, _visible(user))
            .options(selectinload(Document.uploaded_by))
            .order_by(Document.document_date.desc(), Document.id.desc())
        )
    )


def shareable_documents(person: YoungPerson) -> list[Document]:
    """Documents that may go to an adult team in a handover: never the sensitive ones."""
    return list(
        db.session.scalars(
            select(Document)
            .where(Document.young_person_id == person.id, Document.sensitive.is_(False))
            .order_by(Document.document_date.desc(), Document.id.desc())
        )
    )


def upload(
    actor: Actor,
    person: YoungPerson,
    data: DocumentInput,
    *,
    content: bytes,
    filename: str,
    max_bytes: int,
) -> Document:
    content_type = check_file(content, max_bytes)
    key = storage.new_key()
    storage.current_store().put(key, content, content_type)
    document = Document(
        young_person_id=person.id,
        title=data.title.strip(),
        kind=data.kind,
        document_date=data.document_date,
        sensitive=data.sensitive,
        filename=(filename or "document")[-255:],
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        storage_key=key,
        uploaded_by=actor.user,
    )
    db.session.add(document)
    db.session.flush()
    audit.record(
        actor,
        "upload_document",
        object_type="document",
        object_id=document.id,
        young_person_id=person.id,
        detail=document.kind_label,
    )
    return document


def _refuse(actor: Actor, document_id: int, person_id: int | None) -> NotInScope:
    db.session.rollback()
    audit.record(
        actor,
        "download_document",
        object_type="document",
        object_id=document_id,
        young_person_id=person_id,
        outcome="refused",
    )
    db.session.commit()
    return NotInScope(document_id)


def get_document(actor: Actor, person: YoungPerson, document_id: int) -> Document:
    assert actor.user is not None
    document = db.session.scalar(
        select(Document).where(
            Document.id == document_id,
            Document.young_person_id == person.id,
            _visible(actor.user),
        )
    )
    if document is None:
        raise _refuse(actor, document_id, person.id)
    return document


def get_handover_document(actor: Actor, handover: Handover, document_id: int) -> Document:
    """A document sent with a handover the actor has already reached through its scope."""
    document = next(
        (d for d in handover.documents if d.id == document_id and not d.sensitive), None
    )
    if document is None:
        raise _refuse(actor, document_id, handover.young_person_id)
    return document


def read(actor: Actor, document: Document, *, via: str | None = None) -> bytes:
    """The file's bytes, and an audit row saying who downloaded it."""
    try:
        content = storage.current_store().get(document.storage_key)
    except storage.DocumentMissing as exc:
        raise NotInScope(document.id) from exc
    audit.record(
        actor,
        "download_document",
        object_type="document",
        object_id=document.id,
        young_person_id=document.young_person_id,
        detail=via,
    )
    return content


def summary_documents(handover: Handover) -> list[dict]:
    return [
        {
            "id": document.id,
            "title": document.title,
            "kind": document.kind_label,
            "date": document.document_date.isoformat(),
            "type": document.type_label,
            "size": document.size_label,
        }
        for document in handover.documents
        if not document.sensitive
    ]
