"""Settings, read from the environment once when the app is built."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


class ConfigurationError(RuntimeError):
    """Raised when the service would start in an unsafe state."""


def _development_secret(instance_path: Path) -> str:
    # Development keeps one generated key so sessions survive a restart.
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _normalise_database_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the psycopg 3 driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _count(value: str, name: str) -> int:
    if not value.strip().isdigit() or not value.isascii():
        raise ConfigurationError(f"{name} must be a whole number, like 1.")
    return int(value)


def load_settings(instance_path: Path, overrides: dict | None = None) -> dict:
    env = os.environ
    environment = env.get("TRANSITION_ENV", "development")
    overrides = overrides or {}
    settings: dict = {
        "ENVIRONMENT": environment,
        "SERVICE_NAME": env.get("SERVICE_NAME", "Transition Planner"),
        "COUNCIL_NAME": env.get("COUNCIL_NAME", "Example Council"),
        "SUPPORT_EMAIL": env.get("SUPPORT_EMAIL", "transitions@example.org"),
        "SQLALCHEMY_DATABASE_URI": _normalise_database_url(
            env.get("DATABASE_URL", f"sqlite:///{instance_path / 'transition.sqlite'}")
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SQLITE_BUSY_TIMEOUT_MS": int(env.get("SQLITE_BUSY_TIMEOUT_MS", "5000")),
        "SECRET_KEY": env.get("SECRET_KEY"),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "SESSION_IDLE_MINUTES": int(env.get("SESSION_IDLE_MINUTES", "30")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": environment == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": environment == "production",
        "WTF_CSRF_TIME_LIMIT": None,
        "REDIS_URL": env.get("REDIS_URL"),
        # Throttles must be shared by every worker process: Redis when there is one.
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI")
        or env.get("REDIS_URL")
        or "memory://",
        # "required": staff must use an authenticator app at every sign-in; "offered":
        # they may set one up (development, the demo and the tests).
        "STAFF_SECOND_FACTOR": env.get(
            "STAFF_SECOND_FACTOR", "required" if environment == "production" else "offered"
        ),
        # Single sign-on deployments whose identity provider asks for the second factor.
        "SECOND_FACTOR_AT_IDENTITY_PROVIDER": env.get(
            "SECOND_FACTOR_AT_IDENTITY_PROVIDER", ""
        ).lower()
        in {"1", "true", "yes"},
        "TRUSTED_PROXIES": _count(env.get("TRUSTED_PROXIES", "0"), "TRUSTED_PROXIES"),
        "RATELIMIT_HEADERS_ENABLED": False,
        "LOGIN_FAILURES_BEFORE_LOCKOUT": 10,
        "LOCKOUT_MINUTES": int(env.get("LOCKOUT_MINUTES", "15")),
        "LOGIN_FAILURES_PER_ADDRESS": env.get("LOGIN_FAILURES_PER_ADDRESS", "100 per 15 minutes"),
        # A document upload is the largest request: its limit plus room for the form.
        "DOCUMENT_MAX_MB": int(env.get("DOCUMENT_MAX_MB", "10")),
        "DOCUMENT_STORE": env.get("DOCUMENT_STORE", str(instance_path / "documents")),
        "S3_ENDPOINT_URL": env.get("S3_ENDPOINT_URL") or None,
        "IMPORT_MAX_ROWS": int(env.get("IMPORT_MAX_ROWS", "20000")),
        "RETENTION_RECORD_YEARS": int(env.get("RETENTION_RECORD_YEARS", "6")),
        "RETENTION_AUDIT_YEARS": int(env.get("RETENTION_AUDIT_YEARS", "6")),
        "RETENTION_SESSION_DAYS": int(env.get("RETENTION_SESSION_DAYS", "30")),
        # Where users reach the service, for links in emails (else the request's address).
        "PUBLIC_URL": env.get("PUBLIC_URL"),
        "SMTP_URL": env.get("SMTP_URL"),
        "MAIL_FROM": env.get("MAIL_FROM", "no-reply@example.org"),
        "NOTIFY_API_KEY": env.get("NOTIFY_API_KEY"),
        "NOTIFY_TEMPLATE_IDS": env.get("NOTIFY_TEMPLATE_IDS"),
        "PREFERRED_URL_SCHEME": "https" if environment == "production" else "http",
        "DEBUG": False,
    }
    settings.update(overrides)
    settings.setdefault("MAX_CONTENT_LENGTH", (settings["DOCUMENT_MAX_MB"] + 1) * 1024 * 1024)

    if settings["STAFF_SECOND_FACTOR"] not in {"required", "offered"}:
        raise ConfigurationError("STAFF_SECOND_FACTOR must be required or offered.")
    if settings["ENVIRONMENT"] == "production":
        if (
            settings["STAFF_SECOND_FACTOR"] != "required"
            and not settings["SECOND_FACTOR_AT_IDENTITY_PROVIDER"]
        ):
            raise ConfigurationError(
                "Staff must use a second factor in production: set STAFF_SECOND_FACTOR=required, "
                "or SECOND_FACTOR_AT_IDENTITY_PROVIDER=true if single sign-on asks for one."
            )
        if not settings["SECRET_KEY"]:
            raise ConfigurationError("SECRET_KEY must be set in production.")
        if settings.get("DEBUG") or env.get("FLASK_DEBUG") in {"1", "true", "True"}:
            raise ConfigurationError("Debug mode must never be on in production.")
        if settings["RATELIMIT_STORAGE_URI"].startswith("memory://"):
            raise ConfigurationError(
                "Set REDIS_URL (or RATELIMIT_STORAGE_URI) in production: sign-in limits "
                "counted in one process's memory are multiplied by the number of workers."
            )
    elif not settings["SECRET_KEY"]:
        settings["SECRET_KEY"] = _development_secret(instance_path)
    return settings
