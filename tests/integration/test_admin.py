"""Managers run the accounts, the teams and read the audit log; nobody else can."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import make_person
from tests.helpers import page
from transition.extensions import db
from transition.models import AuditEvent, Team, User


@pytest.mark.parametrize(
    "path", ["/admin", "/admin/users", "/admin/users/new", "/admin/teams", "/audit"]
)
def test_only_managers_reach_admin(world, sign_in, path):
    assert sign_in(world.worker).get(path).status_code == 403
    assert sign_in(world.adult_health).get(path).status_code == 403
    assert sign_in(world.manager).get(path).status_code == 200


def test_manager_adds_a_worker_who_sets_their_own_password(world, sign_in, client):
    sign_in(world.manager)
    response = client.post(
        "/admin/users/new",
        data={
            "name": "Nia Brown",
            "email": "Nia.Brown@example.org",
            "role": "worker",
            "team_id": str(world.south.id),
        },
    )
    assert response.status_code == 200
    link = page(response).select_one(".govuk-inset-text code").get_text(strip=True)
    path = link.split("localhost", 1)[1]
    client.post("/logout")
    assert client.post(path, data={"password": "a passphrase of my own"}).status_code == 302
    client.post("/logout")
    signed_in = client.post(
        "/login", data={"email": "nia.brown@example.org", "password": "a passphrase of my own"}
    )
    assert signed_in.headers["Location"] == "/"
    client.post("/logout")
    reused = client.post(path, data={"password": "somebody else's passphrase"})
    assert reused.status_code != 302  # the link worked once only


def test_a_worker_must_join_a_childrens_team(world, sign_in):
    response = sign_in(world.manager).post(
        "/admin/users/new",
        data={
            "name": "X",
            "email": "x@example.org",
            "role": "worker",
            "team_id": str(world.social_care.id),
        },
    )
    assert (
        "children's transition team" in page(response).select_one(".govuk-error-summary").get_text()
    )
    assert db.session.scalar(select(User).where(User.email == "x@example.org")) is None


def test_disabling_signs_the_user_out_at_once(world, app, sign_in, client):
    other = app.test_client_class(app)
    other.post(
        "/login", data={"email": world.worker.email, "password": "correct horse battery staple"}
    )
    assert other.get("/caseload").status_code == 200
    sign_in(world.manager).post(f"/admin/users/{world.worker.id}/disable")
    assert other.get("/caseload").status_code == 302


def test_moving_a_worker_to_another_team_changes_what_they_reach(world, sign_in):
    person = make_person(team=world.south, worker=world.worker2)
    db.session.commit()
    client = sign_in(world.manager)
    response = client.post(
        f"/admin/users/{world.worker.id}",
        data={"version": str(world.worker.version_id), "team_id": str(world.south.id)},
    )
    assert response.status_code == 302
    assert sign_in(world.worker).get(f"/young-people/{person.id}").status_code == 200


def test_audit_log_shows_who_viewed_a_record_and_refusals(world, sign_in):
    person = make_person(team=world.north, worker=world.worker)
    db.session.commit()
    sign_in(world.worker).get(f"/young-people/{person.id}")
    sign_in(world.worker2).get(f"/young-people/{person.id}")
    response = sign_in(world.manager).get(f"/audit?young_person={person.id}")
    rows = page(response).select("tbody tr")
    text = " ".join(r.get_text(" ", strip=True) for r in rows)
    assert "worker@example.org" in text and "worker2@example.org" in text
    assert "Refused" in text
    assert sign_in(world.manager).get("/audit?young_person=abc&page=-3").status_code == 200


def test_manager_adds_an_adult_team(world, sign_in):
    client = sign_in(world.manager)
    missing = client.post("/admin/teams/new", data={"name": "Adult MH", "kind": "adult"})
    assert (
        "Select which adult service" in page(missing).select_one(".govuk-error-summary").get_text()
    )
    response = client.post(
        "/admin/teams/new",
        data={"name": "Adult MH", "kind": "adult", "service": "adult_mental_health"},
    )
    assert response.status_code == 302
    team = db.session.scalar(select(Team).where(Team.name == "Adult MH"))
    assert team.service == "adult_mental_health"
    assert db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "create_team", AuditEvent.object_id == team.id
        )
    )
