"""Needs your attention: a worker's home opens with what needs them, and each item leaves
the list when it is dealt with (or is set aside with a reason, for a while)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.conftest import page
from tests.factories import make_person
from tests.integration.test_caseload import born, names_in
from tests.integration.test_handovers import _person, _sent_handover, _step
from transition.extensions import db
from transition.models import AttentionDismissal, Milestone
from transition.pathway.framework import STATUTORY


def _attention(response) -> dict[str, list[str]]:
    """Each group's heading and the 'why' of its items."""
    section = page(response).select_one("section.app-attention")
    assert section is not None
    return {
        group.select_one("h3").get_text(strip=True): [
            why.get_text(strip=True) for why in group.select(".app-attention-why")
        ]
        for group in section.select(".app-attention-group")
    }


def _counts(response) -> dict[str, int]:
    return {
        count["data-kind"]: int(count.get_text())
        for count in page(response).select(".app-attention-count")
    }


def test_home_starts_with_attention_then_the_caseload_worst_first(world, sign_in, today):
    overdue = make_person(team=world.north, worker=world.worker, dob=born(today, 17, 3))
    make_person(team=world.north, worker=world.worker, dob=born(today, 14), last_name="Aaron")
    # A young child with everything ahead of them: green.
    db.session.commit()
    response = sign_in(world.worker).get("/caseload")
    headings = [h.get_text(strip=True) for h in page(response).select("main h2")]
    assert headings[0] == "Needs your attention"
    groups = _attention(response)
    statutory = db.session.scalars(
        select(Milestone)
        .where(
            Milestone.young_person_id == overdue.id,
            Milestone.source_status.in_(tuple(STATUTORY)),
            Milestone.due_on < today,
        )
        .order_by(Milestone.due_on)
    ).all()
    assert statutory, "a 17 year old has statutory duties overdue"
    first = groups[f"Overdue duties ({_counts(response)['overdue']})"][0]
    assert first.startswith("A statutory duty")
    # The table below: red first by default.
    assert names_in(response)[0].endswith(overdue.last_name)


def test_a_question_leaves_the_list_when_answered(world, sign_in, today):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)
    _step(sign_in(world.adult_social_care), handover_id, "query", {"question": "GP?"})

    worker = sign_in(world.worker)
    response = worker.get("/caseload")
    assert _counts(response)["question"] == 1
    link = page(response).select_one("#attention-question .app-attention-actions a")
    assert link["href"] == f"/handovers/{handover_id}/answer"
    assert link.get_text(strip=True).startswith("Answer the question")

    _step(worker, handover_id, "answer", {"answer": "Dr Patel"})
    assert "question" not in _counts(worker.get("/caseload"))


def test_returned_handover_stays_until_a_new_one_is_made(world, sign_in, today):
    person = _person(world, today)
    handover_id = _sent_handover(world, sign_in, person)
    _step(sign_in(world.adult_social_care), handover_id, "return", {"reason": "Not eligible"})
    worker = sign_in(world.worker)
    groups = _attention(worker.get("/caseload"))
    assert groups["Returned handovers (1)"] == [
        "Adult Social Care returned the handover. Their reason: Not eligible"
    ]
    _sent_handover(world, sign_in, person, team=world.health)
    assert "returned" not in _counts(sign_in(world.worker).get("/caseload"))


def test_what_a_young_person_writes_shows_until_seen(world, sign_in, today):
    person = _person(world, today)
    young = sign_in(world.young_person_user(person))
    young.post("/my-pathway/voice/what-matters", data={"text": "My dog Biscuit"})

    worker = sign_in(world.worker)
    response = worker.get("/caseload")
    [why] = _attention(response)["New from young people and parents (1)"]
    who = f"{person.initials} ({person.local_reference})"
    assert why == f"{who} wrote something new: What matters to them."
    form = page(response).select_one("#attention-wrote form")
    seen = worker.post(form["action"], data={"next": "/caseload"})
    assert seen.headers["Location"] == "/caseload"
    assert "wrote" not in _counts(worker.get("/caseload"))


def test_a_newly_allocated_person_shows_for_the_new_worker(world, sign_in, today):
    person = make_person(team=world.north, worker=None, dob=born(today, 15))
    db.session.commit()
    manager = sign_in(world.manager)
    manager.post(
        "/team/reallocate",
        data={
            "people": f"{person.id}:{person.version_id}",
            "target": f"worker:{world.worker.id}",
            "reason": "New starter",
        },
    )
    response = sign_in(world.worker).get("/caseload")
    assert _attention(response)["Newly allocated to you (1)"] == [
        f"{person.initials} ({person.local_reference}) is now allocated to you."
    ]


def test_adult_decision_from_seventeen_and_a_half_and_past_eighteen(world, sign_in, today):
    soon = make_person(team=world.north, worker=world.worker, dob=born(today, 17, 8))
    past = make_person(team=world.north, worker=world.worker, dob=born(today, 19))
    make_person(team=world.north, worker=world.worker, dob=born(today, 17, 1))
    db.session.commit()
    response = sign_in(world.worker).get("/caseload")
    items = page(response).select("#attention-adult_decision .app-attention-item")
    names = [i.select_one("a").get_text(strip=True) for i in items]
    assert names == [past.display_name, soon.display_name]
    assert items[0].select_one(".app-attention-why").get_text(strip=True).startswith("Turned 18")


def test_setting_an_item_aside_needs_a_reason_and_ends(world, sign_in, today):
    person = make_person(team=world.north, worker=world.worker, dob=born(today, 19))
    db.session.commit()
    worker = sign_in(world.worker)
    key = f"adult_decision:{person.id}"
    form = worker.get(f"/caseload/attention/set-aside?key={key}")
    assert form.status_code == 200
    refused = worker.post("/caseload/attention/set-aside", data={"key": key, "days": "7"})
    assert refused.status_code == 200
    assert "Enter why" in page(refused).select_one(".govuk-error-summary").get_text()
    done = worker.post(
        "/caseload/attention/set-aside",
        data={"key": key, "days": "7", "reason": "Deputy deciding"},
    )
    assert done.status_code == 302
    assert "adult_decision" not in _counts(worker.get("/caseload"))
    # A week later it is back.
    dismissal = db.session.scalar(select(AttentionDismissal))
    dismissal.until = today - timedelta(days=1)
    db.session.commit()
    assert _counts(worker.get("/caseload"))["adult_decision"] == 1
    # Someone else's item, or one that cannot be set aside, is not found.
    assert worker.get("/caseload/attention/set-aside?key=question:1").status_code == 404
    other = sign_in(world.worker2)
    assert other.get(f"/caseload/attention/set-aside?key={key}").status_code == 404


def test_an_empty_list_says_so(world, sign_in):
    response = sign_in(world.worker).get("/caseload")
    empty = page(response).select_one("#attention-empty")
    assert empty.get_text(strip=True).startswith("Nothing needs your attention")


def test_managers_see_unallocated_people_and_workers_over_the_caseload_size(world, sign_in, today):
    for _ in range(3):
        make_person(team=world.north, worker=world.worker, dob=born(today, 15))
    make_person(team=world.north, worker=None, dob=born(today, 15))
    db.session.commit()
    manager = sign_in(world.manager)
    assert _counts(manager.get("/team"))["unallocated"] == 1
    assert "over_limit" not in _counts(manager.get("/team"))

    bad = manager.post("/team/caseload-size", data={"team": str(world.north.id), "limit": "two"})
    assert "whole number" in page(bad).select_one(".govuk-error-summary").get_text()
    saved = manager.post("/team/caseload-size", data={"team": str(world.north.id), "limit": "2"})
    assert saved.status_code == 302
    groups = _attention(manager.get("/team"))
    assert groups["Workers over the caseload size (1)"] == [
        f"{world.worker.name} (North team) has 3 young people; the team's caseload size is 2."
    ]


def test_turned_18_sorts_after_the_soonest_birthdays(world, sign_in, today):
    for last, years, months in (("Past", 19, 0), ("Soon", 17, 10), ("Later", 16, 0)):
        make_person(
            team=world.north, worker=world.worker, dob=born(today, years, months), last_name=last
        )
    db.session.commit()
    response = sign_in(world.worker).get("/caseload?sort=days_to_18")
    assert [n.split()[-1] for n in names_in(response)] == ["Soon", "Later", "Past"]


def test_demo_homes_open_with_what_needs_each_worker(app, sign_in, today):
    from transition.models import User
    from transition.services import demo

    demo.load(today)
    db.session.commit()
    again = demo.load(today)  # safe to load twice: nothing new
    db.session.commit()
    assert again["notifications"] == 0 and again["handovers"] == 0 and again["meetings"] == 0

    def user(email):
        return db.session.scalar(select(User).where(User.email == email))

    home = sign_in(user("worker@example.org"), demo.DEMO_PASSWORD).get("/caseload")
    assert page(home).select_one("main h2").get_text(strip=True) == "Needs your attention"
    counts = _counts(home)
    for kind in ("overdue", "question", "returned", "wrote", "meeting_outcome"):
        assert counts.get(kind, 0) >= 1, kind
    groups = _attention(home)
    overdue = next(items for heading, items in groups.items() if heading.startswith("Overdue"))
    assert overdue[0].startswith("A statutory duty")

    home2 = sign_in(user("worker2@example.org"), demo.DEMO_PASSWORD).get("/caseload")
    first_row = page(home2).select_one("table.app-caseload tbody tr")
    assert "Red" in first_row.get_text()  # worst first
    red_name = first_row.select_one("td a").get_text(strip=True)
    overdue_people = [
        a.get_text(strip=True)
        for a in page(home2).select("#attention-overdue .app-attention-item > p:first-child a")
    ]
    assert red_name in overdue_people

    manager = sign_in(user("manager@example.org"), demo.DEMO_PASSWORD).get("/team")
    assert _counts(manager)["unallocated"] == 2
