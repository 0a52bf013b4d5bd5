"""Accounts for young people and their parents or carers: invitations and resets.

A worker invites someone by email; the service makes an account with no
password and a one-time link to set one. We keep only a hash of the link's
token, it works once, and it expires after a week. Nothing is emailed here:
the worker passes the link on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from transition.extensions import db
from transition.models import User, YoungPerson, utcnow
from transition.models.users import Role
from transition.services import accounts, audit, passwords
from transition.services.audit import Actor

INVITED_ROLES = (Role.YOUNG_PERSON, Role.PARENT_CARER)


class InvitationProblem(ValueError):
    """A reason the invitation cannot be made, worded for the form."""


@dataclass(frozen=True)
class Invitation:
    user: User
    token: str  # shown once to the worker; never stored


def _new_link(user: User, now: datetime) -> str:
    return accounts.issue_password_link(user, now)


def accounts_for(person: YoungPerson) -> list[User]:
    """The young person's own account and their parents' and carers', oldest first."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.young_person_id == person.id, User.role.in_(INVITED_ROLES))
            .order_by(User.role.desc(), User.created_at, User.id)
        )
    )


def invite(
    actor: Actor,
    person: YoungPerson,
    *,
    email: str,
    role: str,
    name: str | None = None,
    now: datetime | None = None,
) -> Invitation:
    """Make an account linked to `person` with a one-time link to set a password."""
    now = now or utcnow()
    if role not in INVITED_ROLES:
        raise InvitationProblem("Choose who to invite")
    if role == Role.YOUNG_PERSON and any(u.role == Role.YOUNG_PERSON for u in accounts_for(person)):
        raise InvitationProblem(
            "They already have an account. Reset their password to make a new link"
        )
    try:
        user = accounts.create_user(
            email=email,
            name=name or person.preferred_name or person.first_name,
            role=role,
            password=None,
            young_person_id=person.id,
        )
    except accounts.AccountError as exc:
        raise InvitationProblem(str(exc)) from exc
    token = _new_link(user, now)
    db.session.flush()
    audit.record(
        actor,
        "invite_user",
        object_type="user",
        object_id=user.id,
        young_person_id=person.id,
        detail=role,
    )
    return Invitation(user, token)


def account_of(person: YoungPerson, user_id: int) -> User | None:
    """One of this person's linked accounts, or None (a worker may reach no other)."""
    return db.session.scalar(
        select(User).where(
            User.id == user_id,
            User.young_person_id == person.id,
            User.role.in_(INVITED_ROLES),
        )
    )


def reset(actor: Actor, person: YoungPerson, user: User, *, now: datetime | None = None) -> str:
    """A new one-time link; the old password and every session stop working."""
    now = now or utcnow()
    token = _new_link(user, now)
    user.password_hash = None
    accounts.end_all_sessions(user)
    accounts.end_feed(user)
    audit.record(
        actor,
        "reset_password",
        object_type="user",
        object_id=user.id,
        young_person_id=person.id,
    )
    return token


class LinkProblem(LookupError):
    """The link is not one we know (or was used already), or it has expired."""

    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "unknown")
        self.expired = expired


def user_for_link(token: str, *, now: datetime | None = None) -> User:
    now = now or utcnow()
    if not token or len(token) > 100:
        raise LinkProblem(expired=False)
    user = db.session.scalar(
        select(User).where(User.invite_token_hash == accounts.hash_token(token))
    )
    if user is None or not user.is_active:
        raise LinkProblem(expired=False)
    if user.invite_expires_at is None or user.invite_expires_at <= now:
        raise LinkProblem(expired=True)
    return user


def set_password(
    actor: Actor, token: str, password: str, *, now: datetime | None = None
) -> tuple[User | None, str | None]:
    """Use a link to set a password: the user, or the form's message about the password."""
    user = user_for_link(token, now=now)
    problem = passwords.password_problem(password, email=user.email)
    if problem:
        return None, problem
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = now or utcnow()
    user.invite_token_hash = None
    user.invite_expires_at = None
    accounts.end_all_sessions(user)
    audit.record(
        Actor(user, actor.ip_address),
        "set_password",
        object_type="user",
        object_id=user.id,
        young_person_id=user.young_person_id,
    )
    return user, None
