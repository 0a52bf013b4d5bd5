"""Sign-in under parallel requests: real threads against a served app.

Run on PostgreSQL (TEST_DATABASE_URL) these are the races a probe found: 30 wrong
passwords at once all checked and no lockout, the first burst against a new email
failing on the throttle row's key, and two sign-ins of one account answering 500.
"""

from __future__ import annotations

from sqlalchemy import func, select

from tests.factories import PASSWORD
from tests.helpers import post_all_at_once
from transition.extensions import db
from transition.models import AuditEvent, LoginThrottle, UserSession

WRONG = "not the right password"


def _checked_passwords() -> int:
    return db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.detail == "wrong email or password")
    )


def test_thirty_wrong_passwords_at_once_lock_the_account_after_at_most_ten(world, live_url):
    answers = post_all_at_once(
        f"{live_url}/login", [{"email": world.worker.email, "password": WRONG}] * 30
    )

    assert sorted({status for status, _ in answers}) == [200]
    db.session.expire_all()
    assert _checked_passwords() <= 10
    assert sum("too many attempts" in body for _, body in answers) >= 20
    throttle = db.session.get(LoginThrottle, world.worker.email)
    assert throttle.failures == 30
    assert throttle.locked_until is not None
    # Even the right password is refused now.
    [(status, body)] = post_all_at_once(
        f"{live_url}/login", [{"email": world.worker.email, "password": PASSWORD}]
    )
    assert status == 200 and "too many attempts" in body


def test_first_burst_against_a_new_email_makes_one_throttle_row(world, live_url):
    answers = post_all_at_once(
        f"{live_url}/login", [{"email": "Nobody@Example.org", "password": WRONG}] * 12
    )

    assert sorted({status for status, _ in answers}) == [200]
    db.session.expire_all()
    rows = db.session.scalars(select(LoginThrottle)).all()
    assert [(row.email, row.failures) for row in rows] == [("nobody@example.org", 12)]
    assert rows[0].locked_until is not None


def test_sign_ins_of_one_account_at_the_same_moment_all_work(world, live_url):
    version = world.worker.version_id
    answers = post_all_at_once(
        f"{live_url}/login", [{"email": world.worker.email, "password": PASSWORD}] * 6
    )

    assert [status for status, _ in answers] == [302] * 6
    db.session.expire_all()
    live = select(func.count(UserSession.id)).where(UserSession.user_id == world.worker.id)
    assert db.session.scalar(live) == 6
    # Signing in wrote no version that the account forms check.
    assert world.worker.version_id == version
    assert world.worker.last_sign_in_at is not None
