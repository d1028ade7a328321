"""Delete conversations from Rasa's tracker store (every event, message text included).

"forget this case" and `make purge` clear the case store (cases.db) only; the tracker store
(rasa.db, or PostgreSQL) keeps every message of the conversation. This removes it:

    .venv/bin/python scripts/forget_conversation.py --sender SENDER_ID [--sender ...]
    .venv/bin/python scripts/forget_conversation.py --idle-days [N]

--idle-days deletes every conversation with no event for N days (default: CASE_RETENTION_DAYS,
90), the tracker-store side of `make purge`. --dry-run only counts.

The tracker store is the one in --endpoints (endpoints.yml by default, `${VAR}` expanded as
Rasa does); only Rasa's SQL tracker store is supported. A relative SQLite path is taken from
the repository root, where scripts/serve.sh runs Rasa. Run it while the conversation is idle:
Rasa writes a tracker back after each turn, so rows deleted during a turn can reappear.
If the same sender writes again later, a new, empty conversation starts.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path
from typing import Iterable, List, Optional, Tuple

os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402


def tracker_store_url(endpoints: Path) -> str:
    """The SQLAlchemy URL of the SQL tracker store configured in `endpoints`."""
    with warnings.catch_warnings():  # Rasa's imports and its URL() call are noisy
        warnings.simplefilter("ignore")
        return _tracker_store_url(endpoints)


def _tracker_store_url(endpoints: Path) -> str:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.core.utils import AvailableEndpoints

    warnings.simplefilter("ignore")  # again: importing Rasa resets the filters
    config = AvailableEndpoints.read_endpoints(str(endpoints)).tracker_store
    if config is None or str(config.type or "").lower() != "sql":
        kind = "none (in memory)" if config is None else config.type
        raise SystemExit(f"{endpoints}: tracker_store type is {kind}; only type SQL is supported")
    options = dict(config.kwargs)
    dialect = options.get("dialect", "sqlite")
    db = options.get("db", "rasa.db")
    if dialect == "sqlite" and db and not Path(db).is_absolute():
        db = str(ROOT / db)
    url = SQLTrackerStore.get_db_url(
        dialect, config.url, options.get("port"), db,  # Rasa passes `url` as the host
        options.get("username"), options.get("password"), options.get("login_db"),
        options.get("query"))
    return url if isinstance(url, str) else url.render_as_string(hide_password=False)


def _events_table(engine: sa.engine.Engine) -> sa.Table:
    metadata = sa.MetaData()
    try:
        return sa.Table("events", metadata, autoload_with=engine)
    except sa.exc.NoSuchTableError:
        raise SystemExit("the tracker store has no events table (no conversation yet)")


def idle_senders(engine: sa.engine.Engine, days: float, now: Optional[float] = None) -> List[str]:
    """Senders whose latest event is older than `days` days."""
    events = _events_table(engine)
    cutoff = (now if now is not None else time.time()) - days * 86400
    query = (sa.select(events.c.sender_id).group_by(events.c.sender_id)
             .having(sa.func.max(events.c.timestamp) < cutoff))
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(query)]


def forget(engine: sa.engine.Engine, senders: Iterable[str], dry_run: bool = False) -> Tuple[int, int]:
    """Delete every tracker event of `senders`. Returns (events, conversations) found."""
    senders = sorted(set(senders))
    if not senders:
        return 0, 0
    events = _events_table(engine)
    with engine.begin() as connection:
        found = connection.execute(
            sa.select(sa.func.count(), sa.func.count(sa.distinct(events.c.sender_id)))
            .where(events.c.sender_id.in_(senders))).one()
        if not dry_run:
            connection.execute(sa.delete(events).where(events.c.sender_id.in_(senders)))
    return int(found[0]), int(found[1])


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--sender", action="append", metavar="SENDER_ID",
                       help="a conversation (Rasa sender id) to delete; repeat for several")
    which.add_argument("--idle-days", nargs="?", type=float, const=-1.0, metavar="N",
                       help="delete conversations idle for N days (default CASE_RETENTION_DAYS)")
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml")
    parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    args = parser.parse_args(argv)

    engine = sa.create_engine(tracker_store_url(args.endpoints), hide_parameters=True)
    try:
        if args.sender is not None:
            senders = [s for s in args.sender if s.strip()]
            if not senders:
                parser.error("--sender needs a non-empty sender id")
        else:
            days = args.idle_days
            if days == -1.0:
                from settings import retention_days
                days = retention_days()
            if days <= 0:
                parser.error("--idle-days must be a positive number of days")
            senders = idle_senders(engine, days)
        count, conversations = forget(engine, senders, dry_run=args.dry_run)
    finally:
        engine.dispose()
    verb = "would delete" if args.dry_run else "deleted"
    print(f"tracker events {verb}: {count} in {conversations} conversation(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
