"""Deny by default: every route has an entry here, and each role gets what the entry says.

Each entry names who may reach the route with the objects below, all of which belong
to one young person in the North team (worker@ is their worker; the Adult Social Care
team has accepted a handover for them; they have their own account). Everyone else
gets 403 or 404; a visitor who is not signed in goes to /login (or gets 404 for a
calendar token). A test fails when a route is added without an entry.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from tests.factories import make_person
from transition.extensions import db
from transition.models import Handover, Meeting, Milestone
from transition.services import handovers

PUBLIC, LOGIN, NOT_FOUND = "public", "login", "not found"
M, W, W2, ASC, AH, YP = (
    "manager",
    "worker",
    "worker2",
    "adult_social_care",
    "adult_health",
    "young_person",
)
STAFF = {M, W, W2, ASC, AH}
EVERYONE = STAFF | {YP}
WORKERS = {M, W}  # those who may change this person's record

MATRIX: dict[str, tuple[str, set[str]]] = {
    # Anyone
    "pages.accessibility": (PUBLIC, EVERYONE),
    "pages.privacy": (PUBLIC, EVERYONE),
    "pages.cookies": (PUBLIC, EVERYONE),
    "home.healthz": (PUBLIC, EVERYONE),
    "auth.login": (PUBLIC, set()),  # signed-in users are sent home
    "auth.logout": (PUBLIC, EVERYONE),
    "auth.sign_in_code": (PUBLIC, set()),  # without a password just checked: back to /login
    "invitations.set_password": (NOT_FOUND, set()),  # with a token that is not real
    "calendar.feed": (NOT_FOUND, set()),
    # Every signed-in user
    "home.index": (LOGIN, EVERYONE),
    "auth.account": (LOGIN, EVERYONE),
    "auth.change_password": (LOGIN, EVERYONE),
    "calendar.index": (LOGIN, EVERYONE),
    # Staff only: young people and parents are not asked for a second factor
    "auth.second_factor_status": (LOGIN, STAFF),
    "auth.set_up_second_factor": (LOGIN, STAFF),
    "calendar.reset_link": (LOGIN, EVERYONE),
    "calendar.reminders": (LOGIN, EVERYONE),
    # Staff: notifications and what would have been emailed (the outbox, in development)
    "notifications.index": (LOGIN, STAFF),
    "notifications.mark_read": (LOGIN, STAFF),
    "notifications.mark_all_read": (LOGIN, STAFF),
    "notifications.settings": (LOGIN, STAFF),
    "notifications.outbox": (LOGIN, STAFF),
    # Workers and managers
    "caseload.index": (LOGIN, {W, W2}),
    "caseload.set_aside": (LOGIN, {W, W2}),
    "people.index": (LOGIN, {M, W, W2}),
    "people.create": (LOGIN, {M, W, W2}),
    # Managers only
    "team.index": (LOGIN, {M}),
    "team.people": (LOGIN, {M}),
    "team.choose_allocation": (LOGIN, {M}),
    "team.reallocate": (LOGIN, {M}),
    "team.caseload_size": (LOGIN, {M}),
    "reports.index": (LOGIN, {M}),
    "reports.download": (LOGIN, {M}),
    "imports.upload": (LOGIN, {M}),
    "imports.check": (LOGIN, {M}),
    "imports.confirm": (LOGIN, {M}),
    "framework.index": (LOGIN, {M}),
    "framework.new": (LOGIN, {M}),
    "framework.edit": (LOGIN, {M}),
    "framework.remove": (LOGIN, {M}),
    "handovers.overview": (LOGIN, {M}),
    "admin.index": (LOGIN, {M}),
    "admin.audit_log": (LOGIN, {M}),
    "admin.team_list": (LOGIN, {M}),
    "admin.new_team": (LOGIN, {M}),
    "admin.user_list": (LOGIN, {M}),
    "admin.new_user": (LOGIN, {M}),
    "admin.user_detail": (LOGIN, {M}),
    "admin.disable_user": (LOGIN, {M}),
    "admin.reset_password": (LOGIN, {M}),
    "admin.reset_second_factor": (LOGIN, {M}),
    # Adult services
    "handovers.inbox": (LOGIN, {ASC, AH}),
    # The young person (and a parent or carer)
    "my_pathway.index": (LOGIN, {YP}),
    "my_pathway.my_information": (LOGIN, {YP}),
    "my_pathway.my_information_json": (LOGIN, {YP}),
    "my_pathway.parent_access": (LOGIN, {YP}),
    "my_pathway.voice_index": (LOGIN, {YP}),
    "my_pathway.voice_write": (LOGIN, {YP}),
    # This young person's record: read by everyone in scope, changed by their workers
    "people.show": (LOGIN, {M, W, ASC, YP}),
    "people.edit": (LOGIN, WORKERS),
    "people.consent": (LOGIN, WORKERS),
    "milestones.show": (LOGIN, {M, W, ASC, YP}),
    "milestones.status": (LOGIN, WORKERS),
    "milestones.evidence": (LOGIN, WORKERS),
    "milestones.due_date": (LOGIN, WORKERS),
    "milestones.new": (LOGIN, WORKERS),
    "milestones.framework_update": (LOGIN, WORKERS),
    "meetings.create": (LOGIN, WORKERS),
    "meetings.show": (LOGIN, {M, W, ASC, YP}),
    "meetings.download": (LOGIN, {M, W, ASC, YP}),
    "meetings.edit": (LOGIN, WORKERS),
    "meetings.cancel": (LOGIN, WORKERS),
    "meetings.outcome": (LOGIN, WORKERS),
    "invitations.invite_young_person": (LOGIN, WORKERS),
    "invitations.invite_parent": (LOGIN, WORKERS),
    "invitations.reset": (LOGIN, WORKERS),
    "invitations.parent_access_decision": (LOGIN, WORKERS),
    "my_pathway.preview": (LOGIN, WORKERS),
    "my_pathway.on_behalf": (LOGIN, WORKERS),
    # Handovers: the sending side and the team it was sent to
    "handovers.create": (LOGIN, WORKERS),
    "handovers.show": (LOGIN, {M, W, ASC}),
    "handovers.export": (LOGIN, {M, W, ASC}),
    "handovers.edit": (LOGIN, WORKERS),
    "handovers.send": (LOGIN, WORKERS),
    "handovers.answer": (LOGIN, WORKERS),
    "handovers.complete": (LOGIN, WORKERS),
    "handovers.accept": (LOGIN, {ASC}),
    "handovers.query": (LOGIN, {ASC}),
    "handovers.return_handover": (LOGIN, {ASC}),
}

# Routes whose allowed users may still be turned away for the object's state
# (e.g. accepting a handover that is already accepted): checked for refusals only.
STATE_DEPENDENT = {
    "handovers.edit",
    "handovers.send",
    "handovers.answer",
    "handovers.complete",
    "handovers.accept",
    "handovers.query",
    "handovers.return_handover",
    "invitations.reset",
    "caseload.set_aside",  # only an item on the worker's own list
    "notifications.mark_read",  # only one's own notification; this one is nobody's
}


@pytest.fixture
def scene(world):
    person = make_person(team=world.north, worker=world.worker, marker="MATRIXMARK")
    milestone = db.session.scalar(
        select(Milestone).where(Milestone.young_person_id == person.id).limit(1)
    )
    handover = Handover(
        young_person=person,
        team=world.social_care,
        state="accepted",
        target_date=person.date_of_birth,
        sent_at=datetime.now(UTC),
        accepted_at=datetime.now(UTC),
    )
    start = datetime.now(UTC) + timedelta(days=3)
    meeting = Meeting(
        young_person=person,
        kind="annual_review",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    db.session.add_all([handover, meeting])
    handover.snapshot = handovers.build_summary(person, date.today())
    db.session.commit()
    users = {
        M: world.manager,
        W: world.worker,
        W2: world.worker2,
        ASC: world.adult_social_care,
        AH: world.adult_health,
        YP: world.young_person_user(person),
    }
    values = {
        "person_id": person.id,
        "milestone_id": milestone.id,
        "handover_id": handover.id,
        "meeting_id": meeting.id,
        "user_id": users[YP].id,
        "code": "E03",  # good practice, so a council may change or remove it
        "token": "no-such-token",
        "name": "overdue-by-area",
        "slug": "goal-work-and-learning",
        "notification_id": 999,
    }
    return users, values


def _url(rule, values) -> str:
    return url_for(rule.endpoint, **{arg: values[arg] for arg in rule.arguments})


def _rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint != "static"]


def test_every_route_is_in_the_access_matrix(app):
    missing = sorted({r.endpoint for r in _rules(app)} - MATRIX.keys())
    assert missing == [], f"add these routes to the access matrix: {missing}"
    stale = sorted(MATRIX.keys() - {r.endpoint for r in _rules(app)})
    assert stale == [], f"these matrix entries name no route: {stale}"


def test_visitors_who_are_not_signed_in(app, scene, client):
    _, values = scene
    for rule in _rules(app):
        anonymous, _ = MATRIX[rule.endpoint]
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(_url(rule, values), method=method)
        where = f"{method} {rule.rule}"
        if anonymous == LOGIN:
            assert response.status_code == 302, where
            assert response.headers["Location"].startswith("/login"), where
        elif anonymous == NOT_FOUND:
            assert response.status_code == 404, where
        else:
            assert response.status_code in (200, 302), where


@pytest.mark.parametrize("role", [M, W, W2, ASC, AH, YP])
def test_each_role_gets_only_what_the_matrix_allows(app, scene, sign_in, role):
    users, values = scene
    client = sign_in(users[role])
    for rule in _rules(app):
        anonymous, allowed = MATRIX[rule.endpoint]
        if anonymous in (PUBLIC, NOT_FOUND):
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(_url(rule, values), method=method)
        where = f"{role} {method} {rule.rule} -> {response.status_code}"
        assert response.status_code < 500, where
        if role in allowed:
            if rule.endpoint not in STATE_DEPENDENT:
                assert response.status_code not in (401, 403, 404), where
        else:
            assert response.status_code in (403, 404), where
            assert "MATRIXMARK" not in response.get_data(as_text=True), where
