"""Staff second factor: an authenticator app (TOTP, RFC 6238) and one-use recovery codes.

Workers, managers and adult teams use it at each sign-in once it is set up (and must
set it up when STAFF_SECOND_FACTOR is "required"); young people and parents are not
asked to. A code is accepted once only: the time step it belongs to is recorded with
an atomic UPDATE that refuses a step not newer than the last one used.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
import segno
from sqlalchemy import delete, func, or_, select, update

from transition import unit_of_work
from transition.extensions import db
from transition.models import RecoveryCode, User, utcnow
from transition.models.users import Role
from transition.services import accounts, audit
from transition.services.audit import Actor

STAFF_ROLES = (Role.WORKER, Role.ADULT_SERVICES, Role.MANAGER)
RECOVERY_CODE_COUNT = 10
STEP_SECONDS = 30
# A code from the step before or after also counts: phones' clocks drift.
DRIFT_STEPS = 1
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def applies_to(user: User) -> bool:
    return user.role in STAFF_ROLES


def is_set_up(user: User) -> bool:
    return user.totp_secret is not None


def must_set_up(user: User, policy: str) -> bool:
    """Whether this user has to set one up before using the service."""
    return policy == "required" and applies_to(user) and not is_set_up(user)


def new_secret() -> str:
    return pyotp.random_base32()


def setup_uri(secret: str, *, email: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def qr_code_svg(uri: str) -> str:
    """The QR code as inline SVG (no script, no style attribute: the CSP allows it)."""
    return segno.make(uri, error="m").svg_inline(
        scale=5,
        border=4,
        light="white",
        title="QR code for your authenticator app",
        svgclass="app-qr-code",
    )


def grouped(secret: str) -> str:
    """The key in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _clean(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code this is, within the allowed drift, or None."""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP_SECONDS
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def _hash_recovery_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def finish_setup(
    actor: Actor, user: User, secret: str, code: str, *, now: datetime | None = None
) -> list[str] | None:
    """Save the app's secret if `code` proves the app has it; the new recovery codes.

    None when the code does not match. Setting up again replaces the old secret and
    every old recovery code.
    """
    now = now or utcnow()
    step = _matching_step(secret, _clean(code), now)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_last_step = step
    user.totp_set_up_at = now
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=_hash_recovery_code(_clean(c))) for c in codes
    )
    audit.record(actor, "set_up_second_factor", object_type="user", object_id=user.id)
    return codes


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(
        select(func.count(RecoveryCode.id)).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )


@dataclass(frozen=True)
class CodeCheck:
    ok: bool
    locked: bool = False
    used_recovery_code: bool = False


def check_code(
    actor_address: str | None,
    user: User,
    code: str,
    *,
    max_attempts: int,
    lockout: timedelta,
    now: datetime | None = None,
) -> CodeCheck:
    """Check a sign-in code (from the app, or a recovery code), counting attempts.

    Attempts are counted like passwords, per account, before the check: at most
    `max_attempts` codes are tried before a lockout.
    """
    now = now or utcnow()
    key = f"second-factor:{user.id}"
    attempt = accounts.count_attempt(key, now=now, max_attempts=max_attempts, lockout=lockout)
    unit_of_work.commit_step()
    actor = Actor(user, actor_address)
    if attempt > max_attempts:
        audit.record_refusal(actor, "second_factor", detail="locked out")
        return CodeCheck(False, locked=True)

    cleaned = _clean(code)
    step = _matching_step(user.totp_secret or "", cleaned, now)
    used_recovery = False
    accepted = False
    if step is not None:
        # Atomic: of two uses of one code, only the first finds an older step stored.
        accepted = (
            db.session.execute(
                update(User)
                .where(
                    User.id == user.id,
                    or_(User.totp_last_step.is_(None), User.totp_last_step < step),
                )
                .values(totp_last_step=step)
                .execution_options(synchronize_session=False)
            ).rowcount
            == 1
        )
    elif len(cleaned) == 10:
        used_recovery = accepted = (
            db.session.execute(
                update(RecoveryCode)
                .where(
                    RecoveryCode.user_id == user.id,
                    RecoveryCode.code_hash == _hash_recovery_code(cleaned),
                    RecoveryCode.used_at.is_(None),
                )
                .values(used_at=now)
                .execution_options(synchronize_session=False)
            ).rowcount
            == 1
        )
    if accepted:
        accounts.clear_attempts(key)
        if used_recovery:
            audit.record(
                actor,
                "second_factor",
                object_type="user",
                object_id=user.id,
                detail="a recovery code was used",
            )
        return CodeCheck(True, used_recovery_code=used_recovery)
    audit.record_refusal(
        actor,
        "second_factor",
        object_type="user",
        object_id=user.id,
        detail="wrong or used code",
    )
    return CodeCheck(False, locked=attempt >= max_attempts)


def reset(actor: Actor, user: User) -> None:
    """A manager's reset: the app and recovery codes stop working; set up again next time."""
    user.totp_secret = None
    user.totp_last_step = None
    user.totp_set_up_at = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    accounts.end_all_sessions(user)
    audit.record(actor, "reset_second_factor", object_type="user", object_id=user.id)
