"""The young person's own pathway: what they see, who else may see it, and the preview."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_person, make_user
from tests.helpers import page
from transition.extensions import db
from transition.models import AuditEvent, ConsentRecord, Meeting, Milestone, YoungPerson
from transition.pathway.dates import date_in_england
from transition.pathway.keydates import key_dates

SECTION_HEADINGS = [
    "What's next",
    "What I've done",
    "My plan",
    "What changes when I am 16, 17 and 18",
    "My next meetings",
    "Who is helping me",
    "Who can see my pathway",
    "More things I can do",
]
AREA_HEADINGS = [
    "Work and learning",
    "Living my life",
    "Friends and community",
    "Being healthy",
    "Planning my move to adult services",
]
# Old enough that the end of compulsory school age has passed: the choice is theirs.
PAST_SCHOOL_AGE = date(2007, 5, 10)


def _headings(soup, level: str) -> list[str]:
    return [h.get_text(" ", strip=True) for h in soup.select(f"main {level}")]


def _sections(soup) -> list[str]:
    """The page's section headings, after its "On this page" list."""
    headings = _headings(soup, "h2")
    return headings[headings.index("On this page") + 1 :]


def _milestones(person) -> list[Milestone]:
    return list(
        db.session.scalars(
            select(Milestone)
            .where(Milestone.young_person_id == person.id)
            .order_by(Milestone.due_on, Milestone.id)
        )
    )


@pytest.fixture
def jojo(world):
    worker = world.worker
    worker.phone = "01632 960 001"
    person = make_person(
        team=world.north, worker=worker, preferred_name="Jojo", marker="JOJOMARKER"
    )
    db.session.commit()
    return person


@pytest.fixture
def other(world):
    person = make_person(team=world.north, worker=world.worker, marker="OTHERMARKER")
    db.session.commit()
    return person


def test_young_person_sees_their_own_pathway_in_plain_words(world, sign_in, jojo):
    client = sign_in(world.young_person_user(jojo))
    response = client.get("/my-pathway")
    assert response.status_code == 200
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Hello Jojo"
    assert _sections(soup) == SECTION_HEADINGS
    assert _headings(soup, "h3")[: len(AREA_HEADINGS)] == AREA_HEADINGS
    for heading in soup.select("main h3.app-area-heading"):
        icon = heading.find("svg")
        assert icon is not None and icon["aria-hidden"] == "true"
    # Large text for the young person's reading.
    assert soup.select("main p.govuk-body-l")
    assert "EHCP" not in soup.get_text()
    assert "JOJOMARKER" not in soup.get_text()  # record details are not on this page


def test_whats_next_shows_the_next_three_by_due_date(world, sign_in, jojo):
    outstanding = [m for m in _milestones(jojo) if m.due_on is not None]
    first = outstanding[0]
    first.status = "achieved"
    first.achieved_on = date(2025, 1, 3)
    db.session.commit()
    expected = [m.plain_title or m.title for m in outstanding[1:4]]

    client = sign_in(world.young_person_user(jojo))
    soup = page(client.get("/my-pathway"))
    items = soup.select("#whats-next + p + ol > li")
    assert [li.p.get_text(strip=True) for li in items] == expected
    assert "By " in items[-1].get_text() or "was due on" in items[-1].get_text()
    done = soup.select("#done ~ ul.app-pathway-list--done > li")
    assert done[0].p.get_text(strip=True) == first.plain_title
    assert "Done on 3 January 2025" in done[0].get_text()


def test_what_ive_done_is_newest_first(world, sign_in, jojo):
    older, newer = _milestones(jojo)[:2]
    for milestone, day in ((older, date(2025, 2, 1)), (newer, date(2025, 6, 1))):
        milestone.status = "achieved"
        milestone.achieved_on = day
    db.session.commit()
    client = sign_in(world.young_person_user(jojo))
    soup = page(client.get("/my-pathway"))
    done = [li.p.get_text(strip=True) for li in soup.select("ul.app-pathway-list--done > li")]
    assert done == [newer.plain_title, older.plain_title]


def test_key_dates_worker_contact_and_meetings(world, sign_in, jojo):
    now = datetime.now(UTC)
    for kind, start, cancelled in (
        ("annual_review", now + timedelta(days=5), None),
        ("transition_review", now - timedelta(days=5), None),
        ("handover_meeting", now + timedelta(days=9), now),
    ):
        db.session.add(
            Meeting(
                young_person_id=jojo.id,
                kind=kind,
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                location="Riverside Academy",
                cancelled_at=cancelled,
            )
        )
    db.session.commit()
    client = sign_in(world.young_person_user(jojo))
    soup = page(client.get("/my-pathway"))
    text = soup.get_text(" ", strip=True)
    dates = key_dates(jojo.date_of_birth)
    assert f"You will be 16 on {dates.birthday_16.day} " in text
    assert "You will be 18 on" in text
    helping = soup.select_one("#helping").find_next_siblings("p")
    helping_text = " ".join(p.get_text(" ", strip=True) for p in helping[:5])
    assert world.worker.name in helping_text
    assert soup.select_one(f"a[href='mailto:{world.worker.email}']") is not None
    assert soup.select_one("a[href='tel:01632960001']") is not None
    meetings = soup.select("#meetings + ul > li")
    assert [m.p.get_text(strip=True) for m in meetings] == ["Meeting about your plan"]
    assert " at " in meetings[0].get_text()
    links = {a["href"] for a in soup.select("#more ~ ul a")}
    assert {"/my-pathway/voice", "/calendar", "/my-pathway/my-information"} <= links


def test_another_young_person_reaches_only_themself(world, sign_in, jojo, other):
    client = sign_in(world.young_person_user(other))
    own = client.get("/my-pathway")
    assert "JOJOMARKER" not in own.get_data(as_text=True)
    for path in (
        f"/young-people/{jojo.id}",
        f"/young-people/{jojo.id}/preview",
        f"/young-people/{jojo.id}/voice",
        f"/young-people/{jojo.id}/invite",
        f"/young-people/{jojo.id}/parent-access",
    ):
        response = client.get(path)
        assert response.status_code in (403, 404), path
        assert "JOJOMARKER" not in response.get_data(as_text=True)
        assert "Jojo" not in response.get_data(as_text=True)


def test_signed_out_visitor_is_sent_to_sign_in(client, jojo):
    for path in ("/my-pathway", "/my-pathway/voice", f"/young-people/{jojo.id}/preview"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


def test_workers_and_adult_services_have_no_my_pathway(world, sign_in, jojo):
    for user in (world.worker, world.adult_social_care):
        response = sign_in(user).get("/my-pathway")
        assert response.status_code == 403


def test_before_school_leaving_age_the_young_person_sees_their_parent_can_see(world, sign_in, jojo):
    client = sign_in(world.young_person_user(jojo))
    soup = page(client.get("/my-pathway"))
    section = soup.select_one("#parents").find_next_siblings("p")
    text = " ".join(p.get_text(" ", strip=True) for p in section[:4])
    assert "Your parent or carer can see your pathway" in text
    ecsa = key_dates(jojo.date_of_birth).end_of_compulsory_school
    assert f"From {ecsa.day} " in text
    assert soup.select_one("input[name='allow']") is None
    refused = client.post("/my-pathway/parent-access", data={"allow": "no"})
    assert refused.status_code == 403
    assert db.session.scalar(select(ConsentRecord.id)) is None


def test_parent_sees_the_pathway_until_the_young_person_says_no(world, sign_in):
    person = make_person(
        team=world.north, worker=world.worker, preferred_name="Jojo", dob=PAST_SCHOOL_AGE
    )
    parent = make_user("parent_carer", young_person_id=person.id, name="Pat Parent")
    young = world.young_person_user(person)
    db.session.commit()

    parent_client = sign_in(parent)
    before = parent_client.get("/my-pathway")
    assert before.status_code == 200
    assert page(before).h1.get_text(strip=True) == "Jojo's pathway"
    assert "My information" not in page(before).select_one("#more ~ ul").get_text()
    assert parent_client.get("/my-pathway/my-information").status_code == 403

    client = sign_in(young)
    soup = page(client.get("/my-pathway"))
    assert "Nobody has made a choice about this yet." in soup.get_text()
    assert soup.select_one("input[name='allow'][value='no']") is not None
    missing = client.post("/my-pathway/parent-access", data={})
    assert "Choose yes or no" in page(missing).select_one(".govuk-error-summary").get_text()
    saved = client.post("/my-pathway/parent-access", data={"allow": "no"})
    assert saved.status_code == 302
    assert client.post("/my-pathway/parent-access", data={"allow": "no"}).status_code == 302
    [decision] = db.session.scalars(select(ConsentRecord)).all()  # sent twice, kept once
    assert (decision.purpose, decision.decision, decision.decided_by) == (
        "parent_access",
        "refused",
        "young_person",
    )
    soup = page(client.get("/my-pathway"))
    text = soup.get_text(" ", strip=True)
    assert "Your parent or carer cannot see your pathway." in text
    assert f"You decided this on {date_in_england(datetime.now(UTC)).day} " in text

    parent_client = sign_in(parent)
    after = parent_client.get("/my-pathway")
    assert after.status_code == 403
    assert "Jojo" not in after.get_data(as_text=True)
    assert "no longer see their pathway" in page(after).h1.find_next("p").get_text()
    assert parent_client.get("/my-pathway/voice").status_code == 403

    # Saying yes again gives the access back.
    sign_in(young).post("/my-pathway/parent-access", data={"allow": "yes"})
    assert sign_in(parent).get("/my-pathway").status_code == 200


def test_a_capacity_based_decision_is_not_the_young_persons_to_change(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, dob=PAST_SCHOOL_AGE)
    young = world.young_person_user(person)
    client = sign_in(world.worker)
    bad = client.post(
        f"/young-people/{person.id}/parent-access",
        data={
            "decision": "best_interests",
            "decided_by": "best_interests",
            "capacity_assessed": "no",
            "decided_on": ["1", "9", "2026"],
        },
    )
    assert "lack capacity" in page(bad).select_one(".govuk-error-summary").get_text()
    assert db.session.scalar(select(ConsentRecord.id)) is None
    good = client.post(
        f"/young-people/{person.id}/parent-access",
        data={
            "decision": "best_interests",
            "decided_by": "best_interests",
            "capacity_assessed": "lacks",
            "decided_on": ["1", "9", "2026"],
        },
    )
    assert good.status_code == 302

    client = sign_in(young)
    soup = page(client.get("/my-pathway"))
    text = soup.get_text(" ", strip=True)
    assert "decided this on 1 September 2026" in text
    assert "This choice was made for you." in text
    assert soup.select_one("input[name='allow']") is None
    assert client.post("/my-pathway/parent-access", data={"allow": "no"}).status_code == 403


def test_worker_preview_shows_what_the_young_person_sees(world, sign_in, jojo):
    young = world.young_person_user(jojo)
    theirs = page(sign_in(young).get("/my-pathway"))

    client = sign_in(world.worker)
    record = page(client.get(f"/young-people/{jojo.id}"))
    link = record.find("a", string="See what Jojo sees")
    assert link["href"] == f"/young-people/{jojo.id}/preview"
    response = client.get(link["href"])
    assert response.status_code == 200
    preview = page(response)
    banner = preview.select_one(".govuk-notification-banner")
    assert "This is a preview of what Jojo sees" in banner.select_one("p").get_text()
    assert "&lt;" not in response.get_data(as_text=True)
    assert preview.h1.get_text(strip=True) == theirs.h1.get_text(strip=True)
    assert _sections(preview) == _sections(theirs) == SECTION_HEADINGS
    assert _headings(preview, "h3") == _headings(theirs, "h3")
    assert preview.select("main form") == []  # read only
    event = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.user_id == world.worker.id, AuditEvent.young_person_id == jojo.id)
        .order_by(AuditEvent.id.desc())
    ).first()
    assert (event.action, event.outcome) == ("view", "allowed")


def test_preview_is_refused_outside_the_workers_team(world, sign_in, jojo):
    response = sign_in(world.worker2).get(f"/young-people/{jojo.id}/preview")
    assert response.status_code == 404
    assert "JOJOMARKER" not in response.get_data(as_text=True)
    assert "Jojo" not in response.get_data(as_text=True)


def test_the_demo_young_person_journey(app, client):
    """The issue's "done when": sign in, read, write a goal the worker sees, download."""
    from transition.services import demo

    demo.load()
    db.session.commit()
    response = client.post(
        "/login", data={"email": "young.person@example.org", "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    soup = page(client.get("/", follow_redirects=True))
    assert soup.h1.get_text(strip=True) == "Hello Jojo"
    assert len(soup.select("#whats-next + p + ol > li")) == 3
    assert "I want to work with animals" in soup.get_text()
    client.post("/my-pathway/voice/goal-being-healthy", data={"text": "Swim every week"})
    data = client.get("/my-pathway/my-information.json").get_json()
    assert data["milestones"] and data["who_looked_at_your_record"]
    assert "Swim every week" in [v["text"] for v in data["your_voice"]]
    jojo = db.session.scalar(
        select(YoungPerson).where(
            YoungPerson.local_reference == data["about_you"]["local_reference"]
        )
    )

    client.post("/logout")
    client.post("/login", data={"email": "worker@example.org", "password": demo.DEMO_PASSWORD})
    record = page(client.get(f"/young-people/{jojo.id}"))
    assert "Swim every week" in record.select_one("#their-voice").find_next("dl").get_text()

    client.post("/logout")
    client.post("/login", data={"email": "parent@example.org", "password": demo.DEMO_PASSWORD})
    assert page(client.get("/my-pathway")).h1.get_text(strip=True) == "Jojo's pathway"
