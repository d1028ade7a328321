"""Where the case store lives: the engine, the process-wide store, migrations and purge.

The database URL comes from `settings.database_url()` (SQLite `cases.db` in the repository
root by default; PostgreSQL for several replicas). On first use `get_store()` brings the
schema up to date unless `CASE_STORE_AUTO_MIGRATE` is off (then run `alembic upgrade head`
at deploy, e.g. with replicas).
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Optional

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url

import settings
from actions.store.repository import UNAVAILABLE_ERRORS, CaseStore, StoreUnavailable

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    # pysqlite's own transaction handling defers BEGIN until the first write, so a
    # read-then-write method could interleave with another writer. Take control of
    # BEGIN ourselves (see _sqlite_on_begin) -- the recipe from SQLAlchemy's docs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")  # without it SQLite ignores ON DELETE CASCADE
    cursor.close()


def _sqlite_on_begin(connection) -> None:
    # IMMEDIATE takes the write lock up front: concurrent methods wait (busy timeout)
    # instead of failing with "database is locked" when upgrading a read lock.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: Optional[str] = None, **kwargs) -> Engine:
    """An engine configured for the case store (used by the store and by migrations)."""
    url = url or settings.database_url()
    # Notes are confidential: keep their text out of error messages and logs.
    options = {"future": True, "hide_parameters": True}
    if make_url(url).get_backend_name() == "sqlite":
        options["connect_args"] = {"timeout": 15}
    else:
        options["pool_pre_ping"] = True  # survive PostgreSQL restarts and idle disconnects
    options.update(kwargs)
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
    return engine


_lock = threading.Lock()
_engine: Optional[Engine] = None
_store: Optional[CaseStore] = None


def get_engine() -> Engine:
    """The process-wide engine, created on first use (never at import)."""
    global _engine
    with _lock:
        if _engine is None:
            _engine = make_engine()
        return _engine


def get_store() -> CaseStore:
    """The process-wide CaseStore. On first use it brings the schema up to date
    (unless CASE_STORE_AUTO_MIGRATE=0); if that fails it raises StoreUnavailable
    and the next call tries again."""
    global _store
    if _store is not None:
        return _store
    engine = get_engine()
    with _lock:
        if _store is None:
            if settings.auto_migrate():
                migrate(engine.url.render_as_string(hide_password=False))
            _store = CaseStore(engine)
        return _store


def migrate(url: Optional[str] = None) -> None:
    """Run Alembic `upgrade head` on `url` (default: DATABASE_URL or the SQLite default).

    Idempotent. Imports Alembic lazily so the action server needs it only when migrating.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()  # no ini file: migrations must not reconfigure the host's logging
    # Alembic says "Context impl SQLiteImpl." and "Will assume transactional DDL." at INFO on
    # every run: in the action server that lands in the middle of a conversation. Unless the
    # host set a level for it, only its warnings and errors are logged.
    alembic_logger = logging.getLogger("alembic")
    if alembic_logger.level == logging.NOTSET:
        alembic_logger.setLevel(logging.WARNING)
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = url or settings.database_url()
    try:
        command.upgrade(config, "head")
    except UNAVAILABLE_ERRORS as exc:
        raise StoreUnavailable("could not migrate the case store") from exc


def purge_older_than(days: Optional[int] = None, store: Optional[CaseStore] = None) -> int:
    """Delete cases not updated for `days` days (default: env CASE_RETENTION_DAYS, 90).

    For a cron job or CLI. Returns how many cases were deleted.
    """
    return (store or get_store()).purge_older_than(settings.retention_days() if days is None else days)
