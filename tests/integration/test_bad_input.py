"""Every 500 the probe of issue 13 found is now a 400 or 404 (or a form message), and
nothing is written: ids that do not fit a column, Unicode digits, CR/LF in next=, an email
that grows when lower-cased, a review dated 31/12/9999, dates outside 1900-2100."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import page
from tests.factories import make_person
from tests.forms import form_values
from transition.extensions import db
from transition.models import Handover, LoginThrottle, YoungPerson
from transition.services.importer import parse_date


def _rows(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    "path",
    [
        "/young-people/9223372036854775808",  # 2**63: SQLite's integer overflowed
        "/young-people/2147483648",  # 2**31: PostgreSQL's INTEGER overflowed
        "/young-people/99999999999999999999999/edit",
        "/meetings/2147483648",
        "/handovers/2147483648",
        "/young-people/\u0661\u0662",  # Arabic-Indic digits
        "/young-people/\uff11",  # a full-width 1
        "/young-people/0",
    ],
)
def test_ids_that_cannot_be_a_row_are_not_found(world, sign_in, path):
    client = sign_in(world.manager)
    people = _rows(YoungPerson)
    assert client.get(path).status_code == 404
    assert _rows(YoungPerson) == people


@pytest.mark.parametrize(
    "path",
    [
        "/caseload?page=\u00b2",  # superscript two: isdigit() says yes, int() says no
        "/caseload?page=\u0661&per_page=\u0662\u0665",
        "/audit?page=\u00b2&young_person=\u00b9",
        "/audit?young_person=9223372036854775808",
        "/young-people?page=\u00b2",
        "/team/reallocate?person=\u00b2:1&person=9223372036854775808:1",
    ],
)
def test_unicode_digits_and_huge_numbers_in_parameters_are_ignored(world, sign_in, path):
    client = sign_in(world.manager if "caseload" not in path else world.worker)
    # The page, or back to the list when no one valid was chosen.
    assert client.get(path).status_code in {200, 302}


def test_an_import_confirmation_with_unicode_digits_is_refused_with_a_message(world, sign_in):
    response = sign_in(world.manager).post(
        "/import/confirm", data={"issued": "\u00b2\u00b2", "content": "", "signature": "x"}
    )
    assert response.status_code == 200
    assert "has expired or changed" in page(response).get_text()


@pytest.mark.parametrize(
    "next_path", ["/caseload\r\nSet-Cookie: stolen=1", "/caseload\nX-Evil: 1", "/ca\tse"]
)
def test_control_characters_in_next_do_not_reach_the_location_header(world, client, next_path):
    response = client.post(
        "/login",
        query_string={"next": next_path},
        data={"email": world.worker.email, "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "stolen" not in response.headers.get("Set-Cookie", "")


def test_an_email_that_grows_when_lower_cased_is_a_form_message(client):
    # 254 characters as typed; "İ".lower() is two characters, so 494 once normalised.
    email = "\u0130" * 240 + "@example.org"
    assert len(email) <= 254
    response = client.post("/login", data={"email": email, "password": "whatever it is"})
    assert response.status_code == 200
    assert "Email address must be 254 characters or fewer" in page(response).get_text()
    assert _rows(LoginThrottle) == 0


def test_a_review_dated_31_12_9999_no_longer_breaks_the_handover_pages(world, sign_in):
    """Saved before dates were checked: the pages still load, without a next review."""
    person = make_person(team=world.north, worker=world.worker)
    person.ehc_last_review_on = date(9999, 12, 31)
    handover = Handover(
        young_person=person,
        team=world.social_care,
        state="draft",
        target_date=date.today() + timedelta(days=300),
    )
    db.session.add(handover)
    db.session.commit()
    client = sign_in(world.worker)
    assert client.get(f"/handovers/{handover.id}").status_code == 200
    assert client.get(f"/young-people/{person.id}").status_code == 200
    assert client.get(f"/handovers/{handover.id}/send").status_code == 200


def test_a_date_outside_1900_to_2100_is_a_message_and_nothing_changes(world, sign_in):
    person = make_person(team=world.north, worker=world.worker)
    db.session.commit()
    client = sign_in(world.worker)
    path = f"/young-people/{person.id}/edit"
    data = form_values(
        client.get(path).get_data(as_text=True), ehc_last_review_on=("31", "12", "9999")
    )
    response = client.post(path, data=data)
    assert response.status_code == 200
    assert (
        "must be between 1900 and 2100"
        in page(response).select_one(".govuk-error-summary").get_text()
    )
    db.session.expire_all()
    assert db.session.get(YoungPerson, person.id).ehc_last_review_on is None


def test_the_importer_reads_only_ascii_dates_between_1900_and_2100():
    assert parse_date("2010-01-31") == date(2010, 1, 31)
    assert parse_date("31/01/2010") == date(2010, 1, 31)
    assert parse_date("9999-12-31") is None
    assert parse_date("1899-12-31") is None
    assert parse_date("\u0662\u0660\u0661\u0660-01-31") is None
