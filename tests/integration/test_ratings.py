"""Ratings people can trust, end to end: import, the record page, /team, the overview.

The worked examples behind each rule are in tests/unit/pathway; these check that every
page counts people by the same rule.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from tests.conftest import page
from tests.factories import make_person
from tests.integration.test_caseload import born, names_in
from transition.extensions import db
from transition.models import Handover, Milestone, User, YoungPerson
from transition.pathway.dates import add_age
from transition.services import demo, importer
from transition.services import pathway as pathway_service
from transition.services.audit import Actor

HEADER = "local_reference,first_name,last_name,date_of_birth,ehc_plan,team,worker_email"


def _import(world, today, *rows: str) -> dict[str, YoungPerson]:
    text = "\n".join([HEADER, *rows]).encode()
    report = importer.import_people(Actor(world.manager), text, today)
    assert report.ok, report.problems
    db.session.commit()
    return {p.local_reference: p for p in db.session.scalars(select(YoungPerson))}


def _milestones(person: YoungPerson) -> list[Milestone]:
    return list(db.session.scalars(select(Milestone).where(Milestone.young_person_id == person.id)))


def test_import_at_17_years_1_month_shows_nothing_overdue_from_before_they_joined(
    world, sign_in, today
):
    dob = born(today, 17, 1)
    people = _import(world, today, f"LATE-1,Lee,Late,{dob.isoformat()},yes,North team,")
    person = people["LATE-1"]
    assert person.joined_on == today
    summary = pathway_service.pathway_for(person, today)
    assert summary.overdue == ()
    assert summary.rating.colour in {"amber", "green"}
    assert not any("overdue" in reason for reason in summary.rating.reasons)
    catch_up = [m for m in _milestones(person) if m.code == "P00"]
    assert [m.due_on for m in catch_up] == [today + timedelta(weeks=4)]
    before = [m for m in _milestones(person) if m.before_joining]
    assert before and all(m.due_on < today for m in before)
    # The record page says so in words.
    body = page(sign_in(world.manager).get(f"/young-people/{person.id}"))
    assert "Before they joined" in body.select_one("#area-process").get_text(" ", strip=True)
    assert body.select_one("table#milestones-overdue") is None


def test_import_at_16_without_an_ehc_plan_applies_no_ehc_plan_milestone(world, sign_in, today):
    dob = born(today, 16)
    people = _import(world, today, f"NOPLAN-1,Nia,Noplan,{dob.isoformat()},no,North team,")
    person = people["NOPLAN-1"]
    ehc_codes = {"P02", "P03", "P04", "P06", "P07", "P22", "P23"}
    ehc = [m for m in _milestones(person) if m.code in ehc_codes]
    assert ehc
    assert {m.does_not_apply for m in ehc} == {"they do not have an EHC plan"}
    body = page(sign_in(world.manager).get(f"/young-people/{person.id}"))
    process = body.select_one("#area-process").get_text(" ", strip=True)
    assert "Does not apply" in process
    # A plan recorded later brings them back, with their history.
    data = {"has_ehc_plan": True}
    pathway_service_person = db.session.get(YoungPerson, person.id)
    from transition.services import people as people_service

    people_service.update_person(
        Actor(world.manager), pathway_service_person, data, version=person.version_id
    )
    db.session.commit()
    assert {m.does_not_apply for m in _milestones(person) if m.code in ehc_codes} == {None}


def test_import_at_19_with_no_handover_is_red_for_the_missing_decision(world, today):
    dob = born(today, 19)
    people = _import(world, today, f"OLD-1,Olu,Older,{dob.isoformat()},yes,North team,")
    rating = pathway_service.person_rag(people["OLD-1"], today)
    assert rating.colour == "red"
    assert rating.reasons[0].startswith("turned 18 12 months ago (18th birthday ")
    assert "no adult service has accepted a handover or decided" in rating.reasons[0]


def test_team_late_handovers_equal_the_overview_rows(world, sign_in, today):
    returned = make_person(team=world.north, worker=world.worker, dob=born(today, 19))
    waiting = make_person(team=world.north, worker=world.worker, dob=born(today, 17, 10))
    decided = make_person(
        team=world.south,
        worker=world.worker2,
        dob=born(today, 18, 2),
        care_act_outcome="no_likely_eligible_needs",
        care_act_outcome_on=today - timedelta(days=30),
        care_act_outcome_reasons="Needs met by family and college; reasons sent in writing.",
    )
    for person, state in ((returned, "returned"), (waiting, "sent"), (decided, "returned")):
        db.session.add(
            Handover(
                young_person=person,
                team=world.social_care,
                state=state,
                target_date=add_age(person.date_of_birth, 18),
            )
        )
    db.session.commit()
    client = sign_in(world.manager)
    team = page(client.get("/team"))
    everyone = team.select("table tbody tr")[0]
    overview = page(client.get("/handovers/overview"))
    rows = overview.select("#late ~ div table tbody tr")
    late_names = sorted(r.select_one("a").get_text(strip=True) for r in rows)
    assert late_names == sorted([returned.display_name, waiting.display_name])
    listed = names_in(client.get("/team/people?late_handover=yes"))
    assert sorted(listed) == late_names
    assert str(len(rows)) in everyone.get_text(" ", strip=True)
    # The returned handover with no decision is red, naming the 18th birthday; the one
    # with "no likely eligible needs" recorded is not red for the decision.
    assert pathway_service.person_rag(returned, today).reasons[0].startswith("turned 18")
    assert not any(
        "adult service" in reason for reason in pathway_service.person_rag(decided, today).reasons
    )


def test_ehc_plan_reviews_once_a_year_and_recording_one_moves_the_next(world, sign_in, today):
    dob = date(2011, 9, 1)  # Year 9 is 2025/26
    person = make_person(team=world.north, worker=world.worker, dob=dob)
    db.session.commit()
    reviews = sorted(
        (m for m in _milestones(person) if m.code in {"P02", "P03"}), key=lambda m: m.due_on
    )
    assert reviews[0].code == "P02" and reviews[0].due_on == date(2026, 7, 31)
    assert [m.due_on.year for m in reviews] == list(range(2026, 2026 + len(reviews)))
    assert reviews[-1].due_on <= date(2037, 7, 31)  # the latest end of the plan

    client = sign_in(world.worker)
    meeting = date(2026, 3, 10)
    response = client.post(
        f"/young-people/{person.id}/reviews/new",
        data={"meeting_on": ["10", "3", "2026"], "decision_sent_on": ["", "", ""]},
    )
    assert response.status_code == 302
    db.session.expire_all()
    after = sorted(
        (m for m in _milestones(person) if m.code in {"P02", "P03"}), key=lambda m: m.occurrence
    )
    year_9 = next(m for m in after if m.code == "P02")
    assert (year_9.status, year_9.achieved_on) == ("achieved", meeting)
    following = next(m for m in after if m.code == "P03" and m.occurrence == 1)
    assert following.due_on == date(2027, 3, 9)  # 12 months less a day
    assert next(m for m in after if m.code == "P03" and m.occurrence == 2).due_on == date(
        2028, 3, 8
    )
    # The decision is due within 4 weeks of the meeting: record it on the same page.
    body = page(client.get(f"/young-people/{person.id}"))
    assert "Not sent yet" in body.select_one("#ehc-reviews").find_next("table").get_text()
    response = client.post(
        f"/young-people/{person.id}/reviews/new",
        data={
            "meeting_on": ["10", "3", "2026"],
            "decision_sent_on": ["1", "4", "2026"],
            "outcome": "amend",
        },
    )
    assert response.status_code == 302
    body = page(client.get(f"/young-people/{person.id}"))
    table = body.select_one("#ehc-reviews").find_next("table").get_text(" ", strip=True)
    assert "1 April 2026" in table and "Amend the plan" in table


def test_a_manager_records_that_no_adult_service_is_needed(world, sign_in, today):
    person = make_person(team=world.north, worker=world.worker, dob=born(today, 18, 3))
    db.session.commit()
    assert pathway_service.person_rag(person, today).colour == "red"
    client = sign_in(world.manager)
    response = client.post(
        f"/young-people/{person.id}/adult-service-decision",
        data={"reason": "Moved to a university in Wales"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    person = db.session.get(YoungPerson, person.id)
    assert person.no_adult_service_by_id == world.manager.id
    decision = page(client.get(f"/young-people/{person.id}")).select_one("#adult-service-decision")
    assert "Moved to a university in Wales" in decision.get_text()
    assert not any("adult service" in r for r in pathway_service.person_rag(person, today).reasons)


RIGHTS_WORDS = ("vote", "driving", "PIP", "Universal Credit", "attorney", "consent to treatment")


def test_demo_ratings_never_blame_a_young_persons_own_right(app, client, sign_in, today):
    demo.load(today)
    db.session.commit()
    manager = db.session.scalar(select(User).where(User.email == "manager@example.org"))
    client = sign_in(manager, demo.DEMO_PASSWORD)
    caseload = page(client.get("/team/people?per_page=50")).get_text(" ", strip=True)
    for word in RIGHTS_WORDS:
        assert word not in caseload
    people = db.session.scalars(select(YoungPerson)).all()
    for person in people:
        record = page(client.get(f"/young-people/{person.id}"))
        ratings = " ".join(
            tag.get_text(" ", strip=True)
            for tag in record.select("#person-rating, .app-area-rating")
        )
        for word in RIGHTS_WORDS:
            assert word not in ratings, (person.local_reference, word)
    returned = next(p for p in people if p.local_reference == "DEMO-021")
    rating = pathway_service.person_rag(returned, today)
    assert rating.colour == "red"
    assert "18th birthday" in rating.reasons[0]
    late_joiner = next(p for p in people if p.local_reference == "DEMO-014")
    assert pathway_service.pathway_for(late_joiner, today).overdue == ()
