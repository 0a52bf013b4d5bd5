"""My voice: the young person's own words, a worker's note of them, and parents' views."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.factories import make_person, make_user
from tests.helpers import page
from transition.extensions import db
from transition.models import AuditEvent, VoiceEntry


@pytest.fixture
def jojo(world):
    person = make_person(
        team=world.north, worker=world.worker, preferred_name="Jojo", marker="JOJOMARKER"
    )
    db.session.commit()
    return person


def _entries() -> list[VoiceEntry]:
    return list(db.session.scalars(select(VoiceEntry).order_by(VoiceEntry.id)))


def _their_voice(soup) -> str:
    heading = soup.select_one("#their-voice")
    return heading.find_next("dl").get_text(" ", strip=True)


def test_young_person_writes_a_goal_that_their_worker_then_sees(world, sign_in, jojo):
    client = sign_in(world.young_person_user(jojo))
    pathway = page(client.get("/my-pathway"))
    write = pathway.select_one("#area-employment").find_next("a")
    assert write["href"] == "/my-pathway/voice/goal-work-and-learning"
    form = page(client.get(write["href"]))
    assert form.h1.get_text(strip=True) == "My goal for work and learning"
    assert "Write it in your own words." in form.select_one(".govuk-hint").get_text()
    assert form.select_one(".govuk-hint span") is not None  # markup, not escaped text
    assert form.select_one(".govuk-character-count[data-maxlength='2000']") is not None

    response = client.post(write["href"], data={"text": "I want to work with animals"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/my-pathway/voice"
    [entry] = _entries()
    assert (entry.kind, entry.area, entry.author_role, entry.on_behalf) == (
        "goal",
        "employment",
        "young_person",
        False,
    )
    mine = page(client.get("/my-pathway"))
    assert (
        "I want to work with animals"
        in mine.select_one("section[aria-labelledby='area-employment']").get_text()
    )

    record = page(sign_in(world.worker).get(f"/young-people/{jojo.id}"))
    text = _their_voice(record)
    assert "Their goal for work and learning" in text
    assert "I want to work with animals" in text
    assert "Jojo" in text
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "add_voice"))
    assert audit.young_person_id == jojo.id
    assert "animals" not in (audit.detail or "")  # the audit log holds no contents


def test_saving_again_keeps_the_old_words(world, sign_in, jojo):
    client = sign_in(world.young_person_user(jojo))
    client.post("/my-pathway/voice/what-matters", data={"text": "My dog Biscuit"})
    again = page(client.get("/my-pathway/voice/what-matters"))
    assert again.select_one("textarea").get_text() == "My dog Biscuit"
    client.post("/my-pathway/voice/what-matters", data={"text": "My dog and my gran"})
    assert [e.text for e in _entries()] == ["My dog Biscuit", "My dog and my gran"]
    soup = page(client.get("/my-pathway/voice"))
    current = soup.select_one("section[aria-labelledby='topic-what-matters']").get_text()
    assert "My dog and my gran" in current and "Biscuit" not in current
    rows = soup.select("#history ~ div table tbody tr")
    assert [r.select("td")[3].get_text(strip=True) for r in rows] == [
        "My dog and my gran",
        "My dog Biscuit",
    ]
    assert all(r.select("td")[1].get_text(strip=True) == "You" for r in rows)


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "Write something before you save"), ("x" * 2001, "Write 2,000 characters or fewer")],
)
def test_bad_text_is_refused_and_nothing_saved(world, sign_in, jojo, text, message):
    client = sign_in(world.young_person_user(jojo))
    response = client.post("/my-pathway/voice/before-my-review", data={"text": text})
    assert response.status_code == 200
    soup = page(response)
    assert message in soup.select_one(".govuk-error-summary").get_text()
    assert soup.title.get_text().startswith("Error: ")
    assert _entries() == []


def test_unknown_topics_are_not_found(world, sign_in, jojo):
    client = sign_in(world.young_person_user(jojo))
    assert client.get("/my-pathway/voice/nonsense").status_code == 404
    assert client.post("/my-pathway/voice/parent-views", data={"text": "x"}).status_code == 404
    assert _entries() == []


def test_worker_records_on_their_behalf(world, sign_in, jojo):
    client = sign_in(world.worker)
    record = page(client.get(f"/young-people/{jojo.id}"))
    link = record.find("a", href=f"/young-people/{jojo.id}/voice")
    assert link is not None
    missing = client.post(f"/young-people/{jojo.id}/voice", data={"text": "Swimming"})
    assert (
        "Select what they told you about"
        in page(missing).select_one(".govuk-error-summary").get_text()
    )
    saved = client.post(
        f"/young-people/{jojo.id}/voice", data={"topic": "goal-being-healthy", "text": "Swimming"}
    )
    assert saved.status_code == 302
    [entry] = _entries()
    assert entry.on_behalf and entry.author_id == world.worker.id
    record = page(client.get(f"/young-people/{jojo.id}"))
    assert f"Written by {world.worker.name} for Jojo" in _their_voice(record)

    young = sign_in(world.young_person_user(jojo))
    soup = page(young.get("/my-pathway/voice"))
    section = soup.select_one("section[aria-labelledby='topic-goal-being-healthy']").get_text()
    assert f"Written by {world.worker.name} for you" in section


def test_parent_adds_views_marked_as_theirs(world, sign_in, jojo):
    parent = make_user("parent_carer", young_person_id=jojo.id, name="Pat Parent")
    db.session.commit()
    client = sign_in(parent)
    soup = page(client.get("/my-pathway/voice"))
    assert soup.find("a", href="/my-pathway/voice/parent-views") is not None
    assert client.get("/my-pathway/voice/what-matters").status_code == 404
    client.post("/my-pathway/voice/parent-views", data={"text": "Jojo loves routine"})
    [entry] = _entries()
    assert (entry.kind, entry.author_role, entry.on_behalf) == (
        "parent_views",
        "parent_carer",
        False,
    )

    young = sign_in(world.young_person_user(jojo))
    text = page(young.get("/my-pathway/voice")).get_text(" ", strip=True)
    assert "Jojo loves routine" in text
    assert "Your parent or carer wrote this" in text
    assert "Pat Parent" not in text

    record = page(sign_in(world.worker).get(f"/young-people/{jojo.id}"))
    assert "Pat Parent (parent or carer)" in _their_voice(record)


def test_voice_pages_are_refused_outside_scope(world, sign_in, jojo):
    other = make_person(team=world.north, worker=world.worker)
    db.session.commit()
    for user in (world.worker2, world.young_person_user(other)):
        client = sign_in(user)
        for response in (
            client.get(f"/young-people/{jojo.id}/voice"),
            client.post(
                f"/young-people/{jojo.id}/voice", data={"topic": "what-matters", "text": "x"}
            ),
        ):
            assert response.status_code in (403, 404)
            assert "JOJOMARKER" not in response.get_data(as_text=True)
    adult = sign_in(world.adult_social_care).get(f"/young-people/{jojo.id}/voice")
    assert adult.status_code == 403
    assert db.session.scalar(select(func.count(VoiceEntry.id))) == 0


def test_the_same_words_sent_twice_are_kept_once(world, sign_in, jojo):
    client = sign_in(world.young_person_user(jojo))
    for _ in range(2):
        response = client.post("/my-pathway/voice/what-matters", data={"text": "My dog"})
        assert response.status_code == 302
    assert [e.text for e in _entries()] == ["My dog"]
