"""Managers' team view: counts that link to the people behind them, and reallocation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import PASSWORD, make_person
from tests.helpers import (
    achieve_everything_due,
    born,
    clock_stopped,
    count_queries,
    names_in,
    page,
)
from transition.extensions import db
from transition.models import AuditEvent, Handover, YoungPerson
from transition.pathway.dates import add_age


def table_row(html, table_id: str, label: str):
    for row in html.select(f"#{table_id} tbody tr"):
        if row.select_one("th").get_text(strip=True) == label:
            return row
    raise AssertionError(f"no row {label!r} in {table_id}")


def test_workers_and_visitors_cannot_see_team_pages(world, client, sign_in):
    person = make_person(team=world.north, worker=world.worker, marker="TEAMSECRET")
    db.session.commit()
    pick = f"{person.id}:{person.version_id}"
    paths = ("/team", "/team/people", f"/team/reallocate?person={pick}")
    for path in (*paths, "/import", "/reports"):
        assert client.get(path).headers["Location"].startswith("/login")
    for user in (world.worker, world.adult_social_care):
        signed_in = sign_in(user)
        for path in paths:
            response = signed_in.get(path)
            assert response.status_code == 403
            assert "TEAMSECRET" not in response.get_data(as_text=True)
        refused = signed_in.post(
            "/team/reallocate",
            data={"people": pick, "target": f"worker:{world.worker2.id}", "reason": "x"},
        )
        assert refused.status_code == 403
    db.session.expire_all()
    assert db.session.get(YoungPerson, person.id).worker_id == world.worker.id


def test_counts_by_team_and_worker_link_to_the_people_behind_them(world, sign_in, today):
    red = make_person(team=world.north, worker=world.worker, dob=born(today, 16, 2), marker="R")
    green = make_person(team=world.north, worker=world.worker, dob=born(today, 14, 3))
    achieve_everything_due(green, today)
    make_person(team=world.south, worker=world.worker2, dob=born(today, 16, 2), marker="SOUTH")
    make_person(team=world.south, worker=None, dob=born(today, 21), marker="NOWORKER")
    db.session.commit()
    client = sign_in(world.manager)

    html = page(client.get("/team"))
    north = table_row(html, "caseloads", "North team")
    cells = [c.get_text(" ", strip=True) for c in north.select("td")]
    assert cells[0].startswith("2") and cells[1].startswith("1") and cells[3].startswith("1")
    worker_row = table_row(html, "caseloads", world.worker.name)
    red_link = worker_row.select("td")[1].select_one("a")["href"]

    listed = client.get(red_link)
    assert names_in(listed) == [red.display_name]
    assert "SOUTH" not in "".join(names_in(listed))

    south = table_row(html, "caseloads", "South team")
    no_worker_link = south.select("td")[4].select_one("a")["href"]
    assert [n for n in names_in(client.get(no_worker_link))] == ["FirstNOWORKER LastNOWORKER"]

    ages = table_row(html, "ages", "North team")
    assert [c.get_text(" ", strip=True)[:1] for c in ages.select("td")] == ["1", "1", "0", "0"]
    overdue = table_row(html, "overdue", "North team")
    process = overdue.select("td")[0]
    assert process.select_one("a") is not None
    assert names_in(client.get(process.select_one("a")["href"])) == [red.display_name]


def test_turning_18_without_adult_decision_and_late_handovers(world, sign_in, today):
    waiting = make_person(team=world.north, worker=world.worker, dob=born(today, 17, 8))
    decided = make_person(team=world.north, worker=world.worker, dob=born(today, 17, 8))
    later = make_person(team=world.north, worker=world.worker, dob=born(today, 17, 2))
    db.session.add_all(
        [
            Handover(
                young_person=decided,
                team=world.social_care,
                state="accepted",
                target_date=add_age(decided.date_of_birth, 18),
            ),
            Handover(
                young_person=waiting,
                team=world.social_care,
                state="sent",
                target_date=today + timedelta(days=30),
            ),
        ]
    )
    db.session.commit()
    client = sign_in(world.manager)
    row = table_row(page(client.get("/team")), "turning-18", "North team")
    six, twelve, late = row.select("td")
    assert six.get_text(" ", strip=True).startswith("1")
    assert twelve.get_text(" ", strip=True).startswith("2")
    assert late.get_text(" ", strip=True).startswith("1")
    assert names_in(client.get(six.select_one("a")["href"])) == [waiting.display_name]
    assert sorted(names_in(client.get(twelve.select_one("a")["href"]))) == sorted(
        [waiting.display_name, later.display_name]
    )
    assert names_in(client.get(late.select_one("a")["href"])) == [waiting.display_name]


def _choose_and_move(client, people, target: str, reason: str = "Sam is leaving"):
    picks = [f"{p.id}:{p.version_id}" for p in people]
    form = client.get("/team/reallocate", query_string={"person": picks})
    assert form.status_code == 200
    hidden = page(form).select_one("input[name=people]")["value"]
    return client.post(
        "/team/reallocate", data={"people": hidden, "target": target, "reason": reason}
    )


def test_reallocation_moves_people_audits_and_shows_at_once(world, sign_in, today):
    people = [
        make_person(team=world.south, worker=world.worker2, last_name=f"Moving{n}")
        for n in range(2)
    ]
    stay = make_person(team=world.south, worker=world.worker2, last_name="Staying")
    db.session.commit()
    client = sign_in(world.manager)
    listing = page(client.get("/team/people?team=" + str(world.south.id)))
    assert len(listing.select("input[name=person][form=choose-people]")) == 3

    response = _choose_and_move(client, people, f"worker:{world.worker.id}")
    assert response.status_code == 302
    assert "Moved 2 young people" in page(client.get(response.headers["Location"])).get_text()

    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "reallocate").order_by(AuditEvent.id)
    ).all()
    assert sorted(e.young_person_id for e in events) == sorted(p.id for p in people)
    assert all("from South team" in e.detail and "to North team" in e.detail for e in events)
    assert all(e.user_id == world.manager.id for e in events)

    worker_view = sign_in(world.worker).get("/caseload")
    assert sorted(names_in(worker_view)) == sorted(p.display_name for p in people)
    old_view = sign_in(world.worker2).get("/caseload")
    assert names_in(old_view) == [stay.display_name]


def test_a_worker_already_signed_in_loses_a_moved_record_on_their_next_request(world, app, client):
    person = make_person(team=world.south, worker=world.worker2, marker="Movedaway")
    db.session.commit()
    old_worker, manager = client, app.test_client()  # two browsers, two sessions
    for client, user in ((old_worker, world.worker2), (manager, world.manager)):
        client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert old_worker.get(f"/young-people/{person.id}").status_code == 200

    assert _choose_and_move(manager, [person], f"team:{world.north.id}").status_code == 302
    refused = old_worker.get(f"/young-people/{person.id}")  # same session, next request
    assert refused.status_code in (403, 404)
    assert "Movedaway" not in refused.get_data(as_text=True)


def test_reallocation_refuses_a_person_changed_meanwhile(world, sign_in):
    person = make_person(team=world.south, worker=world.worker2, last_name="Changing")
    db.session.commit()
    client = sign_in(world.manager)
    form = client.get(
        "/team/reallocate", query_string={"person": f"{person.id}:{person.version_id}"}
    )
    hidden = page(form).select_one("input[name=people]")["value"]
    person.first_name = "Renamed"  # someone edits the record in between
    db.session.commit()

    response = client.post(
        "/team/reallocate",
        data={"people": hidden, "target": f"worker:{world.worker.id}", "reason": "Balance"},
    )
    assert response.status_code == 200
    summary = page(response).select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Renamed Changing" in summary and "nobody has been moved" in summary
    db.session.expire_all()
    assert db.session.get(YoungPerson, person.id).worker_id == world.worker2.id
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "reallocate")) is None


@pytest.mark.parametrize(
    ("target", "reason", "message"),
    [
        ("", "Balance", "Select who to move them to"),
        ("worker:{worker}", "", "Enter a reason for the move"),
        ("worker:999999", "Balance", "Select who to move them to"),
        ("team:{adult}", "Balance", "Select who to move them to"),
    ],
)
def test_reallocation_bad_input_moves_nobody(world, sign_in, target, reason, message):
    person = make_person(team=world.south, worker=world.worker2)
    db.session.commit()
    client = sign_in(world.manager)
    target = target.format(worker=world.worker.id, adult=world.social_care.id)
    response = client.post(
        "/team/reallocate",
        data={"people": f"{person.id}:{person.version_id}", "target": target, "reason": reason},
    )
    assert response.status_code == 200
    html = page(response)
    assert html.title.get_text().startswith("Error: ")
    assert message in html.select_one(".govuk-error-summary").get_text()
    db.session.expire_all()
    assert db.session.get(YoungPerson, person.id).worker_id == world.worker2.id


def test_moving_to_a_team_leaves_people_unallocated_there(world, sign_in):
    person = make_person(team=world.south, worker=world.worker2)
    db.session.commit()
    client = sign_in(world.manager)
    response = _choose_and_move(client, [person], f"team:{world.north.id}")
    assert response.status_code == 302
    db.session.expire_all()
    moved = db.session.get(YoungPerson, person.id)
    assert (moved.team_id, moved.worker_id) == (world.north.id, None)
    assert names_in(sign_in(world.worker).get("/caseload?scope=team")) == [moved.display_name]


@pytest.mark.parametrize("path", ["/team", "/team/people?sort=rag&dir=desc&per_page=50"])
def test_fixed_number_of_queries_whatever_the_numbers(world, sign_in, today, path):
    client = sign_in(world.manager)
    counts = []
    with clock_stopped():
        for total in (5, 30):
            while db.session.query(YoungPerson).count() < total:
                n = db.session.query(YoungPerson).count()
                team, worker = (world.north, world.worker) if n % 2 else (world.south, None)
                person = make_person(team=team, worker=worker, dob=born(today, 13 + n % 10, 6))
                db.session.add(
                    Handover(
                        young_person=person, team=world.health, state="sent", target_date=today
                    )
                )
            db.session.commit()
            with count_queries() as statements:
                assert client.get(path).status_code == 200
            counts.append(len(statements))
    assert counts[0] == counts[1]
