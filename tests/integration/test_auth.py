"""Sign-in protections, sessions, CSRF and the account commands."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import PASSWORD, make_person
from tests.helpers import page
from transition import create_app
from transition.config import ConfigurationError
from transition.extensions import db
from transition.models import AuditEvent, User, UserSession


def _fail(client, email):
    return client.post("/login", data={"email": email, "password": "wrong password!"})


def test_ten_failures_lock_the_email_even_with_the_right_password(world, client):
    for _ in range(10):
        _fail(client, "  WORKER@example.org ")  # the count is per normalised email
    response = client.post("/login", data={"email": world.worker.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "too many attempts" in page(response).select_one(".govuk-error-summary").get_text()


def test_lockout_ends_after_its_time(world, client, app):
    import time_machine

    for _ in range(10):
        _fail(client, world.worker.email)
    with time_machine.travel(timedelta(minutes=app.config["LOCKOUT_MINUTES"] + 1), tick=False):
        response = client.post("/login", data={"email": world.worker.email, "password": PASSWORD})
    assert response.status_code == 302


def test_failed_attempts_from_one_address_are_throttled_but_successes_are_not(world, client, app):
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = "3 per minute"
    try:
        for n in range(5):
            ok = client.post("/login", data={"email": world.worker.email, "password": PASSWORD})
            assert ok.status_code == 302, f"successful sign-in {n} was throttled"
            client.post("/logout")
        for n in range(3):
            _fail(client, f"someone{n}@example.org")
        assert _fail(client, "someone9@example.org").status_code == 429
    finally:
        app.config["LOGIN_FAILURES_PER_ADDRESS"] = "100 per 15 minutes"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_next_only_accepts_same_site_paths(world, client, target):
    response = client.post(
        f"/login?next={target}", data={"email": world.worker.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_next_returns_to_the_page_asked_for(world, client):
    response = client.post(
        "/login?next=/young-people", data={"email": world.worker.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/young-people"


def test_idle_session_expires(world, sign_in, client):
    import time_machine

    sign_in(world.worker)
    with time_machine.travel(timedelta(minutes=31), tick=False):
        response = client.get("/caseload")
    assert response.status_code == 302


def test_changing_password_ends_other_sessions(world, app, sign_in, client):
    other = app.test_client_class(app)  # a second device
    other.post("/login", data={"email": world.worker.email, "password": PASSWORD})
    assert other.get("/caseload").status_code == 200
    sign_in(world.worker)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "a brand new passphrase"},
    )
    assert response.status_code == 302
    assert client.get("/caseload").status_code == 200  # this device signs in again
    assert other.get("/caseload").status_code == 302


def test_weak_new_password_is_refused(world, sign_in):
    response = sign_in(world.worker).post(
        "/account/password", data={"current_password": PASSWORD, "new_password": "short"}
    )
    assert "12 characters or more" in page(response).select_one(".govuk-error-summary").get_text()


def test_disabled_account_cannot_sign_in_or_keep_its_session(world, sign_in, client):
    from transition.services import accounts
    from transition.services.audit import Actor

    sign_in(world.worker)
    accounts.disable_user(Actor(world.manager), world.worker)
    db.session.commit()
    assert client.get("/caseload").status_code == 302
    response = client.post("/login", data={"email": world.worker.email, "password": PASSWORD})
    assert response.status_code == 200


def test_sign_in_records_an_audit_row_without_the_password(world, client):
    client.post("/login", data={"email": world.worker.email, "password": PASSWORD})
    client.post("/logout")
    _fail(client, world.worker.email)
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in")).all()
    assert {r.outcome for r in rows} == {"allowed", "refused"}
    assert all(PASSWORD not in (r.detail or "") for r in rows)


def test_state_changes_need_a_csrf_token(world, app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/login", data={"email": world.worker.email, "password": PASSWORD})
        assert response.status_code == 400
        token = page(client.get("/login")).select_one("input[name=csrf_token]")["value"]
        response = client.post(
            "/login",
            data={"email": world.worker.email, "password": PASSWORD, "csrf_token": token},
        )
        assert response.status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_sign_in_starts_a_new_server_session(world, client):
    client.post("/login", data={"email": world.worker.email, "password": PASSWORD})
    client.post("/logout")
    client.post("/login", data={"email": world.worker.email, "password": PASSWORD})
    sessions = db.session.scalars(select(UserSession).order_by(UserSession.id)).all()
    assert len(sessions) == 2
    assert sessions[0].revoked_at is not None and sessions[1].revoked_at is None


def test_create_user_command(app, world):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "New.Worker@Example.org",
            "--name",
            "New Worker",
            "--role",
            "worker",
            "--team",
            "North team",
            "--password-stdin",
        ],
        input="a long enough passphrase\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "new.worker@example.org"))
    assert user.team_id == world.north.id
    weak = runner.invoke(
        args=[
            "create-user",
            "--email",
            "x@example.org",
            "--name",
            "X",
            "--role",
            "manager",
            "--password-stdin",
        ],
        input="short\n",
    )
    assert weak.exit_code != 0
    assert "12 characters or more" in weak.output


def test_demo_data_loads_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    counts = {
        model: db.session.scalar(select(func.count()).select_from(model))
        for model in (User, AuditEvent)
    }
    db.session.commit()  # end this read so the command can take SQLite's write lock
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(User)) == counts[User]
    emails = set(db.session.scalars(select(User.email)))
    assert {
        "manager@example.org",
        "worker@example.org",
        "worker2@example.org",
        "adult.socialcare@example.org",
        "adult.health@example.org",
        "young.person@example.org",
    } <= emails


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("TRANSITION_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})


def test_production_refuses_debug(monkeypatch, tmp_path):
    monkeypatch.setenv("TRANSITION_ENV", "production")
    with pytest.raises(ConfigurationError, match="Debug"):
        create_app(
            {
                "SECRET_KEY": "x" * 32,
                "DEBUG": True,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}",
            }
        )


def test_health_check_fails_when_the_database_does_not_answer(tmp_path):
    app = create_app(
        {
            "SECRET_KEY": "x" * 32,
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] != "ok"


def test_account_page_shows_a_worker_their_team_and_a_young_person_no_team_row(world, sign_in):
    client = sign_in(world.worker)
    rows = {
        row.select_one(".govuk-summary-list__key").get_text(strip=True): row.select_one(
            ".govuk-summary-list__value"
        ).get_text(strip=True)
        for row in page(client.get("/account")).select(".govuk-summary-list__row")
    }
    assert rows["Team"] == "North team"

    person = make_person(team=world.north, worker=world.worker)
    client = sign_in(world.young_person_user(person))
    keys = [k.get_text(strip=True) for k in page(client.get("/account")).select("dt")]
    assert keys == ["Name", "Email address", "Role"]
