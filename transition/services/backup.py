"""Backups that are safe while the service runs, and a check that a backup restores."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import Engine, make_url


class BackupError(RuntimeError):
    """The backup or the restore check could not be done; the message says why."""


@dataclass(frozen=True)
class RestoreCheck:
    integrity: str
    row_counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return self.integrity == "ok"


def backup(engine: Engine, destination: Path) -> Path:
    """SQLite: the online backup API (never a copy of the live file). PostgreSQL: pg_dump."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        source_path = make_url(str(engine.url)).database
        if not source_path:
            raise BackupError("An in-memory SQLite database cannot be backed up")
        with sqlite3.connect(source_path) as source, sqlite3.connect(destination) as target:
            source.backup(target)
        return destination
    if engine.dialect.name == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise BackupError("pg_dump is not installed on this machine")
        url = engine.url.set(drivername="postgresql")
        subprocess.run(  # noqa: S603 - fixed executable, arguments not from users
            [pg_dump, "--format=custom", f"--file={destination}", url.render_as_string(False)],
            check=True,
        )
        return destination
    raise BackupError(f"Backups are not supported for {engine.dialect.name}")


def check_sqlite_backup(path: Path) -> RestoreCheck:
    """Open a SQLite backup, run PRAGMA integrity_check and count the rows in each table."""
    if not path.exists():
        raise BackupError(f"There is no file at {path}")
    uri = f"file:{path}?mode=ro"
    with sqlite3.connect(uri, uri=True) as connection:
        try:
            integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not a readable SQLite database: {error}") from error
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        counts = {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in tables
        }
    return RestoreCheck(integrity=integrity, row_counts=counts)


def live_row_counts(engine: Engine) -> dict[str, int]:
    names = inspect(engine).get_table_names()
    with engine.connect() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(table(name))).scalar_one()
            for name in sorted(names)
        }
