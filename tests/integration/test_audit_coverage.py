"""The audit trail holds refusals by role, the people each list showed, and resets."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import make_person
from tests.helpers import page
from transition.extensions import db
from transition.models import AuditEvent
from transition.services import accounts
from transition.services.audit import Actor


def _events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def test_a_page_refused_by_role_is_audited(world, sign_in):
    client = sign_in(world.worker)
    assert client.get("/admin/users").status_code == 403
    [event] = _events("open_page")
    assert (event.user_id, event.role, event.outcome) == (world.worker.id, "worker", "refused")
    assert event.detail == "GET /admin/users"
    assert event.ip_address == "127.0.0.1"


def test_caseload_records_every_person_it_showed(world, sign_in):
    mine = [make_person(team=world.north, worker=world.worker) for _ in range(3)]
    other_team = make_person(team=world.south, worker=world.worker2)
    db.session.commit()
    client = sign_in(world.worker)
    assert client.get("/caseload?q=First").status_code == 200

    [event] = _events("view_list")
    assert event.object_type == "caseload"
    shown = {int(n) for n in event.people_shown.strip(",").split(",")}
    assert shown == {person.id for person in mine}
    assert other_team.id not in shown
    # The filter is named, but what was searched for is not kept.
    assert event.detail == "page 1, filtered by q"


def test_the_manager_sees_who_was_shown_a_person_in_a_list(world, sign_in):
    person = make_person(team=world.north, worker=world.worker)
    db.session.commit()
    sign_in(world.worker).get("/caseload")
    manager = sign_in(world.manager)
    response = manager.get(f"/audit?young_person={person.id}")
    rows = [row.get_text(" ", strip=True) for row in page(response).select("tbody tr")]
    assert any("worker@example.org" in row and "View list" in row for row in rows)
    assert any("1 person shown" in row for row in rows)


def test_team_lists_and_handover_inboxes_are_audited(world, sign_in):
    make_person(team=world.north, worker=world.worker)
    db.session.commit()
    sign_in(world.manager).get("/team/people")
    sign_in(world.adult_social_care).get("/handovers")
    assert [event.object_type for event in _events("view_list")] == [
        "team_people",
        "handover_inbox",
    ]


def test_a_refused_reset_of_someone_elses_account_is_audited(world, sign_in):
    jojo = make_person(team=world.north, worker=world.worker)
    db.session.commit()
    client = sign_in(world.worker)
    assert (
        client.post(f"/young-people/{jojo.id}/accounts/{world.worker2.id}/reset").status_code == 404
    )
    [event] = _events("reset_password")
    assert (event.outcome, event.object_id, event.young_person_id) == (
        "refused",
        world.worker2.id,
        jojo.id,
    )
    assert db.session.get(type(world.worker2), world.worker2.id).invite_token_hash is None


def test_a_managers_refused_reset_of_a_disabled_account_is_audited(world, sign_in):
    accounts.disable_user(Actor(world.manager), world.worker2)
    db.session.commit()
    client = sign_in(world.manager)
    assert client.post(f"/admin/users/{world.worker2.id}/reset").status_code == 400
    [event] = _events("reset_password")
    assert (event.outcome, event.object_id) == ("refused", world.worker2.id)
