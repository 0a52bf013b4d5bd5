"""The consent and capacity migration upgrades a live database honestly, with its data."""

from __future__ import annotations

import os

from flask_migrate import upgrade
from sqlalchemy import text

from transition import create_app
from transition.extensions import db

NOW = "2026-03-01 10:00:00.000000"


def _app(tmp_path):
    url = os.environ.get("TEST_MIGRATION_URL") or f"sqlite:///{tmp_path / 'old.sqlite'}"
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "test",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )


def test_upgrade_from_the_previous_release_carries_capacity_and_decisions_over(tmp_path):
    app = _app(tmp_path)
    with app.app_context():
        upgrade(revision="i13b_second_factor")
        db.session.execute(
            text(
                "INSERT INTO teams (id, name, kind, service, created_at, updated_at) VALUES "
                "(1, 'Adults', 'adult', 'adult_social_care', :now, :now)"
            ),
            {"now": NOW},
        )
        for pid, status in ((1, "assessed_lacks_capacity"), (2, "presumed")):
            db.session.execute(
                text(
                    "INSERT INTO young_people (id, local_reference, first_name, last_name, "
                    "date_of_birth, year_group_offset, has_ehc_plan, care_act_assessment, "
                    "chc_status, capacity_status, version_id, created_at, updated_at) VALUES "
                    "(:id, :ref, 'A', 'B', '2008-05-10', 0, :no, 'not_started', 'not_needed', "
                    ":status, 1, :now, :now)"
                ),
                {"id": pid, "ref": f"R{pid}", "status": status, "now": NOW, "no": False},
            )
        db.session.execute(
            text(
                "INSERT INTO consent_records (young_person_id, purpose, decision, decided_by, "
                "capacity_assessed, lacks_capacity, decided_on, recorded_at) VALUES "
                "(2, 'parent_access', 'best_interests', 'best_interests', :yes, :yes, "
                "'2026-02-01', :now)"
            ),
            {"yes": True, "now": NOW},
        )
        for hid, state in ((1, "sent"), (2, "draft")):
            db.session.execute(
                text(
                    "INSERT INTO handovers (id, young_person_id, team_id, state, target_date, "
                    "version_id, created_at, updated_at) VALUES "
                    "(:id, :id, 1, :state, '2026-05-10', 1, :now, :now)"
                ),
                {"id": hid, "state": state, "now": NOW},
            )
        # Rows that refer to the tables the migration rebuilds.
        db.session.execute(
            text(
                "INSERT INTO handover_messages (handover_id, kind, text, created_at) "
                "VALUES (1, 'note', 'Hello', :now)"
            ),
            {"now": NOW},
        )
        db.session.commit()

        upgrade()

        rows = db.session.execute(
            text(
                "SELECT young_person_id, decision, assessed_on, outcome, assessor "
                "FROM capacity_assessments ORDER BY young_person_id"
            )
        ).all()
        assert [(r[0], r[1], str(r[2])[:10], r[3], r[4]) for r in rows] == [
            (1, "care_and_support", "2026-03-01", "lacks_capacity", "Not recorded"),
            (2, "parent_access", "2026-02-01", "lacks_capacity", "Not recorded"),
        ]
        bases = db.session.execute(text("SELECT id, lawful_basis FROM handovers ORDER BY id")).all()
        # Sent on the consent check of the earlier release; a draft takes public task.
        assert [tuple(r) for r in bases] == [(1, "consent"), (2, "public_task")]
        kept = db.session.execute(
            text("SELECT decided_by, s58_override FROM consent_records")
        ).all()
        assert [(r[0], bool(r[1])) for r in kept] == [("best_interests", False)]
        db.session.remove()
        db.engine.dispose()
