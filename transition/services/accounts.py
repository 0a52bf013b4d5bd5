"""Signing in and out, server-side sessions, lockout, and managing accounts."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, delete, literal, null, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import selectinload

from transition import unit_of_work
from transition.extensions import db
from transition.models import LoginThrottle, Team, User, UserSession, utcnow
from transition.models.users import ROLES, Role
from transition.services import audit, passwords
from transition.services.audit import Actor

SESSION_TOUCH_INTERVAL = timedelta(seconds=60)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    locked: bool = False


def count_attempt(key: str, *, now: datetime, max_attempts: int, lockout: timedelta) -> int:
    """Count one sign-in attempt against `key` in one atomic statement; the new count.

    An upsert with RETURNING, so parallel attempts each get their own number (two
    wrong passwords at once count as two) and the first burst against a new email
    lands on one row instead of failing on the primary key. The attempt is counted
    before the password is checked, so however many arrive at once, at most
    `max_attempts` are ever checked before the lockout. A lock whose time has passed
    starts the count again.
    """
    table = LoginThrottle.__table__
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    now_value = literal(now, table.c.locked_until.type)
    expired = and_(table.c.locked_until.is_not(None), table.c.locked_until <= now_value)
    statement = (
        insert(table)
        .values(email=key, failures=1, first_failure_at=now, locked_until=None)
        .on_conflict_do_update(
            index_elements=[table.c.email],
            set_={
                "failures": case((expired, 1), else_=table.c.failures + 1),
                "first_failure_at": case((expired, now_value), else_=table.c.first_failure_at),
                "locked_until": case((expired, null()), else_=table.c.locked_until),
            },
        )
        .returning(table.c.failures)
    )
    count = db.session.execute(statement).scalar_one()
    if count >= max_attempts:
        db.session.execute(
            update(LoginThrottle)
            .where(LoginThrottle.email == key, LoginThrottle.locked_until.is_(None))
            .values(locked_until=now + lockout)
        )
    return count


def clear_attempts(key: str) -> None:
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.email == key))


def authenticate(
    email: str,
    password: str,
    *,
    ip_address: str | None,
    max_failures: int,
    lockout: timedelta,
) -> SignInResult:
    """Check an email and password, counting attempts per normalised email.

    An unknown email and a wrong password take the same time and give the same
    answer; after `max_failures` failures the email is locked for `lockout`.

    The count is committed before the password is checked, and the argon2 check
    runs outside any transaction: on SQLite it never holds the write lock, and on
    PostgreSQL parallel guesses cannot slip past the count.
    """
    email = normalise_email(email)
    now = utcnow()
    attempt = count_attempt(email, now=now, max_attempts=max_failures, lockout=lockout)
    found = db.session.execute(
        select(User.id, User.password_hash, User.is_active_account).where(User.email == email)
    ).first()
    unit_of_work.commit_step()
    if attempt > max_failures:
        audit.record_refusal(Actor(None, ip_address), "sign_in", detail="locked out")
        return SignInResult(None, locked=True)

    ok = passwords.verify_password(found.password_hash if found else None, password)
    if ok and found is not None and found.is_active_account:
        clear_attempts(email)
        return SignInResult(db.session.get(User, found.id))

    user = db.session.get(User, found.id) if found else None
    audit.record_refusal(
        Actor(user, ip_address),
        "sign_in",
        object_type="user",
        object_id=user.id if user else None,
        detail="wrong email or password",
    )
    return SignInResult(None, locked=attempt >= max_failures)


def start_session(user: User, ip_address: str | None) -> str:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(UserSession(token_hash=hash_token(token), user=user, ip_address=ip_address))
    # A plain UPDATE, not the versioned ORM save: signing in must not bump the version
    # that account forms check, and two sign-ins of one account at once must both work.
    db.session.execute(update(User).where(User.id == user.id).values(last_sign_in_at=now))
    audit.record(Actor(user, ip_address), "sign_in", object_type="user", object_id=user.id)
    return token


def load_session(token: str, *, idle: timedelta, absolute: timedelta) -> User | None:
    """The user behind a session token, if the session is still live."""
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == hash_token(token)))
    now = utcnow()
    if row is None or row.revoked_at is not None:
        return None
    if now - row.last_seen_at > idle or now - row.created_at > absolute:
        row.revoked_at = now
        return None
    if not row.user.is_active:
        return None
    if now - row.last_seen_at > SESSION_TOUCH_INTERVAL:
        row.last_seen_at = now
    return row.user


def end_session(token: str) -> None:
    db.session.execute(
        update(UserSession)
        .where(UserSession.token_hash == hash_token(token), UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def end_all_sessions(user: User) -> None:
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


class AccountError(ValueError):
    """A clear reason an account could not be created or changed."""


def create_user(
    *,
    email: str,
    name: str,
    role: str,
    password: str | None,
    team: Team | None = None,
    young_person_id: int | None = None,
) -> User:
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}")
    if "@" not in email:
        raise AccountError("Enter an email address in the correct format, like name@example.org")
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError(f"An account with the email {email} already exists")
    if role in {Role.WORKER, Role.ADULT_SERVICES} and team is None:
        raise AccountError("Workers and adult services staff must belong to a team")
    if password is not None:
        problem = passwords.password_problem(password, email=email)
        if problem:
            raise AccountError(problem)
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        team=team,
        young_person_id=young_person_id,
        password_hash=passwords.hash_password(password) if password else None,
        password_changed_at=utcnow() if password else None,
    )
    db.session.add(user)
    return user


def end_feed(user: User) -> bool:
    """Stop the user's calendar feed link; True if they had one.

    A password change or reset ends the feed too: whoever had the old password
    may have copied the link, and the link needs no password.
    """
    had_feed = user.feed_token_hash is not None
    user.feed_token_hash = None
    user.feed_token_created_at = None
    return had_feed


def change_password(actor: Actor, user: User, current: str, new: str) -> str | None:
    """Change a password; return a form error message, or None when done.

    Every session and the calendar feed link end with the old password.
    """
    if not passwords.verify_password(user.password_hash, current):
        return "Your current password is wrong"
    problem = passwords.password_problem(new, email=user.email)
    if problem:
        return problem
    user.password_hash = passwords.hash_password(new)
    user.password_changed_at = utcnow()
    end_all_sessions(user)
    end_feed(user)
    audit.record(actor, "change_password", object_type="user", object_id=user.id)
    return None


def disable_user(actor: Actor, user: User) -> None:
    user.is_active_account = False
    end_feed(user)
    end_all_sessions(user)
    audit.record(actor, "disable_user", object_type="user", object_id=user.id)


PASSWORD_LINK_LIFETIME = timedelta(days=7)
STAFF_ROLES = (Role.WORKER, Role.ADULT_SERVICES, Role.MANAGER)


def issue_password_link(user: User, now: datetime) -> str:
    """A one-time link token to set a password; only its hash is kept, for a week."""
    token = secrets.token_urlsafe(32)
    user.invite_token_hash = hash_token(token)
    user.invite_expires_at = now + PASSWORD_LINK_LIFETIME
    return token


def invite_staff(
    actor: Actor, *, email: str, name: str, role: str, team: Team | None, now: datetime
) -> tuple[User, str]:
    """A staff account with no password yet, and the link that sets one."""
    if role not in STAFF_ROLES:
        raise AccountError("Choose a staff role")
    if role == Role.ADULT_SERVICES and (team is None or team.kind != "adult"):
        raise AccountError("Adult services staff must belong to an adult team")
    if role == Role.WORKER and (team is None or team.kind != "childrens"):
        raise AccountError("Workers must belong to a children's transition team")
    user = create_user(email=email, name=name, role=role, password=None, team=team)
    db.session.flush()
    token = issue_password_link(user, now)
    audit.record(actor, "invite_staff", object_type="user", object_id=user.id, detail=role)
    return user, token


def change_team(actor: Actor, user: User, team: Team | None, *, version: int) -> None:
    if user.version_id != version:
        raise AccountError("Someone else changed this account. Check it and try again")
    if user.role == Role.WORKER and (team is None or team.kind != "childrens"):
        raise AccountError("Workers must belong to a children's transition team")
    if user.role == Role.ADULT_SERVICES and (team is None or team.kind != "adult"):
        raise AccountError("Adult services staff must belong to an adult team")
    user.team = team
    audit.record(
        actor,
        "change_team",
        object_type="user",
        object_id=user.id,
        detail=team.name if team else "no team",
    )


def reset_staff_password(actor: Actor, user: User, now: datetime) -> str:
    user.password_hash = None
    end_all_sessions(user)
    end_feed(user)
    token = issue_password_link(user, now)
    audit.record(actor, "reset_password", object_type="user", object_id=user.id)
    return token


def list_users(role: str | None = None) -> list[User]:
    query = select(User).options(selectinload(User.team)).order_by(User.role, User.name, User.id)
    if role:
        query = query.where(User.role == role)
    return list(db.session.scalars(query))
