"""Stored ratings always equal a fresh computation, after every kind of change.

Lists, the team view and reports read each person's stored figures; the record page
computes the rating afresh from the person's milestones. After each kind of change
made through the services (and after the date moves on and `rerate` runs), every
demo person's stored figures are compared with a fresh computation.
"""

from __future__ import annotations

from datetime import date, timedelta

import time_machine
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, insert, select

from transition.extensions import db
from transition.models import Handover, Milestone, PersonRating, Team, User, YoungPerson, utcnow
from transition.models.ratings import RATED_AREAS
from transition.services import demo, pathway, ratings
from transition.services import handovers as handovers_service
from transition.services.audit import Actor
from transition.services.caseload import reallocate
from transition.services.clock import today as clock_today
from transition.services.handovers import HandoverInput
from transition.services.people import update_person


def assert_stored_equals_fresh(day: date) -> int:
    db.session.expire_all()
    people = db.session.scalars(select(YoungPerson).order_by(YoungPerson.id)).all()
    stored = {row.young_person_id: row for row in db.session.scalars(select(PersonRating))}
    assert set(stored) == {person.id for person in people}
    fresh = ratings.compute([person.id for person in people], day)
    for person in people:
        row, figures = stored[person.id], fresh[person.id]
        # The record page's own computation, independent of the stored path.
        rating = pathway.person_rag(person, day)
        assert (row.rag, tuple(row.reasons)) == (rating.colour, rating.reasons), person.id
        assert row.rag_rank == rating.rank
        assert (row.next_due_on, row.next_title) == (figures.next_due, figures.next_title)
        for area in RATED_AREAS:
            assert getattr(row, f"overdue_{area}") == figures.overdue_by_area.get(area, 0)
        assert row.overdue == sum(figures.overdue_by_area.values())
        assert row.has_adult_decision == figures.has_adult_decision
        latest = figures.latest_handover
        assert (row.latest_handover_id, row.latest_handover_state) == (
            (latest[0], latest[1]) if latest else (None, None)
        )
        assert row.school_cohort == figures.school_cohort
    return len(people)


def _person(reference: str) -> YoungPerson:
    return db.session.scalar(select(YoungPerson).where(YoungPerson.local_reference == reference))


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _open_milestone(person: YoungPerson) -> Milestone:
    return db.session.scalars(
        select(Milestone)
        .where(
            Milestone.young_person_id == person.id,
            Milestone.status.in_(("not_started", "in_progress")),
            Milestone.due_on.is_not(None),
        )
        .order_by(Milestone.due_on, Milestone.id)
    ).first()


def test_stored_figures_follow_every_kind_of_change(app, today):
    demo.load(today)
    db.session.commit()
    assert assert_stored_equals_fresh(today) == 40
    worker = _user("worker@example.org")
    actor = Actor(worker)
    person = _person("DEMO-004")

    # A milestone: its status, its due date, and one added by hand.
    milestone = _open_milestone(person)
    pathway.update_status(
        actor,
        person,
        milestone,
        status="achieved",
        achieved_on=today,
        version=milestone.version_id,
    )
    db.session.commit()
    assert_stored_equals_fresh(today)
    milestone = _open_milestone(person)
    pathway.move_due_date(
        actor,
        person,
        milestone,
        due_on=today - timedelta(days=40),
        reason="Agreed at review",
        version=milestone.version_id,
    )
    db.session.commit()
    assert_stored_equals_fresh(today)
    pathway.add_custom_milestone(
        actor,
        person,
        area="employment",
        title="Work experience at the farm",
        description=None,
        due_on=today + timedelta(days=10),
    )
    db.session.commit()
    assert_stored_equals_fresh(today)

    # The record itself: a new date of birth moves every age-based figure.
    update_person(
        actor,
        person,
        {"date_of_birth": person.date_of_birth - timedelta(days=3 * 365)},
        version=person.version_id,
    )
    db.session.commit()
    assert_stored_equals_fresh(today)

    # Handovers: made, sent, accepted (an adult service decision), returned.
    social = db.session.scalar(select(Team).where(Team.service == "adult_social_care"))
    nearly_18 = person  # no handover yet
    handover = handovers_service.create_handover(
        actor,
        nearly_18,
        HandoverInput(
            team_id=social.id,
            target_date=today + timedelta(days=100),
            target_date_reason=None,
            sending_contact_id=None,
            receiving_contact_name=None,
            worker_notes=None,
        ),
    )
    db.session.commit()
    assert_stored_equals_fresh(today)
    handover.state, handover.sent_at = "sent", utcnow()
    db.session.commit()
    handover = db.session.get(Handover, handover.id)
    handovers_service.accept(
        Actor(_user("adult.socialcare@example.org")),
        handover,
        receiving_worker_name="Alex",
        first_contact_on=today + timedelta(days=5),
        version=handover.version_id,
        today=today,
    )
    db.session.commit()
    assert_stored_equals_fresh(today)

    # A move to another team's worker.
    manager = _user("manager@example.org")
    other = _user("worker2@example.org")
    reallocate(Actor(manager), [(person.id, person.version_id)], other.team, other, "Cover")
    db.session.commit()
    assert_stored_equals_fresh(today)

    # The framework: a new milestone of the council's own, applied to one person.
    version = pathway.current_framework_version()
    pathway.add_council_milestone(
        Actor(manager),
        base_version=version.version,
        area="community",
        wording=pathway.WordingChange(
            title="Join a club",
            description="Find a club to join",
            plain_title="Join a club",
            source="Local practice",
            lead="Transition worker",
        ),
        timing=pathway.AgeTiming(due_years=14, due_months=0, opens_years=None, opens_months=None),
        change_note="A local milestone",
    )
    db.session.commit()
    person = _person("DEMO-004")
    pathway.update_to_newest_framework(actor, person, version=person.version_id)
    db.session.commit()
    assert_stored_equals_fresh(today)

    # The date moves on: stale figures expire and `rerate` recomputes exactly those.
    later = today + timedelta(days=120)
    with time_machine.travel(later, tick=False):
        assert clock_today() == later
        count = ratings.rerate(later)
        db.session.commit()
        assert 0 < count <= 40
        assert assert_stored_equals_fresh(later) == 40
        assert ratings.rerate(later) == 0  # a second run the same day has nothing to do


def test_rerate_command_fills_people_loaded_in_bulk(app, today):
    team = Team(name="Bulk team", kind="childrens")
    db.session.add(team)
    db.session.commit()
    # Rows written around the services (a bulk load, a restore) have no stored figures.
    db.session.execute(
        insert(YoungPerson),
        [
            {
                "local_reference": f"BULK-{n}",
                "first_name": "Bulk",
                "last_name": f"Person{n}",
                "date_of_birth": date(today.year - 15 - n, 3, 1),
                "team_id": team.id,
            }
            for n in range(3)
        ],
    )
    db.session.execute(PersonRating.__table__.delete())
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["rerate"])
    assert result.exit_code == 0, result.output
    assert "Re-rated 3 young people" in result.output
    assert db.session.scalar(select(func.count()).select_from(PersonRating)) == 3
    assert_stored_equals_fresh(clock_today())


def test_the_migration_rates_people_already_on_the_service(app, today):
    demo.load(today)
    db.session.commit()
    db.session.remove()
    downgrade(revision="i15_feed_versions")
    assert not db.inspect(db.engine).has_table("person_ratings")
    upgrade()
    assert assert_stored_equals_fresh(clock_today()) == 40
