"""Documents: the same tests against local disk and a real S3-compatible server (moto).

The S3 server is moto in server mode on 127.0.0.1, reached through boto3 over HTTP,
exactly as the service reaches any S3-compatible store with `S3_ENDPOINT_URL`.
"""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, datetime

import boto3
import pytest
from moto.server import ThreadedMotoServer
from sqlalchemy import select

from tests.conftest import page
from tests.integration.test_handovers import _date_fields, _person, _send, _start
from transition.extensions import db
from transition.models import AuditEvent, Document, Handover
from transition.pathway.dates import add_age
from transition.services import storage
from transition.services.demo import small_pdf
from transition.services.documents import DocumentProblem, check_file

PDF = small_pdf("EHC plan", ["Section A", "A fictional plan"])
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(params=["local", "s3"])
def document_store(request, app, tmp_path, monkeypatch):
    """The app's store, swapped for this test: a fresh folder or a fresh bucket."""
    if request.param == "local":
        store = storage.store_from_settings(str(tmp_path / "documents"), None)
    else:
        endpoint = request.getfixturevalue("s3_server")
        for name, value in (
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_DEFAULT_REGION", "eu-west-2"),
        ):
            monkeypatch.setenv(name, value)
        bucket = f"documents-{uuid.uuid4().hex[:16]}"
        client = boto3.client("s3", endpoint_url=endpoint)
        client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
        )
        store = storage.store_from_settings(f"s3://{bucket}/council/documents", endpoint)
    monkeypatch.setitem(app.extensions, "document_store", store)
    return store


def _upload(client, person, content: bytes, filename: str = "plan.pdf", **fields):
    data = {
        "file": (io.BytesIO(content), filename),
        "title": "EHC plan after the Year 9 review",
        "kind": "ehc_plan",
        "document_date": _date_fields(datetime.now(UTC).date()),
    }
    data.update(fields)
    return client.post(
        f"/young-people/{person.id}/documents/new",
        data=data,
        content_type="multipart/form-data",
    )


def _document(title: str = "EHC plan after the Year 9 review") -> Document:
    return db.session.scalar(select(Document).where(Document.title == title))


def test_upload_then_download_through_the_access_rules(world, sign_in, today, document_store):
    person = _person(world, today, consent=None)
    client = sign_in(world.worker)
    response = _upload(client, person, PDF, filename="Jojo's plan (final).PDF")
    assert response.status_code == 302, page(response).select_one("main").get_text(" ")
    document = _document()
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    # Stored under a random key, never the name the user gave it.
    assert "plan" not in document.storage_key and len(document.storage_key) == 32
    assert document_store.get(document.storage_key) == PDF

    listing = page(client.get(f"/young-people/{person.id}/documents"))
    link = listing.find("a", href=f"/young-people/{person.id}/documents/{document.id}")
    assert "EHC plan after the Year 9 review" in link.get_text()
    download = client.get(link["href"])
    assert download.status_code == 200
    assert download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"] == 'attachment; filename="Jojos-plan-final.pdf"'
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    audited = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == "document")
    ).all()
    assert audited == ["upload_document", "download_document"]

    for outsider in (world.worker2, world.adult_health):
        client = sign_in(outsider)
        response = client.get(f"/young-people/{person.id}/documents/{document.id}")
        assert response.status_code in (403, 404)
        assert PDF not in response.data
    refused = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.object_type == "young_person",
            AuditEvent.outcome == "refused",
            AuditEvent.young_person_id == person.id,
        )
    )
    assert refused is not None


def test_the_type_comes_from_the_content_not_the_name(world, sign_in, today, document_store):
    person = _person(world, today, consent=None)
    client = sign_in(world.worker)
    # An HTML page named as a PDF is refused; a PNG named .pdf is kept as a PNG.
    response = _upload(client, person, b"<html><script>alert(1)</script></html>")
    assert response.status_code == 200
    errors = page(response).select_one(".govuk-error-summary").get_text(" ")
    assert "must be a PDF, Word document, JPG or PNG" in errors
    assert _document() is None
    response = _upload(client, person, PNG, filename="scan.pdf")
    assert response.status_code == 302
    document = _document()
    assert document.content_type == "image/png"
    download = client.get(f"/young-people/{person.id}/documents/{document.id}")
    assert download.headers["Content-Type"] == "image/png"
    assert download.headers["Content-Disposition"] == 'attachment; filename="scan.png"'


def test_empty_too_big_and_missing_files_get_messages(world, sign_in, today, document_store):
    person = _person(world, today, consent=None)
    client = sign_in(world.worker)
    response = _upload(client, person, b"")
    errors = page(response).select_one(".govuk-error-summary").get_text(" ")
    assert "The selected file is empty" in errors
    # The size rule itself (a real 10MB body is left out: the test client leaks its
    # temporary file, which warnings-as-errors would report).
    with pytest.raises(DocumentProblem, match="must be smaller than 1MB"):
        check_file(PDF + b"\x00" * 2**20, 2**20)
    response = client.post(
        f"/young-people/{person.id}/documents/new",
        data={"title": "No file", "kind": "letter"},
        content_type="multipart/form-data",
    )
    assert "Select a file" in page(response).select_one(".govuk-error-summary").get_text(" ")
    assert db.session.scalar(select(Document.id)) is None


def test_a_sensitive_document_is_kept_from_the_young_person_and_adult_team(
    world, sign_in, today, document_store
):
    person = _person(world, today, consent=None)
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
    _upload(client, person, PDF, title="SECRETDOC safeguarding plan", sensitive="y")
    _upload(client, person, PDF, title="Ordinary letter", kind="letter")
    secret, ordinary = _document("SECRETDOC safeguarding plan"), _document("Ordinary letter")

    client = sign_in(world.adult_social_care)
    listing = client.get(f"/young-people/{person.id}/documents").get_data(as_text=True)
    assert "Ordinary letter" in listing and "SECRETDOC" not in listing
    assert client.get(f"/young-people/{person.id}/documents/{secret.id}").status_code == 404

    client = sign_in(young_person)
    for url in ("/my-pathway", "/my-pathway/my-information", "/my-pathway/my-information.json"):
        assert "SECRETDOC" not in client.get(url).get_data(as_text=True), url
    download = json.loads(client.get("/my-pathway/my-information.json").get_data(as_text=True))
    assert [d["title"] for d in download["documents"]] == ["Ordinary letter"]
    assert client.get(f"/young-people/{person.id}/documents/{secret.id}").status_code == 404
    own = client.get(f"/young-people/{person.id}/documents/{ordinary.id}")
    assert own.status_code == 200 and own.data == PDF


def test_a_document_goes_with_a_handover_and_the_adult_team_downloads_it(
    world, sign_in, today, document_store
):
    person = _person(world, today)
    client = sign_in(world.worker)
    _upload(client, person, PDF)
    _upload(client, person, PDF, title="SECRETDOC", sensitive="y")
    document, secret = _document(), _document("SECRETDOC")
    form = page(client.get(f"/young-people/{person.id}/handovers/new"))
    offered = [int(box["value"]) for box in form.select("input[name=document_ids]")]
    assert offered == [document.id]
    handover_id = _start(client, world, person)
    edit = client.get(f"/handovers/{handover_id}/edit")
    response = client.post(
        f"/handovers/{handover_id}/edit",
        data={
            "version": page(edit).select_one("input[name=version]")["value"],
            "team_id": str(world.social_care.id),
            "target_date": _date_fields(add_age(person.date_of_birth, 18)),
            "sending_contact_id": str(world.worker.id),
            "document_ids": [str(document.id)],
        },
    )
    assert response.status_code == 302
    assert _send(client, handover_id).status_code == 302

    client = sign_in(world.adult_social_care)
    summary = page(client.get(f"/handovers/{handover_id}"))
    link = summary.find("a", href=f"/handovers/{handover_id}/documents/{document.id}")
    assert link is not None
    download = client.get(link["href"])
    assert download.status_code == 200 and download.data == PDF
    assert client.get(f"/handovers/{handover_id}/documents/{secret.id}").status_code == 404
    client = sign_in(world.adult_health)
    assert client.get(link["href"]).status_code == 404


def test_a_document_shows_with_milestone_evidence(world, sign_in, today, document_store):
    person = _person(world, today, consent=None)
    client = sign_in(world.worker)
    _upload(client, person, PDF)
    document = _document()
    from transition.models import Milestone

    milestone = db.session.scalar(
        select(Milestone).where(Milestone.young_person_id == person.id).limit(1)
    )
    url = f"/young-people/{person.id}/milestones/{milestone.id}"
    response = client.post(
        f"{url}/evidence",
        data={
            "text": "Plan issued",
            "evidence_date": _date_fields(today),
            "document_id": str(document.id),
        },
    )
    assert response.status_code == 302
    shown = page(client.get(url))
    assert shown.find("a", href=f"/young-people/{person.id}/documents/{document.id}") is not None
