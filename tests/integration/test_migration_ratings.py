"""The ratings migration upgrades a database made by the previous release, with its data."""

from __future__ import annotations

import json
from datetime import date

from flask_migrate import upgrade
from sqlalchemy import text

from transition import create_app
from transition.extensions import db
from transition.pathway.framework import framework_to_dict, load_framework


def test_upgrade_keeps_data_and_corrects_it(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite'}",
            "SECRET_KEY": "test",
        }
    )
    old = framework_to_dict(load_framework())
    # The previous release's framework: no applicability, rights marked as law.
    for milestone in old["milestones"]:
        for key in ("applies_when", "catch_up_until", "until", "follows"):
            milestone.pop(key, None)
        if milestone["code"] == "C05":
            milestone["status"] = "law"
    old["milestones"] = [m for m in old["milestones"] if m["code"] != "P00"]
    old["milestones"][1]["title"] = "Our council's own wording"
    with app.app_context():
        upgrade(revision="i13b_second_factor")
        stamp = "2024-05-01 10:00:00.000000"
        db.session.execute(
            text(
                "INSERT INTO framework_versions (id, version, name, definition, created_at) "
                "VALUES (1, 1, 'Old', :definition, :at)"
            ),
            {"definition": json.dumps(old), "at": stamp},
        )
        for person_id, plan, chc in ((1, False, "not_needed"), (2, True, "in_progress")):
            db.session.execute(
                text(
                    "INSERT INTO young_people (id, local_reference, first_name, last_name, "
                    "date_of_birth, year_group_offset, has_ehc_plan, care_act_assessment, "
                    "chc_status, capacity_status, version_id, created_at, updated_at) VALUES "
                    "(:id, :ref, 'A', 'B', '2010-01-01', 0, :plan, 'not_started', :chc, "
                    "'presumed', 1, :at, :at)"
                ),
                {"id": person_id, "ref": f"OLD-{person_id}", "plan": plan, "chc": chc, "at": stamp},
            )
            for code, status in (("P02", "law"), ("C05", "law"), ("H10", "statutory_guidance")):
                db.session.execute(
                    text(
                        "INSERT INTO milestones (young_person_id, code, area, title, "
                        "source_status, status, due_on, version_id, created_at, updated_at) "
                        "VALUES (:person, :code, 'process', :code, :status, 'not_started', "
                        "'2024-07-31', 1, :at, :at)"
                    ),
                    {"person": person_id, "code": code, "status": status, "at": stamp},
                )
        db.session.commit()

        upgrade()

        rows = db.session.execute(
            text(
                "SELECT young_person_id, code, source_status, does_not_apply, before_joining "
                "FROM milestones ORDER BY young_person_id, code"
            )
        ).all()
        by_key = {(r[0], r[1]): r[2:] for r in rows}
        assert len(rows) == 6  # nothing lost
        assert by_key[(1, "P02")] == ("law", "they do not have an EHC plan", 0)
        assert by_key[(2, "P02")] == ("law", None, 0)
        assert by_key[(1, "C05")][0] == by_key[(2, "C05")][0] == "right"
        assert by_key[(1, "H10")][1] == "continuing healthcare is recorded as not needed"
        assert by_key[(2, "H10")][1] is None
        joined = db.session.execute(text("SELECT joined_on FROM young_people")).scalars().all()
        assert joined == [date(2024, 5, 1).isoformat()] * 2
        versions = db.session.execute(
            text("SELECT version, definition FROM framework_versions ORDER BY version")
        ).all()
        assert [v[0] for v in versions] == [1, 2]
        newest = json.loads(versions[1][1])
        codes = [m["code"] for m in newest["milestones"]]
        assert codes[0] == "P00"
        by_code = {m["code"]: m for m in newest["milestones"]}
        assert by_code["C05"]["status"] == "right"
        assert by_code["P03"]["repeats"] == "within_12_months"
        # The council's own wording survives the correction.
        assert by_code[old["milestones"][1]["code"]]["title"] == "Our council's own wording"
        db.session.remove()
        db.engine.dispose()
