"""A worker's caseload: the right people, RAG with its reason, sort, filter, search, pages."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import event, select

from tests.conftest import page
from tests.factories import make_person
from transition.extensions import db
from transition.models import Handover, Meeting, Milestone, User, YoungPerson
from transition.pathway.dates import add_age
from transition.services import demo, pathway


@contextmanager
def count_queries():
    """Count the SQL statements the block sends to the database."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def born(today, years: int, months: int = 0, days: int = 0):
    """A date of birth making someone `years` (and months) old today, `days` further back."""
    year, month_index = divmod(today.year * 12 + today.month - 1 - years * 12 - months, 12)
    return datetime(year, month_index + 1, min(today.day, 28)).date() - timedelta(days=days)


def names_in(response) -> list[str]:
    table = page(response).select_one("table.app-caseload")
    if table is None:
        return []
    return [row.select_one("td a").get_text(strip=True) for row in table.select("tbody tr")]


def achieve_everything_due(person, today) -> None:
    for milestone in db.session.scalars(
        select(Milestone).where(Milestone.young_person_id == person.id)
    ):
        if milestone.due_on and milestone.due_on <= today + timedelta(days=120):
            milestone.status = "achieved"
            milestone.achieved_on = milestone.due_on
    db.session.flush()


def test_shows_my_people_and_not_another_teams(world, sign_in, today):
    mine = make_person(team=world.north, worker=world.worker, first_name="Alfie", marker="MINE")
    colleague = make_person(team=world.north, worker=None, first_name="Bea", marker="TEAMMATE")
    make_person(team=world.south, worker=world.worker2, marker="SOUTHSECRET")
    db.session.commit()
    client = sign_in(world.worker)

    response = client.get("/caseload")
    assert response.status_code == 200
    assert names_in(response) == [mine.display_name]
    body = response.get_data(as_text=True)
    assert "SOUTHSECRET" not in body and "TEAMMATE" not in body

    team = client.get("/caseload?scope=team")
    assert sorted(names_in(team)) == sorted([mine.display_name, colleague.display_name])
    assert "SOUTHSECRET" not in team.get_data(as_text=True)
    link = page(response).select_one("table.app-caseload tbody a")["href"]
    assert link == f"/young-people/{mine.id}"


def test_other_roles_and_visitors_are_refused(world, client, sign_in):
    assert client.get("/caseload").headers["Location"].startswith("/login")
    for user in (world.manager, world.adult_social_care):
        assert sign_in(user).get("/caseload").status_code == 403


def test_rag_is_shown_as_text_with_its_reason(world, sign_in, today):
    # Sixteen: the Year 9 review (law) is long overdue, so the person is red.
    late_person = make_person(
        team=world.north, worker=world.worker, dob=born(today, 16, 2), last_name="Late"
    )
    on_track = make_person(
        team=world.north, worker=world.worker, dob=born(today, 14, 3), last_name="Fine"
    )
    achieve_everything_due(on_track, today)
    db.session.commit()

    rows = page(sign_in(world.worker).get("/caseload?sort=name")).select(
        "table.app-caseload tbody tr"
    )
    cells = {r.select_one("td a").get_text(strip=True): r.select_one(".app-rag-cell") for r in rows}
    late = next(cell for name, cell in cells.items() if "Late" in name)
    fine = next(cell for name, cell in cells.items() if "Fine" in name)
    assert late.select_one(".govuk-tag").get_text(strip=True) == "Red"
    assert "govuk-tag--red" in late.select_one(".govuk-tag")["class"]
    reason = late.select_one(".app-rag-reason").get_text(strip=True)
    assert "overdue" in reason
    # The same reasons, in the same order, as the record page gives.
    assert reason == "; ".join(pathway.person_rag(late_person, today).reasons)
    assert fine.select_one(".govuk-tag").get_text(strip=True) == "Green"


def test_columns_show_age_school_year_key_birthdays_and_handover(world, sign_in, today):
    dob = born(today, 17, 10)
    person = make_person(team=world.north, worker=world.worker, dob=dob)
    db.session.add(
        Handover(
            young_person=person,
            team=world.social_care,
            state="sent",
            target_date=add_age(dob, 18),
        )
    )
    db.session.commit()
    row = page(sign_in(world.worker).get("/caseload")).select_one("table.app-caseload tbody tr")
    text = row.get_text(" ", strip=True)
    cells = [c.get_text(" ", strip=True) for c in row.select("td")]
    assert cells[2] == "17"
    assert cells[7] == str((add_age(dob, 18) - today).days)
    assert "Sent, waiting" in text
    handover = db.session.scalar(select(Handover.id))
    link = row.select_one(f"a[href='/handovers/{handover}']")
    assert link is not None and link.get_text(" ", strip=True).startswith("Sent, waiting")
    assert "Late: target" in text  # under three months to go and nobody has accepted
    assert "18th birthday is in" in text  # 17½ with no adult service decision: red


def test_a_person_with_no_handover_says_so_in_words(world, sign_in, today):
    make_person(team=world.north, worker=world.worker, dob=born(today, 15))
    db.session.commit()
    row = page(sign_in(world.worker).get("/caseload")).select_one("table.app-caseload tbody tr")
    cells = [c.get_text(" ", strip=True) for c in row.select("td")]
    assert "No handover yet" in cells
    assert "None" not in cells


@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_sorts_by_name_and_age_with_aria_sort(world, sign_in, today, direction):
    for last, years in (("Cole", 15), ("Adams", 19), ("Baker", 14)):
        make_person(team=world.north, worker=world.worker, dob=born(today, years), last_name=last)
    db.session.commit()
    client = sign_in(world.worker)

    response = client.get(f"/caseload?sort=name&dir={direction}")
    surnames = [name.split()[-1] for name in names_in(response)]
    assert surnames == sorted(surnames, reverse=direction == "desc")
    header = page(response).select_one("th[aria-sort]")
    assert header.get_text(strip=True).startswith("Name")
    assert header["aria-sort"] == ("descending" if direction == "desc" else "ascending")

    by_age = client.get(f"/caseload?sort=age&dir={direction}")
    expected = ["Baker", "Cole", "Adams"]  # youngest first
    if direction == "desc":
        expected.reverse()
    assert [name.split()[-1] for name in names_in(by_age)] == expected
    assert page(by_age).select_one("th[aria-sort]").get_text(strip=True).startswith("Age")


def test_filters_and_search(world, sign_in, today):
    late = make_person(
        team=world.north, worker=world.worker, dob=born(today, 16, 2), last_name="Redmond"
    )
    fine = make_person(
        team=world.north,
        worker=world.worker,
        dob=born(today, 14, 3),
        last_name="Greene",
        has_ehc_plan=False,
        local_reference="LOOKUP-77",
    )
    achieve_everything_due(fine, today)
    grown = make_person(team=world.north, worker=world.worker, dob=born(today, 21), last_name="Old")
    achieve_everything_due(grown, today)
    db.session.add(
        Handover(young_person=grown, team=world.health, state="accepted", target_date=today)
    )
    db.session.commit()
    client = sign_in(world.worker)

    def surnames(query: str) -> list[str]:
        return sorted(n.split()[-1] for n in names_in(client.get(f"/caseload?{query}")))

    assert surnames("rag=red") == ["Redmond"]
    assert surnames("rag=green") == ["Greene", "Old"]
    assert surnames("age_band=13-15") == ["Greene"]
    assert surnames("age_band=20-25") == ["Old"]
    assert surnames("ehc=no") == ["Greene"]
    assert "Redmond" in surnames("overdue=yes") and "Greene" not in surnames("overdue=yes")
    assert surnames("handover=accepted") == ["Old"]
    assert surnames("handover=none") == ["Greene", "Redmond"]
    assert surnames("q=lookup-77") == ["Greene"]
    assert surnames("q=redm") == ["Redmond"]
    assert surnames("q=nobody-at-all") == []
    # Junk in the query string is ignored, never an error.
    assert client.get("/caseload?rag=purple&page=abc&per_page=7&sort=drop").status_code == 200
    assert late.id  # the red person is on the caseload


def test_pages_of_25_and_50(world, sign_in, today):
    for n in range(30):
        make_person(team=world.north, worker=world.worker, last_name=f"Person{n:02d}")
    db.session.commit()
    client = sign_in(world.worker)
    first = client.get("/caseload")
    assert len(names_in(first)) == 25
    assert page(first).select_one(".govuk-pagination") is not None
    second = client.get("/caseload?page=2")
    assert len(names_in(second)) == 5
    assert set(names_in(first)).isdisjoint(names_in(second))
    assert len(names_in(client.get("/caseload?per_page=50"))) == 30


def test_due_soon_lists_milestones_and_meetings(world, sign_in, today):
    person = make_person(team=world.north, worker=world.worker, dob=born(today, 15))
    other = make_person(team=world.south, worker=world.worker2, dob=born(today, 15))
    milestone = db.session.scalars(
        select(Milestone).where(Milestone.young_person_id == person.id).limit(1)
    ).one()
    milestone.due_on, milestone.status = today + timedelta(days=2), "not_started"
    start = datetime.combine(today + timedelta(days=20), time(10), UTC)
    for who in (person, other):
        db.session.add(
            Meeting(young_person=who, kind="annual_review", starts_at=start, ends_at=start)
        )
    db.session.commit()

    html = page(sign_in(world.worker).get("/caseload"))
    tables = {t.caption.get_text(strip=True): t for t in html.select("table.app-due")}
    this_week = tables["Due this week"].get_text(" ", strip=True)
    assert f"Milestone: {milestone.title}" in this_week
    next_30 = tables["Due in the next 30 days"]
    assert "Meeting: Annual review" in next_30.get_text(" ", strip=True)
    links = {a["href"] for a in next_30.select("a")}
    assert links == {f"/young-people/{person.id}"}  # not the other team's meeting


@pytest.mark.parametrize("path", ["/caseload", "/caseload?scope=team&sort=rag&dir=desc"])
def test_fixed_number_of_queries_whatever_the_caseload(world, sign_in, today, path):
    client = sign_in(world.worker)
    counts = []
    for total in (5, 30):
        while len(db.session.scalars(select(Milestone.young_person_id).distinct()).all()) < total:
            person = make_person(team=world.north, worker=world.worker)
            start = datetime.combine(today + timedelta(days=3), time(9), UTC)
            db.session.add(
                Meeting(young_person=person, kind="other", starts_at=start, ends_at=start)
            )
            db.session.add(
                Handover(young_person=person, team=world.health, state="sent", target_date=today)
            )
        db.session.commit()
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_demo_data_shows_on_caseload_team_view_and_reports(app, client, sign_in, today):
    demo.load(today)
    db.session.commit()
    worker = db.session.scalar(select(User).where(User.email == "worker@example.org"))
    manager = db.session.scalar(select(User).where(User.email == "manager@example.org"))

    caseload = sign_in(worker, demo.DEMO_PASSWORD).get("/caseload?per_page=50")
    mine = db.session.scalars(select(YoungPerson).where(YoungPerson.worker_id == worker.id)).all()
    assert sorted(names_in(caseload)) == sorted(p.display_name for p in mine)
    links = page(caseload).select("table.app-caseload tbody td a[href^='/young-people/']")
    assert {a["href"] for a in links} == {f"/young-people/{p.id}" for p in mine}
    assert page(caseload).select("table.app-due tbody tr")  # demo meetings and milestones

    client = sign_in(manager, demo.DEMO_PASSWORD)
    team = page(client.get("/team"))
    total = team.select_one("a[href='/team/people']").get_text()
    everyone = db.session.query(YoungPerson).count()
    assert f"Everyone: {everyone} young people" in total
    unallocated = db.session.query(YoungPerson).filter(YoungPerson.worker_id.is_(None)).count()
    assert unallocated
    listed = client.get("/team/people?worker=none")
    assert len(names_in(listed)) == unallocated
    reports = page(client.get("/reports"))
    assert reports.select("table[data-report=handovers] tbody tr")
    assert reports.select("table[data-report=year-9-reviews] tbody tr")


def test_due_soon_shows_the_soonest_fifty_and_counts_the_rest(world, sign_in, today):
    person = make_person(team=world.north, worker=world.worker, dob=born(today, 15))
    milestones = db.session.scalars(
        select(Milestone).where(Milestone.young_person_id == person.id).limit(55)
    ).all()
    for milestone in milestones:
        milestone.due_on, milestone.status = today + timedelta(days=1), "not_started"
    db.session.commit()
    html = page(sign_in(world.worker).get("/caseload"))
    this_week = html.select("table.app-due")[0]
    assert this_week.caption.get_text(strip=True) == "Due this week"
    assert len(this_week.select("tbody tr")) == 50
    assert "Showing the soonest 50 of 55" in html.get_text()
