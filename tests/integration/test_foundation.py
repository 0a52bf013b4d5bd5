"""Signing in, each role's home, the health check and the pages anyone can read."""

from __future__ import annotations

import pytest

from tests.factories import make_person
from tests.helpers import page


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


def test_visitor_is_sent_to_sign_in(client):
    response = client.get("/caseload")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(
    ("who", "home"),
    [
        ("worker", "/caseload"),
        ("worker2", "/caseload"),
        ("manager", "/team"),
        ("adult_social_care", "/handovers"),
        ("adult_health", "/handovers"),
    ],
)
def test_each_role_is_sent_to_its_home(world, sign_in, who, home):
    client = sign_in(getattr(world, who))
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == home
    landing = client.get(home)
    assert landing.status_code == 200
    assert page(landing).h1 is not None


def test_young_person_lands_on_their_own_pathway(world, sign_in):
    person = make_person(team=world.north, worker=world.worker, preferred_name="Jojo")
    client = sign_in(world.young_person_user(person))
    response = client.get("/", follow_redirects=True)
    assert response.request.path == "/my-pathway"
    assert "Hello Jojo" in page(response).h1.get_text()


def test_wrong_password_and_unknown_email_get_the_same_message(world, client):
    wrong = client.post("/login", data={"email": world.worker.email, "password": "nope" * 4})
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "x" * 12})
    messages = [
        page(r).select_one(".govuk-error-summary").get_text(" ", strip=True)
        for r in (wrong, unknown)
    ]
    assert messages[0] == messages[1]
    assert "Enter a correct email address and password" in messages[0]
    assert page(wrong).title.get_text().startswith("Error: ")


def test_sign_out_ends_the_session_on_the_server(world, client, sign_in):
    sign_in(world.worker)
    cookie = client.get_cookie("session").value
    client.post("/logout")
    client.set_cookie("session", cookie)  # replay the old cookie
    response = client.get("/caseload")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("path", ["/accessibility", "/privacy", "/cookies"])
def test_public_pages_need_no_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert page(response).select_one("footer a[href='/privacy']") is not None


def test_pages_carry_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    nonce = csp.split("'nonce-")[1].split("'")[0]
    for script in page(response).find_all("script"):
        assert script.get("src") or script.get("nonce") == nonce


def test_signed_in_pages_are_not_cached(world, sign_in):
    response = sign_in(world.worker).get("/caseload")
    assert response.headers["Cache-Control"] == "no-store"


def test_no_crown_and_no_gds_font(client):
    body = client.get("/login").get_data(as_text=True)
    assert "govuk-header__logotype" not in body
    assert "GDS Transport" not in body


def test_a_nul_character_in_input_is_a_bad_request(world, client, sign_in):
    response = client.post("/login", data={"email": "a\x00b@example.org", "password": "x" * 12})
    assert response.status_code == 400
    sign_in(world.worker)
    assert client.get("/young-people?q=a%00b").status_code == 400
