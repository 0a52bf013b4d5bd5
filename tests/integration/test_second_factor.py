"""Staff second factor: an authenticator app (TOTP) with recovery codes."""

from __future__ import annotations

import time
from datetime import timedelta

import pyotp
import pytest
import time_machine
from sqlalchemy import select

from tests.factories import PASSWORD, make_person
from tests.helpers import page, post_all_at_once
from transition import create_app
from transition.config import ConfigurationError
from transition.extensions import db
from transition.models import AuditEvent, RecoveryCode, User, UserSession

USED: dict[str, str] = {}  # secret → the code that set it up


def _set_up(client) -> tuple[str, list[str]]:
    """Set up an app from the account page, as a user would; the secret and the codes."""
    account = page(client.get("/account"))
    link = account.find("a", string="Set up an authenticator app")
    status = page(client.get(link["href"]))
    start = status.find("a", string="Set up an authenticator app")
    setup = page(client.get(start["href"]))
    assert setup.select_one("svg.app-qr-code title").get_text() == (
        "QR code for your authenticator app"
    )
    secret = setup.select_one("#setup-key").get_text().replace(" ", "")
    USED[secret] = pyotp.TOTP(secret).now()
    done = client.post(start["href"], data={"code": USED[secret]})
    assert done.status_code == 200
    codes = [li.get_text(strip=True) for li in page(done).select("#recovery-codes li")]
    return secret, codes


def _next_code(secret: str) -> str:
    """The code for the next 30 seconds: the current one was used to set the app up."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def _password(client, user):
    client.post("/logout")
    return client.post("/login", data={"email": user.email, "password": PASSWORD})


def _actions(action: str) -> list[tuple[str, str | None]]:
    db.session.expire_all()
    return [
        (e.outcome, e.detail)
        for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    ]


def test_a_worker_sets_up_an_app_and_then_needs_a_code_to_sign_in(world, sign_in, client):
    secret, codes = _set_up(sign_in(world.worker))
    assert len(codes) == 10 and len(set(codes)) == 10
    db.session.expire_all()
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)  # only hashes are kept
    assert _actions("set_up_second_factor") == [("allowed", None)]

    response = _password(client, world.worker)
    assert response.headers["Location"] == "/login/code"
    assert client.get("/caseload").status_code == 302  # not signed in yet

    form = page(client.get("/login/code"))
    assert form.h1.get_text(strip=True) == "Enter the security code"
    signed_in = client.post("/login/code", data={"code": _next_code(secret)})
    assert signed_in.headers["Location"] == "/"
    assert client.get("/caseload").status_code == 200


def test_a_used_code_is_refused(world, sign_in, client):
    secret, _ = _set_up(sign_in(world.worker))
    _password(client, world.worker)
    # The code that set the app up has been used.
    again = client.post("/login/code", data={"code": USED[secret]})
    assert again.status_code == 200
    assert page(again).title.get_text(strip=True).startswith("Error:")
    assert "not correct or has been used" in page(again).select_one(".govuk-error-summary").text
    code = _next_code(secret)
    assert client.post("/login/code", data={"code": code}).status_code == 302
    _password(client, world.worker)
    assert client.post("/login/code", data={"code": code}).status_code == 200


def test_one_code_sent_twice_at_once_signs_in_once(world, sign_in, client, live_url):
    secret, _ = _set_up(sign_in(world.worker))
    _password(client, world.worker)
    cookie = f"session={client.get_cookie('session').value}"
    before = db.session.query(UserSession).count()

    answers = post_all_at_once(
        f"{live_url}/login/code", [{"code": _next_code(secret)}] * 4, headers={"Cookie": cookie}
    )

    assert sorted(status for status, _ in answers) == [200, 200, 200, 302]
    db.session.expire_all()
    assert db.session.query(UserSession).count() == before + 1


def test_a_recovery_code_works_once(world, sign_in, client):
    _, codes = _set_up(sign_in(world.worker))
    _password(client, world.worker)
    response = client.post("/login/code", data={"code": codes[3].upper()}, follow_redirects=True)
    assert "You have 9 left" in page(response).get_text()
    assert _actions("second_factor") == [("allowed", "a recovery code was used")]
    _password(client, world.worker)
    assert client.post("/login/code", data={"code": codes[3]}).status_code == 200


def test_wrong_codes_lock_the_account_after_ten(world, sign_in, client):
    secret, _ = _set_up(sign_in(world.worker))
    _password(client, world.worker)
    for _ in range(10):
        assert client.post("/login/code", data={"code": "000000"}).status_code == 200
    _password(client, world.worker)
    locked = client.post("/login/code", data={"code": _next_code(secret)})
    assert "too many attempts" in page(locked).select_one(".govuk-error-summary").text
    assert client.get("/caseload").status_code == 302


def test_the_code_page_expires_and_needs_a_password_first(world, sign_in, client):
    assert client.get("/login/code").headers["Location"] == "/login"
    secret, _ = _set_up(sign_in(world.worker))
    _password(client, world.worker)
    with time_machine.travel(timedelta(minutes=6)):
        late = client.post("/login/code", data={"code": _next_code(secret)})
    assert late.headers["Location"] == "/login"


def test_a_manager_resets_a_workers_second_factor(world, sign_in, client):
    secret, _ = _set_up(sign_in(world.worker))
    manager = sign_in(world.manager)
    detail = page(manager.get(f"/admin/users/{world.worker.id}"))
    form = detail.find("form", action=f"/admin/users/{world.worker.id}/second-factor/reset")
    assert manager.post(form["action"]).status_code == 302
    db.session.expire_all()
    worker = db.session.get(User, world.worker.id)
    assert worker.totp_secret is None
    assert db.session.scalars(select(RecoveryCode)).all() == []
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "reset_second_factor")
    ).all()
    assert [(e.user_id, e.object_id) for e in events] == [(world.manager.id, world.worker.id)]
    # Offered, not required, here: the password alone signs them in again.
    assert _password(client, world.worker).headers["Location"] == "/"


def test_young_people_are_not_offered_a_second_factor(world, sign_in):
    person = make_person(team=world.north, worker=world.worker)
    client = sign_in(world.young_person_user(person))
    assert "Second factor" not in page(client.get("/account")).get_text()
    assert client.get("/account/second-factor").status_code == 403


def test_where_required_staff_set_up_an_app_before_anything_else(app, world, sign_in):
    person = make_person(team=world.north, worker=world.worker)
    young = world.young_person_user(person)
    app.config["STAFF_SECOND_FACTOR"] = "required"
    try:
        client = sign_in(world.worker)
        assert client.get("/caseload").headers["Location"] == "/account/second-factor/set-up"
        secret, _ = _set_up_directly(client)
        assert client.get("/caseload").status_code == 200
        assert secret
        assert sign_in(young).get("/my-pathway").status_code == 200
    finally:
        app.config["STAFF_SECOND_FACTOR"] = "offered"


def _set_up_directly(client) -> tuple[str, list[str]]:
    setup = page(client.get("/account/second-factor/set-up"))
    secret = setup.select_one("#setup-key").get_text().replace(" ", "")
    done = client.post("/account/second-factor/set-up", data={"code": pyotp.TOTP(secret).now()})
    return secret, [li.get_text(strip=True) for li in page(done).select("#recovery-codes li")]


def test_production_refuses_to_start_without_a_required_second_factor(monkeypatch):
    monkeypatch.setenv("TRANSITION_ENV", "production")
    monkeypatch.setenv("STAFF_SECOND_FACTOR", "offered")
    settings = {
        "SECRET_KEY": "x" * 32,
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/13",
    }
    with pytest.raises(ConfigurationError, match="second factor"):
        create_app(settings)
    # A single sign-on deployment whose identity provider asks for the second factor.
    monkeypatch.setenv("SECOND_FACTOR_AT_IDENTITY_PROVIDER", "true")
    assert create_app(settings).config["STAFF_SECOND_FACTOR"] == "offered"
