"""No input makes a 5xx: every route, every role, with junk query strings and forms."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.conftest import page
from tests.factories import make_person, store_document
from transition.extensions import db
from transition.models import CaseNote, Contact, Handover, Meeting, Milestone

SKIP_ENDPOINTS = {"static", "auth.logout"}

junk_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", " ", "0", "-1", "99999999999999999999", "1e9", "../../etc", "<script>", "=1+1",
         "\x00", "2026-02-30", "31", "13", "NaN", "true", "yes", "🙂" * 5, "a" * 5000]
    ),
)  # fmt: skip


@pytest.fixture
def objects(world):
    """One of each object, in the North team, so every URL can be built."""
    person = make_person(team=world.north, worker=world.worker)
    milestone = db.session.scalar(
        select(Milestone).where(Milestone.young_person_id == person.id).limit(1)
    )
    handover = Handover(
        young_person=person, team=world.social_care, state="draft", target_date=person.date_of_birth
    )
    start = datetime.now(UTC) + timedelta(days=3)
    meeting = Meeting(
        young_person=person,
        kind="annual_review",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    note = CaseNote(
        young_person_id=person.id,
        kind="visit",
        happened_on=start.date(),
        text="A visit",
        author=world.worker,
    )
    contact = Contact(young_person_id=person.id, kind="gp_practice", name="Surgery")
    document = store_document(person, b"%PDF-1.4 robustness")
    handover.documents = [document]
    db.session.add_all([handover, meeting, note, contact])
    db.session.commit()
    return {
        "note_id": note.id,
        "contact_id": contact.id,
        "document_id": document.id,
        "person_id": person.id,
        "milestone_id": milestone.id,
        "handover_id": handover.id,
        "meeting_id": meeting.id,
        "user_id": world.worker2.id,
        "code": milestone.code,
        "token": "not-a-real-token",
        "name": "overdue-by-area",
        "slug": "goal",
        "notification_id": 1,
    }


def _urls(app, objects, method):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in SKIP_ENDPOINTS or method not in rule.methods:
            continue
        values = {arg: objects[arg] for arg in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            yield rule.endpoint, url_for(rule.endpoint, **values)


ROLES = ["manager", "worker", "adult_social_care"]


@pytest.mark.parametrize("role", ROLES)
def test_junk_query_strings_never_cause_a_server_error(app, world, objects, sign_in, role):
    client = sign_in(getattr(world, role))
    for endpoint, url in _urls(app, objects, "GET"):
        for query in ("?page=-1&sort=%00&q=" + "x" * 300, "?page=abc&rag=purple&team=xyz"):
            response = client.get(url + query)
            assert response.status_code < 500, f"{endpoint} {url}{query}"


@pytest.mark.parametrize("role", ["manager", "worker"])
def test_junk_forms_never_cause_a_server_error(app, world, objects, sign_in, role):
    client = sign_in(getattr(world, role))
    posts = list(_urls(app, objects, "POST"))
    field_names = {}
    for endpoint, url in posts:
        if "GET" in app.url_map._rules_by_endpoint[endpoint][0].methods:
            form = page(client.get(url)).select_one("main form[method=post]")
            if form is not None:
                field_names[endpoint] = sorted(
                    {i.get("name") for i in form.select("[name]") if i.get("name")}
                )

    @settings(
        max_examples=2,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(data=st.data())
    def check(data):
        for endpoint, url in posts:
            names = field_names.get(endpoint, []) + ["version", "unexpected"]
            form = {name: data.draw(junk_text) for name in names}
            response = client.post(url, data=form)
            assert response.status_code < 500, f"{endpoint} {url} {form!r}"

    check()
