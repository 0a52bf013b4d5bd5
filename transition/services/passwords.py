"""Password hashing (argon2id) and the password rules from our security standard."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

_hasher = PasswordHasher()
# Checked against when an account is unknown, so it takes as long as a real check.
_DUMMY_HASH = _hasher.hash("an account that does not exist")

MIN_LENGTH = 12
MAX_LENGTH = 128

# The 30,000 most common passwords in breach data, as shipped (and kept up) by zxcvbn.
COMMON_PASSWORDS = frozenset(FREQUENCY_LISTS["passwords"])
# zxcvbn's guessability score, 0 to 4: below 2 falls to an online guessing attack.
LEAST_SCORE = 2


def password_problem(password: str, *, email: str | None = None) -> str | None:
    """The GOV.UK-style message for a password that breaks the rules, or None."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    lowered = password.lower()
    if email and lowered.strip() == email.strip().lower():
        return "Password must not be your email address"
    if (
        lowered in COMMON_PASSWORDS
        or len(set(lowered)) <= 2
        or zxcvbn(password, user_inputs=[email] if email else [])["score"] < LEAST_SCORE
    ):
        return "Password is too easy to guess. Choose a less common password"
    return None


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Hash and check with `hasher` from now on (tests use cheap costs); returns the old one."""
    global _hasher, _DUMMY_HASH
    previous = _hasher
    _hasher, _DUMMY_HASH = hasher, hasher.hash("an account that does not exist")
    return previous


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        password_hash, password = _DUMMY_HASH, "\x00" + password
    try:
        return _hasher.verify(password_hash, password) and password_hash != _DUMMY_HASH
    except (VerificationError, InvalidHashError):
        return False
