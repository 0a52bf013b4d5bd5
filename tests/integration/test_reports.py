"""Managers' reports: the figures, their CSV downloads (escaped and audited), query counts."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_person, make_team
from tests.helpers import achieve_everything_due, born, clock_stopped, count_queries, page
from transition.extensions import db
from transition.models import AuditEvent, Handover, Milestone
from transition.pathway.dates import add_age
from transition.services.reports import safe_cell


def report_rows(html, name: str) -> dict[str, list[str]]:
    table = html.select_one(f"table[data-report={name}]")
    return {
        row.select_one("th").get_text(strip=True): [
            c.get_text(strip=True) for c in row.select("td")
        ]
        for row in table.select("tbody tr")
    }


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_only_managers_see_reports(world, client, sign_in):
    assert client.get("/reports").headers["Location"].startswith("/login")
    assert client.get("/reports/handovers.csv").headers["Location"].startswith("/login")
    for user in (world.worker, world.adult_health):
        assert sign_in(user).get("/reports").status_code == 403
        assert sign_in(user).get("/reports/handovers.csv").status_code == 403
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export")) is None
    assert sign_in(world.manager).get("/reports/nothing-here.csv").status_code == 404


def test_reports_show_the_figures(world, sign_in, today):
    # Sixteen with nothing done: Year 9 review (P02) and more overdue.
    late = make_person(team=world.north, worker=world.worker, dob=born(today, 16, 2))
    # Fifteen with everything done on its due date, so the Year 9 review was on time.
    prompt = make_person(
        team=world.north, worker=world.worker, dob=born(today, 15, 2), primary_need="ASD"
    )
    achieve_everything_due(prompt, today)
    turning = make_person(
        team=world.south, worker=world.worker2, dob=born(today, 17, 6), primary_need="SLD"
    )
    sent = datetime.combine(add_age(turning.date_of_birth, 18) - timedelta(days=100), time(9), UTC)
    db.session.add(
        Handover(
            young_person=turning,
            team=world.social_care,
            state="accepted",
            target_date=add_age(turning.date_of_birth, 18),
            sent_at=sent,
            accepted_at=sent + timedelta(days=40),
        )
    )
    db.session.commit()
    html = page(sign_in(world.manager).get("/reports"))

    overdue = report_rows(html, "overdue-by-area")
    process = overdue["Transition process and handover to adult services"]
    late_process = db.session.scalars(
        select(Milestone).where(
            Milestone.young_person_id == late.id,
            Milestone.area == "process",
            Milestone.due_on < today,
        )
    ).all()
    assert int(process[0]) >= len(late_process) > 0

    year9 = report_rows(html, "year-9-reviews")
    assert sum(int(r[0]) for r in year9.values()) == 3  # due for all three by now
    assert sum(int(r[1]) for r in year9.values()) == 1  # done on time
    assert sum(int(r[3]) for r in year9.values()) == 2  # not done

    handovers = report_rows(html, "handovers")
    assert handovers["Adult Social Care"][:2] == ["1", "1"]
    assert handovers["Adult Social Care"][3] == "100"  # days before the 18th when sent
    assert handovers["Adult Social Care"][4] == "60"

    need = report_rows(html, "cohort-by-need")
    assert need["Severe learning difficulty"][0] == "1"  # 18 within the next year
    assert need["Autistic spectrum disorder"][2] == "1"  # 18 in three years' time
    rag = report_rows(html, "cohort-by-rag")
    assert rag["Total"][-1] == "3"


def test_csv_download_is_an_attachment_and_audited(world, sign_in, today):
    make_person(team=world.north, worker=world.worker, dob=born(today, 16, 2))
    db.session.commit()
    response = sign_in(world.manager).get("/reports/overdue-by-area.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="overdue')
    rows = csv_rows(response)
    assert rows[0] == ["Outcome area", "Overdue milestones", "Young people with one overdue"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert event.user_id == world.manager.id and "overdue-by-area" in event.detail


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+44 1234", "'+44 1234"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("|pipe", "'|pipe"),
        ("\tTabbed", "'\tTabbed"),
        ("  =indented", "'  =indented"),
        ("Plain text", "Plain text"),
        ("a=b", "a=b"),
        (12, "12"),
        (None, ""),
    ],
)
def test_cells_that_look_like_formulas_are_escaped(value, expected):
    assert safe_cell(value) == expected


def test_team_names_in_exports_cannot_run_as_formulas(world, sign_in, today):
    evil = make_team('=HYPERLINK("http://x")', kind="adult", service="other")
    person = make_person(team=world.north, worker=world.worker, dob=born(today, 17, 9))
    db.session.add(
        Handover(
            young_person=person,
            team=evil,
            state="sent",
            target_date=today,
            sent_at=datetime.now(UTC),
        )
    )
    db.session.commit()
    rows = csv_rows(sign_in(world.manager).get("/reports/handovers.csv"))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'


@pytest.mark.parametrize(
    "path",
    [
        "/reports",
        "/reports/overdue-by-area.csv",
        "/reports/year-9-reviews.csv",
        "/reports/handovers.csv",
        "/reports/cohort-by-need.csv",
        "/reports/cohort-by-rag.csv",
    ],
)
def test_fixed_number_of_queries_whatever_the_numbers(world, sign_in, today, path):
    client = sign_in(world.manager)
    counts = []
    with clock_stopped():
        for total in (5, 30):
            while (
                n := len(db.session.scalars(select(Milestone.young_person_id).distinct()).all())
            ) < total:
                person = make_person(
                    team=world.north, worker=world.worker, dob=born(today, 14 + n % 6)
                )
                db.session.add(
                    Handover(
                        young_person=person,
                        team=world.health,
                        state="sent",
                        target_date=today,
                        sent_at=datetime.now(UTC),
                    )
                )
            db.session.commit()
            with count_queries() as statements:
                assert client.get(path).status_code == 200
            counts.append(len(statements))
    assert counts[0] == counts[1]
