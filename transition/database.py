"""Engine set-up that differs by database."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

# Statements that need SQLite's write lock. SAVEPOINT is on the list because a write
# usually follows one, and the switch below cannot happen inside a savepoint.
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "ALTER", "DROP", "SAVEPOINT")
_WRITE_LOCK = "sqlite_write_lock"


def configure_engine(engine: Engine, *, busy_timeout_ms: int = 5000) -> None:
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, busy_timeout_ms)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL, a busy timeout, foreign keys on; reads without the write lock.

    pysqlite's own transaction handling is switched off so that the service decides
    how each transaction starts. Every transaction starts as a plain (deferred) BEGIN,
    so pages that only read never wait for writers (WAL lets readers and one writer
    run together). At the first statement that writes, the read snapshot is ended and
    the transaction starts again with BEGIN IMMEDIATE: it queues for the write lock
    (busy_timeout) instead of failing half way with "database is locked", which is
    what upgrading a stale read snapshot would do. From that statement on, the request
    sees what others have committed, as it would on PostgreSQL (READ COMMITTED);
    version columns and unique constraints catch what changed in between.

    So slow work done before the first write (checking a password with argon2, reading
    and checking an import file) never holds the write lock.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.info[_WRITE_LOCK] = False
        connection.exec_driver_sql("BEGIN")

    @event.listens_for(engine, "before_cursor_execute")
    def _before_execute(connection, cursor, statement, _parameters, _context, _executemany):
        if connection.info.get(_WRITE_LOCK, True) or not connection.in_transaction():
            return
        if statement.lstrip()[:9].upper().startswith(_WRITES):
            connection.info[_WRITE_LOCK] = True
            raw = cursor.connection
            raw.execute("COMMIT")
            raw.execute("BEGIN IMMEDIATE")


def holds_write_lock(connection) -> bool:
    """True once this SQLite transaction has taken the write lock (tests use it)."""
    return bool(connection.info.get(_WRITE_LOCK))
