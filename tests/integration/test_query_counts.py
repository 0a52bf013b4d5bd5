"""Every page asks the database a fixed number of questions, whatever the council's size.

The demo is loaded and each demo account's pages are counted; then as many people again
(with milestones, progress, handovers and meetings, on the same caseloads and teams) are
added and every page is counted again. A page whose count grows with the data would be
slow at 50,000 people however quick it looks on the demo.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import event, select

from tests.factories import make_person
from transition.extensions import db, limiter
from transition.models import Handover, Meeting, Milestone, Team, User, YoungPerson
from transition.services import calendar, demo, reports

FEED_TOKEN = "query-count-feed-token-{role}-0000000000000000"
ACCOUNTS = {
    "worker": "worker@example.org",
    "manager": "manager@example.org",
    "adult_services": "adult.socialcare@example.org",
    "young_person": "young.person@example.org",
    "parent_carer": "parent@example.org",
}
MY_PATHWAY_MOST = 15


def _pages(ids: dict) -> dict[str, list[str]]:
    tables = reports.all_reports(ids["manager"], date.today())
    csvs = [f"/reports/{table.name}.csv" for table in tables]
    return {
        "worker": [
            "/caseload",
            "/caseload?scope=team",
            "/caseload?scope=team&sort=rag&dir=desc",
            "/caseload?scope=team&overdue=yes&sort=next_due",
            f"/young-people/{ids['record']}",
            "/young-people",
            "/calendar",
            "/account",
        ],
        "manager": [
            "/team",
            "/team/people",
            "/team/people?rag=red",
            "/team/people?overdue=yes&sort=overdue&dir=desc",
            "/team/people?turning_18=12",
            "/reports",
            *csvs,
            "/handovers/overview",
            f"/young-people/{ids['record']}",
        ],
        "adult_services": ["/handovers", f"/handovers/{ids['handover']}"],
        "young_person": ["/my-pathway", "/my-pathway/voice", "/my-pathway/my-information"],
        "parent_carer": ["/my-pathway"],
    }


def _more_people(count: int, today: date) -> None:
    """As many people again, made the way the service makes them, in varied states."""
    worker = db.session.scalar(select(User).where(User.email == ACCOUNTS["worker"]))
    teams = list(db.session.scalars(select(Team).where(Team.kind == "childrens")))
    adult_teams = list(db.session.scalars(select(Team).where(Team.kind == "adult")))
    for n in range(count):
        dob = today - timedelta(days=int(13.6 * 365) + n * 101)
        team = worker.team if n % 2 else teams[n % len(teams)]
        person = make_person(
            team=team, worker=worker if n % 2 else None, dob=dob, local_reference=f"MORE-{n:03d}"
        )
        milestones = db.session.scalars(
            select(Milestone).where(Milestone.young_person_id == person.id)
        ).all()
        for index, milestone in enumerate(milestones):
            if milestone.due_on and milestone.due_on < today and index % 3:
                milestone.status = "achieved"
                milestone.achieved_on = milestone.due_on
            elif index % 7 == 0:
                milestone.status = "in_progress"
        if n % 3 == 0:
            db.session.add(
                Handover(
                    young_person_id=person.id,
                    team_id=adult_teams[n % len(adult_teams)].id,
                    state=("sent", "queried", "accepted", "draft")[n % 4],
                    target_date=dob.replace(year=dob.year + 18),
                    sent_at=datetime.now(UTC),
                    snapshot={"added": True},
                )
            )
        start = datetime.combine(today + timedelta(days=n % 60), time(10), UTC)
        db.session.add(
            Meeting(
                young_person_id=person.id,
                kind="annual_review",
                starts_at=start,
                ends_at=start + timedelta(hours=1),
            )
        )
    db.session.commit()


def _count_all(client, pages: dict[str, list[str]]) -> dict[str, int]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK")):  # SQLite's own
            statements.append(statement)

    def counted(path: str) -> int:
        client.get(path)  # the first request of a kind may warm caches
        calendar._bodies.clear()  # but a feed is counted as it is built
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            response = client.get(path)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert response.status_code == 200, (path, response.status_code)
        return len(statements)

    counts: dict[str, int] = {}
    for role, paths in pages.items():
        signed_in = client.post(
            "/login", data={"email": ACCOUNTS[role], "password": demo.DEMO_PASSWORD}
        )
        assert signed_in.status_code == 302
        for path in paths:
            counts[f"{role} {path}"] = counted(path)
        client.post("/logout")
        # A calendar asks for the feed with no session.
        counts[f"{role} feed"] = counted(f"/calendar/{FEED_TOKEN.format(role=role)}.ics")
        limiter.reset()
    return counts


@pytest.fixture
def demo_world(app, today):
    demo.load(today)
    for role, email in ACCOUNTS.items():
        user = db.session.scalar(select(User).where(User.email == email))
        user.feed_token_hash = calendar.hash_token(FEED_TOKEN.format(role=role))
    db.session.commit()
    record = db.session.scalar(
        select(YoungPerson.id).where(YoungPerson.local_reference == "DEMO-004")
    )
    handover = db.session.scalar(
        select(Handover.id)
        .join(Team, Team.id == Handover.team_id)
        .where(Team.service == "adult_social_care", Handover.state == "sent")
        .order_by(Handover.id)
        .limit(1)
    )
    manager = db.session.scalar(select(User).where(User.email == ACCOUNTS["manager"]))
    return {"record": record, "handover": handover, "manager": manager}


def test_every_page_asks_as_many_queries_with_twice_the_people(demo_world, client, today):
    pages = _pages(demo_world)
    small = _count_all(client, pages)
    assert small["young_person /my-pathway"] <= MY_PATHWAY_MOST
    assert small["parent_carer /my-pathway"] <= MY_PATHWAY_MOST
    _more_people(40, today)
    bigger = _count_all(client, pages)
    grew = {page: (small[page], bigger[page]) for page in small if bigger[page] != small[page]}
    assert grew == {}
