"""My information: a young person's own data, complete for them and no one else's."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_person, make_user
from tests.helpers import page
from transition.extensions import db
from transition.models import AuditEvent, Handover, Meeting, Milestone, MilestoneEvidence


@pytest.fixture
def jojo(world):
    person = make_person(
        team=world.north, worker=world.worker, preferred_name="Jojo", marker="JOJOMARKER"
    )
    db.session.commit()
    return person


@pytest.fixture
def other(world):
    person = make_person(team=world.north, worker=world.worker, marker="OTHERMARKER")
    db.session.commit()
    return person


def _add_history(world, person) -> Milestone:
    milestone = db.session.scalars(
        select(Milestone)
        .where(Milestone.young_person_id == person.id)
        .order_by(Milestone.due_on, Milestone.id)
    ).first()
    milestone.status = "achieved"
    milestone.achieved_on = date(2025, 3, 1)
    db.session.add(
        MilestoneEvidence(
            milestone=milestone,
            text="EVIDENCEMARKER talked about college",
            evidence_date=date(2025, 3, 1),
            author=world.worker,
        )
    )
    start = datetime.now(UTC) + timedelta(days=4)
    db.session.add(
        Meeting(
            young_person_id=person.id,
            kind="annual_review",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            location="MEETINGMARKER room",
        )
    )
    db.session.add(
        Handover(
            young_person_id=person.id,
            team=world.social_care,
            state="accepted",
            target_date=date(2029, 5, 10),
            sent_at=datetime.now(UTC) - timedelta(days=9),
            sent_by=world.worker,
            accepted_at=datetime.now(UTC) - timedelta(days=2),
            accepted_by=world.adult_social_care,
            receiving_worker_name="Alex Morgan",
        )
    )
    db.session.commit()
    return milestone


def test_young_person_downloads_all_of_their_own_data(world, sign_in, jojo, other):
    milestone = _add_history(world, jojo)
    parent = make_user("parent_carer", young_person_id=jojo.id, name="Pat Parentname")
    db.session.commit()
    sign_in(world.worker).get(f"/young-people/{jojo.id}")  # a worker looks at the record
    sign_in(parent).post("/my-pathway/voice/parent-views", data={"text": "Loves routine"})
    # Another young person tries to look, and is refused.
    sign_in(world.young_person_user(other)).get(f"/young-people/{jojo.id}")

    client = sign_in(world.young_person_user(jojo))
    client.post("/my-pathway/voice/what-matters", data={"text": "VOICEMARKER my dog"})
    pathway = page(client.get("/my-pathway"))
    assert pathway.find("a", href="/my-pathway/my-information") is not None
    html = client.get("/my-pathway/my-information")
    soup = page(html)
    assert soup.h1.get_text(strip=True) == "My information"
    link = soup.find("a", href="/my-pathway/my-information.json")
    response = client.get(link["href"])
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))

    assert data["about_you"]["communication_needs"] == "JOJOMARKER communication_needs"
    assert data["about_you"]["worker_email"] == world.worker.email
    titles = [m["full_title"] for m in data["milestones"]]
    assert milestone.title in titles
    done = next(m for m in data["milestones"] if m["full_title"] == milestone.title)
    assert done["evidence"][0]["text"] == "EVIDENCEMARKER talked about college"
    assert done["evidence"][0]["recorded_by"] == world.worker.name
    assert data["meetings"][0]["location"] == "MEETINGMARKER room"
    [handover] = data["handovers"]
    assert (handover["to_team"], handover["state"], handover["accepted_by"]) == (
        "Adult Social Care",
        "Accepted",
        world.adult_social_care.name,
    )
    assert [v["text"] for v in data["your_voice"]] == ["VOICEMARKER my dog", "Loves routine"]
    assert [v["written_by"] for v in data["your_voice"]] == ["You", "Your parent or carer"]

    log = data["who_looked_at_your_record"]
    whos = {e["who"] for e in log}
    assert f"{world.worker.name} ({world.worker.email})" in whos
    assert "Your parent or carer" in whos
    assert "Someone who is not allowed to see your record" in whos
    assert any(e["action"] == "subject_access_download" for e in log)
    assert log == sorted(log, key=lambda e: e["when"], reverse=True)

    body = response.get_data(as_text=True) + html.get_data(as_text=True)
    assert "OTHERMARKER" not in body
    assert other.first_name not in body and other.last_name not in body
    assert "Pat Parentname" not in body
    assert parent.email not in body

    # The page shows the same things, readably.
    text = soup.get_text(" ", strip=True)
    for marker in ("EVIDENCEMARKER", "MEETINGMARKER", "VOICEMARKER", "Alex Morgan"):
        assert marker in text
    assert soup.select("table caption")


def test_each_download_is_audited(world, sign_in, jojo):
    client = sign_in(world.young_person_user(jojo))
    client.get("/my-pathway/my-information")
    client.get("/my-pathway/my-information.json")
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "subject_access_download")
    ).all()
    assert len(events) == 2
    assert {e.young_person_id for e in events} == {jojo.id}


def test_only_the_young_person_downloads_their_information(world, sign_in, client, jojo):
    parent = make_user("parent_carer", young_person_id=jojo.id)
    db.session.commit()
    for user in (parent, world.worker, world.manager, world.adult_social_care):
        signed_in = sign_in(user)
        for path in ("/my-pathway/my-information", "/my-pathway/my-information.json"):
            response = signed_in.get(path)
            assert response.status_code == 403
            assert "JOJOMARKER" not in response.get_data(as_text=True)
    client.post("/logout")
    response = client.get("/my-pathway/my-information.json")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert (
        db.session.scalar(
            select(AuditEvent.id).where(AuditEvent.action == "subject_access_download")
        )
        is None
    )


def test_a_young_person_without_a_record_gets_nothing(world, sign_in, jojo):
    orphan = make_user("young_person")
    db.session.commit()
    response = sign_in(orphan).get("/my-pathway/my-information.json")
    assert response.status_code == 404
    assert "JOJOMARKER" not in response.get_data(as_text=True)
