"""Accounts for young people and their parents or carers: one-time links, resets."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.factories import make_person
from tests.helpers import page
from transition.extensions import db
from transition.models import AuditEvent, User, UserSession, utcnow
from transition.services import accounts

NEW_PASSWORD = "purple giraffe dancing slowly"


@pytest.fixture
def jojo(world):
    person = make_person(
        team=world.north, worker=world.worker, preferred_name="Jojo", marker="JOJOMARKER"
    )
    db.session.commit()
    return person


def _invite(client, person, email="jojo@example.net") -> str:
    """Invite the young person; the path of the one-time link shown to the worker."""
    response = client.post(f"/young-people/{person.id}/invite", data={"email": email})
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Copy this link and give it to them"
    assert "We have not sent an email" in soup.get_text()
    return urlsplit(soup.select_one("#set-password-link").get_text(strip=True)).path


def test_worker_invites_the_young_person_who_sets_a_password_once(world, sign_in, client, jojo):
    worker = sign_in(world.worker)
    record = page(worker.get(f"/young-people/{jojo.id}"))
    assert record.find("a", href=f"/young-people/{jojo.id}/invite") is not None
    path = _invite(worker, jojo)
    token = path.rsplit("/", 1)[1]
    user = db.session.scalar(select(User).where(User.email == "jojo@example.net"))
    assert (user.role, user.young_person_id, user.password_hash) == ("young_person", jojo.id, None)
    assert user.invite_token_hash == accounts.hash_token(token) != token
    assert user.invite_expires_at - utcnow() > timedelta(days=6, hours=23)
    # The record now lists the account and no longer offers another invitation.
    record = page(worker.get(f"/young-people/{jojo.id}"))
    assert "jojo@example.net" in record.select_one("#accounts").find_next("table").get_text()
    assert record.find("a", href=f"/young-people/{jojo.id}/invite") is None

    client.post("/logout")
    form = client.get(path)
    assert form.status_code == 200
    assert form.headers["Referrer-Policy"] == "no-referrer"
    assert page(form).h1.get_text(strip=True) == "Choose your password"
    weak = client.post(path, data={"password": "short"})
    assert "12 characters or more" in page(weak).select_one(".govuk-error-summary").get_text()
    done = client.post(path, data={"password": NEW_PASSWORD})
    assert done.status_code == 302
    landing = client.get("/", follow_redirects=True)
    assert landing.request.path == "/my-pathway"
    assert page(landing).h1.get_text(strip=True) == "Hello Jojo"

    client.post("/logout")
    again = client.get(path)
    assert again.status_code == 404
    assert page(again).h1.get_text(strip=True) == "This link does not work"
    assert client.post(path, data={"password": "another long password"}).status_code == 404
    signed_in = client.post("/login", data={"email": "jojo@example.net", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"invite_user", "set_password"} <= actions


def test_an_expired_link_says_so(world, sign_in, client, jojo):
    path = _invite(sign_in(world.worker), jojo)
    user = db.session.scalar(select(User).where(User.email == "jojo@example.net"))
    user.invite_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client.post("/logout")
    response = client.get(path)
    assert response.status_code == 410
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "This link has expired"
    assert "Ask your worker for a new link" in soup.get_text()
    assert client.post(path, data={"password": NEW_PASSWORD}).status_code == 410
    assert db.session.get(User, user.id).password_hash is None


def test_made_up_links_do_not_work(client):
    assert client.get("/set-password/not-a-real-token").status_code == 404


def test_reset_makes_a_new_link_and_ends_their_sessions(world, sign_in, client, jojo):
    young = world.young_person_user(jojo)
    sign_in(young)
    assert db.session.scalar(select(UserSession.id).where(UserSession.user_id == young.id))
    cookie = client.get_cookie("session").value

    worker = sign_in(world.worker)
    record = page(worker.get(f"/young-people/{jojo.id}"))
    form = record.find("form", action=f"/young-people/{jojo.id}/accounts/{young.id}/reset")
    assert form is not None
    response = worker.post(form["action"])
    assert response.status_code == 200
    path = urlsplit(page(response).select_one("#set-password-link").get_text(strip=True)).path

    client.set_cookie("session", cookie)  # their old session no longer works
    assert client.get("/my-pathway").status_code == 302
    client.post("/logout")
    old = client.post(
        "/login", data={"email": young.email, "password": "correct horse battery staple"}
    )
    assert old.status_code == 200  # the old password no longer works
    assert client.post(path, data={"password": NEW_PASSWORD}).status_code == 302
    assert client.get("/my-pathway").status_code == 200


def test_reset_only_reaches_this_persons_accounts(world, sign_in, jojo):
    other = make_person(team=world.north, worker=world.worker)
    stranger = world.young_person_user(other)
    client = sign_in(world.worker)
    response = client.post(f"/young-people/{jojo.id}/accounts/{stranger.id}/reset")
    assert response.status_code == 404
    worker = client.post(f"/young-people/{jojo.id}/accounts/{world.worker2.id}/reset")
    assert worker.status_code == 404
    assert db.session.get(User, stranger.id).invite_token_hash is None


def test_worker_invites_a_parent_who_then_sees_the_pathway(world, sign_in, client, jojo):
    worker = sign_in(world.worker)
    missing = worker.post(f"/young-people/{jojo.id}/invite-parent", data={"email": "pat@x.net"})
    assert (
        "Enter the parent's or carer's name"
        in page(missing).select_one(".govuk-error-summary").get_text()
    )
    response = worker.post(
        f"/young-people/{jojo.id}/invite-parent",
        data={"name": "Pat Clarke", "email": "pat@example.net"},
    )
    path = urlsplit(page(response).select_one("#set-password-link").get_text(strip=True)).path
    parent = db.session.scalar(select(User).where(User.email == "pat@example.net"))
    assert (parent.role, parent.young_person_id, parent.name) == (
        "parent_carer",
        jojo.id,
        "Pat Clarke",
    )
    client.post("/logout")
    client.post(path, data={"password": NEW_PASSWORD})
    pathway = client.get("/", follow_redirects=True)
    assert pathway.request.path == "/my-pathway"
    assert page(pathway).h1.get_text(strip=True) == "Jojo's pathway"


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter an email address"),
        ("not an email", "Enter an email address in the correct format"),
        ("worker@example.org", "already exists"),
    ],
)
def test_bad_invitations_are_refused(world, sign_in, jojo, email, message):
    client = sign_in(world.worker)
    response = client.post(f"/young-people/{jojo.id}/invite", data={"email": email})
    assert response.status_code == 200
    assert message in page(response).select_one(".govuk-error-summary").get_text()
    assert db.session.scalar(select(User).where(User.young_person_id == jojo.id)) is None


def test_a_second_young_person_account_is_refused(world, sign_in, jojo):
    world.young_person_user(jojo)
    response = sign_in(world.worker).post(
        f"/young-people/{jojo.id}/invite", data={"email": "second@example.net"}
    )
    assert "Reset their password" in page(response).select_one(".govuk-error-summary").get_text()


def test_invitations_are_refused_outside_scope(world, sign_in, jojo):
    for user in (world.worker2, world.adult_social_care, world.young_person_user(jojo)):
        client = sign_in(user)
        for response in (
            client.get(f"/young-people/{jojo.id}/invite"),
            client.post(f"/young-people/{jojo.id}/invite", data={"email": "a@example.net"}),
            client.post(
                f"/young-people/{jojo.id}/invite-parent",
                data={"name": "A", "email": "b@example.net"},
            ),
        ):
            assert response.status_code in (403, 404)
            assert "JOJOMARKER" not in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email.like("%@example.net"))) is None
    refused = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.user_id == world.worker2.id, AuditEvent.outcome == "refused"
        )
    )
    assert refused.young_person_id == jojo.id
