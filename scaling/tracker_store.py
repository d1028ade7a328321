"""Rasa's SQL tracker store, made fit for replicas that share one PostgreSQL.

Two changes to `rasa.core.tracker_store.SQLTrackerStore` (Rasa Open Source 3.6):

1. `pool_pre_ping`: SQLAlchemy tests a pooled connection before handing it out and opens
   a new one if the old one died. Without it, the first request on every connection that
   was open when PostgreSQL restarted fails with "server closed the connection
   unexpectedly".
2. `hide_parameters`: a failed INSERT would otherwise print the event JSON, i.e. what the
   mediator wrote, into the Rasa log.

Rasa wraps every tracker store in `FailSafeTrackerStore`, which swallows errors: a failed
read hands out a new, empty conversation, and a failed write goes to an in-memory store
that the other replicas never see. `make_fail_safe_strict` turns that off so the error
reaches the channel (scaling/rest.py answers 503).

Use it in endpoints.yml (deploy/endpoints.scale.yml):

    tracker_store:
      type: scaling.tracker_store.ResilientSQLTrackerStore
      dialect: postgresql
      url: ${DB_HOST}
      ...
"""
from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, create_engine_kwargs

logger = logging.getLogger(__name__)


class TrackerStoreUnavailable(RuntimeError):
    """The conversation could not be read from or written to the tracker store."""


class ResilientSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` with pre-ping on checkout and SQL parameters hidden from errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        # Same pool settings as Rasa's (POSTGRESQL_POOL_SIZE / POSTGRESQL_MAX_OVERFLOW),
        # plus the two options above. `login_db` in Rasa builds its engine without them.
        options = create_engine_kwargs(url)
        options.update(pool_pre_ping=True, hide_parameters=True)
        self.engine = sa.create_engine(url, **options)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        logger.info("Tracker store: %s with pre-ping (pool size %s)", url.get_backend_name(),
                    options.get("pool_size", "default"))

    def replies_to(self, sender_id: str,
                   message_id: str) -> Optional[Tuple[str, List[Dict[str, Any]]]]:
        """The text of the stored user message `message_id` and the `bot` events stored
        after it (up to the next user message), or None if `sender_id` has no such message.

        One indexed query on sender_id instead of rebuilding the tracker: the retry check
        in scaling/rest.py costs about 2 ms per message (measured on the 2-core machine,
        70 events in the conversation), a few percent of a reply.
        """
        needle = '"message_id": ' + json.dumps(message_id)
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        events = self.SQLEvent
        with self.session_scope() as session:
            candidates = (session.query(events.id, events.data)
                          .filter(events.sender_id == sender_id, events.type_name == "user",
                                  events.data.like(pattern, escape="\\"))
                          .order_by(events.id).all())
            found = next(((row.id, json.loads(row.data)) for row in candidates
                          if json.loads(row.data).get("message_id") == message_id), None)
            if found is None:
                return None
            start, user_event = found
            following = (session.query(events.type_name, events.data)
                         .filter(events.sender_id == sender_id, events.id > start)
                         .order_by(events.id).all())
        replies = []
        for row in following:
            if row.type_name == "user":
                break
            if row.type_name == "bot":
                replies.append(json.loads(row.data))
        return user_event.get("text") or "", replies


def _raise_unavailable(error: Exception) -> None:
    raise TrackerStoreUnavailable(f"{type(error).__name__} in the tracker store") from error


def make_fail_safe_strict(tracker_store: Any) -> None:
    """Make Rasa's `FailSafeTrackerStore` raise instead of falling back to memory.

    `FailSafeTrackerStore` calls its `on_tracker_store_error` callback before it falls
    back (see rasa/core/tracker_store.py); a callback that raises stops the fallback and
    lets the error reach the caller. Idempotent; other tracker stores are left alone.
    """
    if isinstance(tracker_store, FailSafeTrackerStore):
        if getattr(tracker_store, "_on_tracker_store_error", None) is not _raise_unavailable:
            tracker_store._on_tracker_store_error = _raise_unavailable
            logger.info("Tracker store errors now fail the request (no in-memory fallback).")
