"""Alembic environment for the case store.

The URL comes from config.attributes["database_url"] (set by actions.store.migrate()),
else from DATABASE_URL, else the SQLite default next to the repo root. The target
metadata is the store's, so `alembic revision --autogenerate` diffs against the models.
"""
from __future__ import annotations

import logging
import sys
from logging.config import fileConfig
from pathlib import Path

from alembic import context
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import settings  # noqa: E402
from actions import store  # noqa: E402

config = context.config


class _WhatChanged(logging.Filter):
    """Alembic logs "Context impl SQLiteImpl." and "Will assume transactional DDL." on every
    run; the CLI (`make migrate`, run before `make shell`) keeps only "Running upgrade ..."."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(("Context impl ", "Will assume "))


# Only the `alembic` CLI has an ini file; migrate() passes none so that the host
# process's logging is left alone (migrate() quiets the alembic logger itself).
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
    migration_logger = logging.getLogger("alembic.runtime.migration")
    if not any(type(f).__name__ == "_WhatChanged" for f in migration_logger.filters):
        migration_logger.addFilter(_WhatChanged())

target_metadata = store.Base.metadata


def _url() -> str:
    return config.attributes.get("database_url") or settings.database_url()


def run_migrations_offline() -> None:
    """Emit SQL to stdout (`alembic upgrade head --sql`) instead of running it."""
    url = _url()
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True,
                      dialect_opts={"paramstyle": "named"},
                      render_as_batch=url.startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # The store's own engine settings (SQLite foreign keys and real transactions).
    engine = store.make_engine(_url(), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            is_sqlite = connection.dialect.name == "sqlite"
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
                render_as_batch=is_sqlite,
                # SQLite's DDL is transactional: a failed migration leaves no half schema.
                transactional_ddl=True,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
