"""The declarative base every model shares: a naming convention and UTC instants."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, DateTime, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware instant, stored in UTC on every engine.

    SQLite has no time zones and hands back naive values; this keeps every
    instant the application sees aware and in UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("Naive datetimes are not stored: pass an aware UTC instant.")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    """A portable enum: a string column limited to these values."""
    allowed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)


# Why an item is kept from the young person and their family (see transition/services/
# disclosure.py for the one rule that reads it).
WITHHELD_REASONS = ("safeguarding", "serious_harm", "third_party")


class Withholdable:
    """A row a worker can mark "not to be shared with the young person or family".

    `withheld_reason` None means it may be shown to them; otherwise it never reaches a
    young person's or parent's page, download or feed. Add `withheld_check(table)` to
    the model's `__table_args__`.
    """

    withheld_reason: Mapped[str | None] = mapped_column(String(20), default=None)

    @property
    def not_for_family(self) -> bool:
        return self.withheld_reason is not None


def withheld_check() -> CheckConstraint:
    return one_of("withheld_reason", WITHHELD_REASONS, "withheld_reason")
