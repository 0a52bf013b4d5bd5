"""Bulk import from CSV: all or nothing, named bad rows, idempotent by local reference."""

from __future__ import annotations

import base64
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from tests.helpers import born, page
from transition.extensions import db
from transition.models import AuditEvent, Milestone, YoungPerson
from transition.services import importer
from transition.services.audit import Actor

HEADER = (
    "local_reference,first_name,last_name,date_of_birth,nhs_number,primary_need,ehc_plan,"
    "team,worker_email"
)


def good_file(world, today) -> str:
    dob = born(today, 15)
    return "\n".join(
        [
            HEADER,
            f"IMP-001,Ada,Lovelace,{dob.isoformat()},485 777 3457,ASD,yes,"
            f"North team,{world.worker.email}",
            f"IMP-002,Brian,May,{dob.strftime('%d/%m/%Y')},,Severe learning difficulty,no,"
            "South team,",
            f"IMP-003,Cara,Dune,{dob.isoformat()},,,,,",
        ]
    )


def with_bad_row(world, today) -> str:
    lines = good_file(world, today).split("\n")
    # Line 3 gets an NHS number with a wrong check digit.
    lines[2] = lines[2].replace(",,Severe", ",4857773456,Severe")
    return "\n".join(lines)


def people_count() -> int:
    return db.session.scalar(select(func.count(YoungPerson.id))) or 0


@pytest.fixture
def csv_path(tmp_path):
    def write(text: str, *, bom: bool = False):
        path = tmp_path / "people.csv"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
        return str(path)

    return write


def test_cli_bad_row_writes_nothing_then_fixed_file_imports_once(app, world, today, csv_path):
    runner = app.test_cli_runner()
    bad = runner.invoke(args=["import-young-people", csv_path(with_bad_row(world, today))])
    assert bad.exit_code != 0
    assert "Line 3" in bad.output and "NHS number" in bad.output
    assert "Line 2" not in bad.output and "Line 4" not in bad.output
    assert people_count() == 0

    fixed = runner.invoke(args=["import-young-people", csv_path(good_file(world, today), bom=True)])
    assert fixed.exit_code == 0, fixed.output
    assert "3 created" in fixed.output
    assert people_count() == 3
    ada = db.session.scalar(select(YoungPerson).where(YoungPerson.local_reference == "IMP-001"))
    assert (ada.team_id, ada.worker_id, ada.primary_need) == (
        world.north.id,
        world.worker.id,
        "ASD",
    )
    brian = db.session.scalar(select(YoungPerson).where(YoungPerson.local_reference == "IMP-002"))
    assert brian.primary_need == "SLD" and brian.has_ehc_plan is False
    assert brian.date_of_birth == born(today, 15)
    # The framework is applied to new people.
    assert db.session.scalar(
        select(func.count(Milestone.id)).where(Milestone.young_person_id == ada.id)
    )

    again = runner.invoke(args=["import-young-people", csv_path(good_file(world, today))])
    assert again.exit_code == 0
    assert "0 created" in again.output and "3 unchanged" in again.output
    assert people_count() == 3


def test_cli_dry_run_writes_nothing_and_updates_by_reference(app, world, today, csv_path):
    runner = app.test_cli_runner()
    path = csv_path(good_file(world, today))
    dry = runner.invoke(args=["import-young-people", path, "--dry-run"])
    assert dry.exit_code == 0 and "3 would be created" in dry.output
    assert people_count() == 0

    runner.invoke(args=["import-young-people", path])
    changed = good_file(world, today).replace("Cara,Dune", "Cara,Dunn")
    update = runner.invoke(args=["import-young-people", csv_path(changed)])
    assert "1 updated" in update.output and "2 unchanged" in update.output
    db.session.expire_all()
    cara = db.session.scalar(select(YoungPerson).where(YoungPerson.local_reference == "IMP-003"))
    assert cara.last_name == "Dunn"
    assert people_count() == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("local_reference,first_name,last_name,date_of_birth,shoe_size\n", "Unknown column"),
        ("local_reference,first_name,last_name\nA,B,C\n", "must include date_of_birth"),
        (f"{HEADER}\nX1,A,B,31/02/2011,,,,,\n", "Line 2: date_of_birth must be a real date"),
        (f"{HEADER}\nX1,A,B,1999-01-01,,,,,\n", "Line 2: The young person must be 25"),
        (f"{HEADER}\nX1,A,B,2011-01-01,,XYZ,,,\n", "Line 2: primary_need 'XYZ'"),
        (f"{HEADER}\nX1,A,B,2011-01-01,,,maybe,,\n", "Line 2: ehc_plan must be yes or no"),
        (f"{HEADER}\nX1,A,B,2011-01-01,,,,Nowhere team,\n", "no children's team called"),
        (f"{HEADER}\nX1,A,B,2011-01-01,,,,,ghost@example.org\n", "no active worker"),
        (f"{HEADER}\nX1,A,,2011-01-01,,,,,\n", "Line 2: last_name is empty"),
        (f"{HEADER}\nX1,A,B,2011-01-01\n", "Line 2: has 4 columns"),
        (f"{HEADER}\nX1,A,B,2011-01-01,,,,,\nX1,C,D,2011-01-01,,,,,\n", "also on line 2"),
        (HEADER + "\n", "no rows"),
        ("", "empty"),
    ],
)
def test_each_problem_is_named(world, today, text, expected):
    report = importer.import_people(Actor(None), text.encode(), today)
    assert not report.ok
    assert any(expected in str(problem) for problem in report.problems), report.problems
    assert people_count() == 0


def test_worker_must_be_in_the_team_named(world, today):
    text = f"{HEADER}\nX1,A,B,2011-01-01,,,,South team,{world.worker.email}\n"
    report = importer.import_people(Actor(None), text.encode(), today)
    assert [str(p) for p in report.problems] == [
        f"Line 2: {world.worker.email} is not in South team"
    ]


def test_size_and_row_caps(world, today):
    row = f"X{{}},A,B,{born(today, 15).isoformat()},,,,,"
    text = "\n".join([HEADER, *(row.format(n) for n in range(4))]).encode()
    too_many = importer.import_people(Actor(None), text, today, max_rows=3)
    assert "more than 3 rows" in str(too_many.problems[0])
    too_big = importer.import_people(Actor(None), text, today, max_bytes=50)
    assert "smaller than" in str(too_big.problems[0])
    not_utf8 = importer.import_people(Actor(None), "é".encode("latin-1"), today)
    assert "UTF-8" in str(not_utf8.problems[0])
    assert people_count() == 0


def test_upload_checks_first_then_confirms(world, sign_in, today):
    client = sign_in(world.manager)
    assert page(client.get("/team")).select_one("a[href='/import']") is not None
    form = client.get("/import")
    assert page(form).select_one("input[type=file][name=file]") is not None

    bad = client.post(
        "/import",
        data={"file": (io.BytesIO(with_bad_row(world, today).encode()), "people.csv")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 200
    html = page(bad)
    assert html.title.get_text().startswith("Error: ")
    problems = html.select("table.app-import-problems tbody tr")
    assert [r.select("td")[0].get_text(strip=True) for r in problems] == ["3"]
    assert people_count() == 0

    checked = client.post(
        "/import",
        data={"file": (io.BytesIO(good_file(world, today).encode()), "people.csv")},
        content_type="multipart/form-data",
    )
    assert people_count() == 0  # nothing is written before confirming
    html = page(checked)
    assert "Check the import" in html.h1.get_text()
    fields = {i["name"]: i.get("value", "") for i in html.select("form input[type=hidden]")}
    confirmed = client.post("/import/confirm", data=fields)
    assert confirmed.status_code == 302
    assert "3 created" in page(client.get(confirmed.headers["Location"])).get_text()
    assert people_count() == 3
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import")) is not None

    again = client.post("/import/confirm", data=fields)  # the same form posted twice
    assert again.status_code == 302
    assert people_count() == 3


def test_upload_refuses_content_changed_after_checking(world, sign_in, today):
    client = sign_in(world.manager)
    checked = client.post(
        "/import",
        data={"file": (io.BytesIO(good_file(world, today).encode()), "people.csv")},
        content_type="multipart/form-data",
    )
    fields = {
        i["name"]: i.get("value", "") for i in page(checked).select("form input[type=hidden]")
    }
    forged = f"{HEADER}\nEVIL-1,Mallory,Forged,{born(today, 15).isoformat()},,,,,\n".encode()
    not_our_key = URLSafeTimedSerializer("a key that is not the app's", salt="import-young-people")
    fields["checked"] = not_our_key.dumps(
        {"user": world.manager.id, "csv": base64.urlsafe_b64encode(forged).decode()}
    )
    response = client.post("/import/confirm", data=fields)
    assert response.status_code == 200
    assert "expired or changed" in page(response).select_one(".govuk-error-summary").get_text()
    assert people_count() == 0

    fields["checked"] = "!!not a signed file!!"
    assert client.post("/import/confirm", data=fields).status_code == 200
    assert people_count() == 0


def test_a_checked_file_waits_an_hour_for_its_confirmation(world, sign_in, today):
    client = sign_in(world.manager)
    checked = client.post(
        "/import",
        data={"file": (io.BytesIO(good_file(world, today).encode()), "people.csv")},
        content_type="multipart/form-data",
    )
    fields = {
        i["name"]: i.get("value", "") for i in page(checked).select("form input[type=hidden]")
    }
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=61)):
        sign_in(world.manager)
        response = client.post("/import/confirm", data=fields)
    assert "expired or changed" in page(response).select_one(".govuk-error-summary").get_text()
    assert people_count() == 0


def test_only_managers_can_import(world, client, sign_in):
    assert client.get("/import").headers["Location"].startswith("/login")
    worker = sign_in(world.worker)
    assert worker.get("/import").status_code == 403
    assert worker.post("/import/confirm", data={}).status_code == 403


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    junk=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda t: t.encode("utf-8")),
        st.lists(
            st.lists(st.text(alphabet=',"\n\r\t =+-/0123456789aAyYnN', max_size=12), max_size=10),
            max_size=6,
        ).map(lambda rows: (HEADER + "\n" + "\n".join(",".join(r) for r in rows)).encode()),
    )
)
def test_junk_never_raises_and_writes_nothing(world, today, junk):
    report = importer.import_people(Actor(None), junk, today, dry_run=True)
    assert isinstance(report, importer.ImportReport)
    for problem in report.problems:
        assert problem.message and (problem.line is None or problem.line >= 1)
        assert re.match(r"^(Line \d+: )?\S", str(problem))
    db.session.rollback()
    assert people_count() == 0
