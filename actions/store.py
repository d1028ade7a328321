"""Case memory: what a mediator told the assistant about their current case.

SQLAlchemy models and a small repository (`CaseStore`). Rows are keyed by the Rasa
sender id. The database comes from `DATABASE_URL` (SQLite file `cases.db` in the repo
root by default; PostgreSQL for several replicas). The schema is created only by the
Alembic migrations in `migrations/` (`migrate()` runs them).

Every public `CaseStore` method is one transaction: it commits fully or leaves nothing
behind. Database failures surface as `StoreUnavailable`, so the caller can tell the
mediator plainly that nothing was saved.

Environment:
    DATABASE_URL          SQLAlchemy URL; default sqlite:///<repo root>/cases.db
    REDACT_NAMES          "1"/"true": the caller replaces person names before storing
    CASE_RETENTION_DAYS   purge_older_than() deletes cases idle this long (default 90)
    CASE_STORE_AUTO_MIGRATE  "0" stops get_store() from running migrations on first use
                          (run `alembic upgrade head` at deploy instead, e.g. with replicas)

No Rasa or spaCy imports: stdlib and SQLAlchemy only.
"""
from __future__ import annotations

import os
import threading
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    case as sql_case,
    create_engine,
    delete,
    event,
    func,
    select,
    text as sql_text,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, declarative_base, relationship, sessionmaker

ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS_DIR = ROOT / "migrations"
DEFAULT_SQLITE_PATH = ROOT / "cases.db"

NOTE_KINDS = ("gain", "parked", "homework", "experiment")
OUTCOMES = ("worked", "failed")
ROLES = ("mediator", "advocate")
MAX_NOTE_CHARS = 1000
MAX_SHORT_CHARS = 200  # who / represented party / review date / cause / strategy ids
DEFAULT_RETENTION_DAYS = 90

# Failures of the database itself (not of our code): the caller tells the mediator
# the note was not saved. OperationalError and IntegrityError are DBAPIError subclasses.
_UNAVAILABLE_ERRORS = (DBAPIError, PoolTimeoutError, DisconnectionError)


class StoreUnavailable(RuntimeError):
    """The case store could not be reached or could not complete the write."""


class NoteRejected(ValueError):
    """A note was not stored because of its text; `reason` is "empty" or "too_long"."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"note rejected: {reason}")
        self.reason = reason


# ---------------------------------------------------------------- models

# Stable constraint names, so later Alembic migrations can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Mediator(Base):
    __tablename__ = "mediators"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id = Column(Integer, primary_key=True)
    sender_key = Column(String(255), nullable=False, unique=True)
    role = Column(String(16), nullable=False, default="mediator")
    represented_party = Column(String(MAX_SHORT_CHARS), nullable=True)
    created_at = Column(DateTime, nullable=False)

    cases = relationship("Case", back_populates="mediator", cascade="all, delete-orphan",
                         passive_deletes=True)


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_mediator_id_active", "mediator_id", "active"),
        Index("ix_cases_updated_at", "updated_at"),  # retention purge
        # At most one active case per mediator, whatever the concurrency.
        Index("uq_cases_one_active", "mediator_id", unique=True,
              sqlite_where=sql_text("active"), postgresql_where=sql_text("active")),
    )

    id = Column(Integer, primary_key=True)
    mediator_id = Column(Integer, ForeignKey("mediators.id", ondelete="CASCADE"), nullable=False)
    created_at = Column(DateTime, nullable=False)
    updated_at = Column(DateTime, nullable=False)
    active = Column(Boolean, nullable=False, default=True)

    mediator = relationship("Mediator", back_populates="cases")
    notes = relationship("Note", back_populates="case", cascade="all, delete-orphan",
                         passive_deletes=True)
    offers = relationship("OfferedStrategy", back_populates="case",
                          cascade="all, delete-orphan", passive_deletes=True)


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = (
        CheckConstraint(_in("kind", NOTE_KINDS), name="kind"),
        Index("ix_notes_case_id_created_at", "case_id", "created_at"),
    )

    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    kind = Column(String(16), nullable=False)
    text = Column(Text, nullable=False)
    who = Column(String(MAX_SHORT_CHARS), nullable=True)
    review_date = Column(String(MAX_SHORT_CHARS), nullable=True)
    created_at = Column(DateTime, nullable=False)

    case = relationship("Case", back_populates="notes")


class OfferedStrategy(Base):
    __tablename__ = "offered_strategies"
    __table_args__ = (
        CheckConstraint(f"outcome IS NULL OR {_in('outcome', OUTCOMES)}", name="outcome"),
        Index("ix_offered_strategies_case_id_created_at", "case_id", "created_at"),
    )

    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    cause = Column(String(MAX_SHORT_CHARS), nullable=False)
    strategy = Column(String(MAX_SHORT_CHARS), nullable=False)
    outcome = Column(String(16), nullable=True)
    created_at = Column(DateTime, nullable=False)
    updated_at = Column(DateTime, nullable=False)

    case = relationship("Case", back_populates="offers")


# ---------------------------------------------------------------- plain views


@dataclass(frozen=True)
class NoteView:
    id: int
    kind: str
    text: str
    who: Optional[str]
    review_date: Optional[str]
    created_at: datetime  # UTC, timezone-aware


@dataclass(frozen=True)
class OfferView:
    id: int
    cause: str
    strategy: str
    outcome: Optional[str]
    created_at: datetime  # UTC, timezone-aware


@dataclass(frozen=True)
class CaseSnapshot:
    """Everything in one case as plain data, for export (the Markdown is written elsewhere)."""

    case_id: int
    created_at: datetime  # UTC, timezone-aware
    gains: Tuple[NoteView, ...]
    parked: Tuple[NoteView, ...]
    homework: Tuple[NoteView, ...]
    experiments: Tuple[NoteView, ...]
    offers: Tuple[OfferView, ...]


def _aware(moment: datetime) -> datetime:
    # Stored naive in UTC (SQLite keeps no offset); hand out aware datetimes.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _note_view(note: Note) -> NoteView:
    return NoteView(id=note.id, kind=note.kind, text=note.text, who=note.who,
                    review_date=note.review_date, created_at=_aware(note.created_at))


def _offer_view(offer: OfferedStrategy) -> OfferView:
    return OfferView(id=offer.id, cause=offer.cause, strategy=offer.strategy,
                     outcome=offer.outcome, created_at=_aware(offer.created_at))


def utcnow() -> datetime:
    """Now in UTC as a naive datetime, the form the columns store."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


# ---------------------------------------------------------------- text hygiene


def clean_text(raw: str) -> str:
    """Drop control characters (line breaks and tabs become spaces) and outer whitespace."""
    kept = []
    for char in raw:
        category = unicodedata.category(char)
        if category == "Cc":
            if char.isspace():
                kept.append(" ")
        elif category != "Cs":  # lone surrogates cannot be encoded for the database
            kept.append(char)
    return "".join(kept).strip()


def _clean_optional(raw: Optional[str], limit: int = MAX_SHORT_CHARS) -> Optional[str]:
    if raw is None:
        return None
    cleaned = clean_text(str(raw))
    if not cleaned:
        return None
    if len(cleaned) > limit:
        raise NoteRejected("too_long")
    return cleaned


def _clean_id(raw: str, what: str) -> str:
    cleaned = clean_text(str(raw or ""))
    if not cleaned or len(cleaned) > MAX_SHORT_CHARS:
        raise ValueError(f"invalid {what}: {raw!r}")
    return cleaned


def redact_names(text: str, find_persons: Callable[[str], Sequence[Tuple[int, int]]]) -> str:
    """Replace every (start, end) span that `find_persons(text)` returns with "[name]".

    Overlapping or touching spans merge into one "[name]"; spans out of range are clipped.
    """
    spans = sorted((max(0, int(s)), min(len(text), int(e))) for s, e in find_persons(text))
    merged: List[List[int]] = []
    for start, end in spans:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts, cursor = [], 0
    for start, end in merged:
        parts.append(text[cursor:start])
        parts.append("[name]")
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def redaction_enabled() -> bool:
    """True when env REDACT_NAMES is "1" or "true" (also "yes"/"on"); off by default."""
    return os.environ.get("REDACT_NAMES", "").strip().lower() in {"1", "true", "yes", "on"}


def retention_days() -> int:
    """Days a case may sit untouched before purge: env CASE_RETENTION_DAYS, default 90."""
    raw = os.environ.get("CASE_RETENTION_DAYS", "").strip()
    if not raw:
        return DEFAULT_RETENTION_DAYS
    days = int(raw)
    if days < 1:
        raise ValueError("CASE_RETENTION_DAYS must be a positive number of days")
    return days


# ---------------------------------------------------------------- engine


def database_url() -> str:
    """DATABASE_URL, or the SQLite file cases.db in the repository root."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"


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
    url = url or database_url()
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
_store: Optional["CaseStore"] = None


def get_engine() -> Engine:
    """The process-wide engine, created on first use (never at import)."""
    global _engine
    with _lock:
        if _engine is None:
            _engine = make_engine()
        return _engine


def get_store() -> "CaseStore":
    """The process-wide CaseStore. On first use it brings the schema up to date
    (unless CASE_STORE_AUTO_MIGRATE=0); if that fails it raises StoreUnavailable
    and the next call tries again."""
    global _store
    if _store is not None:
        return _store
    engine = get_engine()
    with _lock:
        if _store is None:
            if os.environ.get("CASE_STORE_AUTO_MIGRATE", "1").strip().lower() not in {"0", "false", "no"}:
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
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = url or database_url()
    try:
        command.upgrade(config, "head")
    except _UNAVAILABLE_ERRORS as exc:
        raise StoreUnavailable("could not migrate the case store") from exc


def purge_older_than(days: Optional[int] = None, store: Optional["CaseStore"] = None) -> int:
    """Delete cases not updated for `days` days (default: env CASE_RETENTION_DAYS, 90).

    For a cron job or CLI. Returns how many cases were deleted.
    """
    return (store or get_store()).purge_older_than(retention_days() if days is None else days)


# ---------------------------------------------------------------- repository


class CaseStore:
    """Case memory for each mediator, keyed by the Rasa sender id."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utcnow) -> None:
        self._engine = engine
        self._sessions = sessionmaker(bind=engine, future=True, expire_on_commit=False)
        self._clock = clock  # naive UTC; injectable for tests of retention

    # -- transactions

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        """One unit of work: commits at the end, or rolls back everything and re-raises
        (database failures as StoreUnavailable)."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException as exc:
            try:
                session.rollback()
            except Exception:  # the connection may be gone; the transaction dies with it
                pass
            if isinstance(exc, _UNAVAILABLE_ERRORS):
                raise StoreUnavailable("the case store is unavailable; nothing was saved") from exc
            raise
        finally:
            try:
                session.close()
            except Exception:
                pass

    # -- lookups inside a transaction

    def _find_mediator(self, session: Session, sender: str) -> Optional[Mediator]:
        return session.execute(
            select(Mediator).where(Mediator.sender_key == str(sender))
        ).scalar_one_or_none()

    def _mediator(self, session: Session, sender: str) -> Mediator:
        found = self._find_mediator(session, sender)
        if found is not None:
            return found
        # A concurrent first message from the same sender may insert it first
        # (PostgreSQL); the savepoint lets us pick up theirs instead of failing.
        try:
            with session.begin_nested():
                mediator = Mediator(sender_key=str(sender), role="mediator",
                                    created_at=self._clock())
                session.add(mediator)
            return mediator
        except IntegrityError:
            found = self._find_mediator(session, sender)
            if found is None:
                raise
            return found

    def _find_active_case(self, session: Session, sender: str) -> Optional[Case]:
        return session.execute(
            select(Case).join(Mediator)
            .where(Mediator.sender_key == str(sender), Case.active.is_(True))
        ).scalar_one_or_none()

    def _open_case(self, session: Session, mediator: Mediator) -> Case:
        now = self._clock()
        with session.begin_nested():
            case = Case(mediator_id=mediator.id, created_at=now, updated_at=now, active=True)
            session.add(case)
        return case

    def _active_case(self, session: Session, sender: str) -> Case:
        found = self._find_active_case(session, sender)
        if found is not None:
            return found
        mediator = self._mediator(session, sender)
        try:
            return self._open_case(session, mediator)
        except IntegrityError:  # another request opened it concurrently
            found = self._find_active_case(session, sender)
            if found is None:
                raise
            return found

    def _latest_offer(self, session: Session, case_id: int) -> Optional[OfferedStrategy]:
        return session.execute(
            select(OfferedStrategy).where(OfferedStrategy.case_id == case_id)
            .order_by(OfferedStrategy.created_at.desc(), OfferedStrategy.id.desc()).limit(1)
        ).scalar_one_or_none()

    def _notes_of(self, session: Session, case_id: int, kind: Optional[str] = None) -> List[Note]:
        query = select(Note).where(Note.case_id == case_id)
        if kind is not None:
            query = query.where(Note.kind == kind)
        return list(session.execute(query.order_by(Note.created_at, Note.id)).scalars())

    @staticmethod
    def _delete_cases(session: Session, case_ids: Sequence[int]) -> None:
        # Explicit child deletes as well as ON DELETE CASCADE: forgetting must not depend
        # on an engine that someone configured without SQLite's foreign_keys pragma.
        if not case_ids:
            return
        session.execute(delete(Note).where(Note.case_id.in_(case_ids)))
        session.execute(delete(OfferedStrategy).where(OfferedStrategy.case_id.in_(case_ids)))
        session.execute(delete(Case).where(Case.id.in_(case_ids)))

    # -- public API: each method is one transaction

    def active_case_id(self, sender: str) -> int:
        """The id of the mediator's active case; the mediator and case are created on first use."""
        with self._transaction() as session:
            return self._active_case(session, sender).id

    def case_exists(self, sender: str) -> bool:
        """Whether the mediator has an active case (never creates one)."""
        with self._transaction() as session:
            return self._find_active_case(session, sender) is not None

    def new_case(self, sender: str) -> int:
        """Start a fresh case; the previous one is kept but no longer active."""
        with self._transaction() as session:
            mediator = self._mediator(session, sender)
            session.execute(
                update(Case).where(Case.mediator_id == mediator.id, Case.active.is_(True))
                .values(active=False, updated_at=self._clock())
            )
            return self._open_case(session, mediator).id

    def add_note(self, sender: str, kind: str, text: str, who: Optional[str] = None,
                 review_date: Optional[str] = None) -> NoteView:
        """Store a progress note on the active case.

        Raises ValueError for an unknown kind and NoteRejected("empty" / "too_long")
        for unusable text, before anything is written.
        """
        if kind not in NOTE_KINDS:
            raise ValueError(f"unknown note kind {kind!r}; expected one of {NOTE_KINDS}")
        cleaned = clean_text(text if isinstance(text, str) else "")
        if not cleaned:
            raise NoteRejected("empty")
        if len(cleaned) > MAX_NOTE_CHARS:
            raise NoteRejected("too_long")
        who_clean = _clean_optional(who)
        review_clean = _clean_optional(review_date)
        with self._transaction() as session:
            case = self._active_case(session, sender)
            now = self._clock()
            note = Note(case_id=case.id, kind=kind, text=cleaned, who=who_clean,
                        review_date=review_clean, created_at=now)
            session.add(note)
            case.updated_at = now
            session.flush()
            return _note_view(note)

    def notes(self, sender: str, kind: Optional[str] = None) -> List[NoteView]:
        """Notes of the active case, oldest first; [] when there is no case yet."""
        if kind is not None and kind not in NOTE_KINDS:
            raise ValueError(f"unknown note kind {kind!r}; expected one of {NOTE_KINDS}")
        with self._transaction() as session:
            case = self._find_active_case(session, sender)
            if case is None:
                return []
            return [_note_view(n) for n in self._notes_of(session, case.id, kind)]

    def record_offer(self, sender: str, cause: str, strategy: str) -> OfferView:
        """Remember that `strategy` was offered for `cause` in the active case."""
        cause_id, strategy_id = _clean_id(cause, "cause"), _clean_id(strategy, "strategy")
        with self._transaction() as session:
            case = self._active_case(session, sender)
            now = self._clock()
            offer = OfferedStrategy(case_id=case.id, cause=cause_id, strategy=strategy_id,
                                    created_at=now, updated_at=now)
            session.add(offer)
            case.updated_at = now
            session.flush()
            return _offer_view(offer)

    def record_outcome(self, sender: str, outcome: str) -> Optional[OfferView]:
        """Mark the latest strategy offered in the active case as "worked" or "failed".

        Returns the updated offer, or None when nothing was offered in this case.
        """
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}; expected one of {OUTCOMES}")
        with self._transaction() as session:
            case = self._find_active_case(session, sender)
            offer = self._latest_offer(session, case.id) if case is not None else None
            if offer is None:
                return None
            now = self._clock()
            offer.outcome = outcome
            offer.updated_at = now
            case.updated_at = now
            session.flush()
            return _offer_view(offer)

    def outcome_counts(self, sender: str) -> Dict[Tuple[str, str], Tuple[int, int]]:
        """{(cause, strategy): (times worked, times failed)} over all of this mediator's cases."""
        worked = func.sum(sql_case((OfferedStrategy.outcome == "worked", 1), else_=0))
        failed = func.sum(sql_case((OfferedStrategy.outcome == "failed", 1), else_=0))
        with self._transaction() as session:
            rows = session.execute(
                select(OfferedStrategy.cause, OfferedStrategy.strategy, worked, failed)
                .join(Case, OfferedStrategy.case_id == Case.id)
                .join(Mediator, Case.mediator_id == Mediator.id)
                .where(Mediator.sender_key == str(sender), OfferedStrategy.outcome.isnot(None))
                .group_by(OfferedStrategy.cause, OfferedStrategy.strategy)
            ).all()
        return {(cause, strategy): (int(w), int(f)) for cause, strategy, w, f in rows}

    def set_role(self, sender: str, role: str, represented_party: Optional[str] = None) -> None:
        """"mediator" (no party), or "advocate" for a named represented party."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; expected one of {ROLES}")
        try:
            party = _clean_optional(represented_party) if role == "advocate" else None
        except NoteRejected:
            raise ValueError("the represented party's description is too long") from None
        if role == "advocate" and party is None:
            raise ValueError("an advocate represents a party; none was given")
        with self._transaction() as session:
            mediator = self._mediator(session, sender)
            mediator.role = role
            mediator.represented_party = party

    def role(self, sender: str) -> Tuple[str, Optional[str]]:
        """(role, represented party); ("mediator", None) for someone not seen before."""
        with self._transaction() as session:
            mediator = self._find_mediator(session, sender)
            if mediator is None:
                return "mediator", None
            return mediator.role, mediator.represented_party

    def snapshot(self, sender: str) -> CaseSnapshot:
        """The active case as plain data (created on first use, like active_case_id)."""
        with self._transaction() as session:
            case = self._active_case(session, sender)
            by_kind: Dict[str, List[NoteView]] = {k: [] for k in NOTE_KINDS}
            for note in self._notes_of(session, case.id):
                by_kind[note.kind].append(_note_view(note))
            offers = session.execute(
                select(OfferedStrategy).where(OfferedStrategy.case_id == case.id)
                .order_by(OfferedStrategy.created_at, OfferedStrategy.id)
            ).scalars()
            return CaseSnapshot(
                case_id=case.id, created_at=_aware(case.created_at),
                gains=tuple(by_kind["gain"]), parked=tuple(by_kind["parked"]),
                homework=tuple(by_kind["homework"]), experiments=tuple(by_kind["experiment"]),
                offers=tuple(_offer_view(o) for o in offers),
            )

    def forget_case(self, sender: str) -> bool:
        """Delete the active case with all its notes and offers. False if there is none.

        Earlier (inactive) cases and other mediators are untouched.
        """
        with self._transaction() as session:
            case = self._find_active_case(session, sender)
            if case is None:
                return False
            case_id = case.id
            session.expunge(case)
            self._delete_cases(session, [case_id])
            return True

    def purge_older_than(self, days: int) -> int:
        """Delete cases not updated for `days` days, and mediators left with no case
        who were created before that. Returns the number of cases deleted."""
        if days < 1:
            raise ValueError("days must be at least 1")
        cutoff = self._clock() - timedelta(days=days)
        with self._transaction() as session:
            stale = list(session.execute(
                select(Case.id).where(Case.updated_at < cutoff)
            ).scalars())
            self._delete_cases(session, stale)
            # The sender id can identify a person (a phone number on voice channels).
            session.execute(
                delete(Mediator).where(
                    Mediator.created_at < cutoff,
                    ~select(Case.id).where(Case.mediator_id == Mediator.id).exists(),
                ).execution_options(synchronize_session=False)
            )
            return len(stale)
