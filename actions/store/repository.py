"""`CaseStore`: the case memory's repository. Every public method is one transaction.

Rows are keyed by the Rasa sender id. A method commits fully or leaves nothing behind;
database failures surface as `StoreUnavailable`, so the caller can tell the mediator plainly
that nothing was saved. Text is cleaned before it is stored (no control characters, no lone
surrogates, length limits) and rejected with `NoteRejected` when unusable.
"""
from __future__ import annotations

import unicodedata
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple, TypeVar

from sqlalchemy import case as sql_case
from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker

from actions.store.schema import (MAX_NOTE_CHARS, MAX_SHORT_CHARS, NOTE_KINDS, OUTCOMES, SAFETY_STATES, Case,
                                  CaseSnapshot, Mediator, Note, NoteView, OfferedStrategy,
                                  OfferView, note_view, offer_view, aware)

Row = TypeVar("Row", Mediator, Case)
UNAVAILABLE_ERRORS = (DBAPIError, PoolTimeoutError, DisconnectionError)


class StoreUnavailable(RuntimeError):
    """The case store could not be reached or could not complete the write."""


class NoteRejected(ValueError):
    """A note was not stored because of its text; `reason` is "empty" or "too_long"."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"note rejected: {reason}")
        self.reason = reason


# ---------------------------------------------------------------- models

# Stable constraint names, so later Alembic migrations can refer to them.


def utcnow() -> datetime:
    """Now in UTC as a naive datetime, the form the columns store."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def clean_stored_text(raw: str) -> str:
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
    cleaned = clean_stored_text(str(raw))
    if not cleaned:
        return None
    if len(cleaned) > limit:
        raise NoteRejected("too_long")
    return cleaned


def _clean_id(raw: str, what: str) -> str:
    cleaned = clean_stored_text(str(raw or ""))
    if not cleaned or len(cleaned) > MAX_SHORT_CHARS:
        raise ValueError(f"invalid {what}: {raw!r}")
    return cleaned


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
            if isinstance(exc, UNAVAILABLE_ERRORS):
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

    @staticmethod
    def _found_or_created(find: Callable[[], Optional[Row]], create: Callable[[], Row]) -> Row:
        """find(), else create() (in a savepoint). A concurrent request from the same sender
        may create it first (PostgreSQL): then theirs is found instead of failing."""
        found = find()
        if found is not None:
            return found
        try:
            return create()
        except IntegrityError:
            found = find()
            if found is None:
                raise
            return found

    def _mediator(self, session: Session, sender: str) -> Mediator:
        def create() -> Mediator:
            with session.begin_nested():
                mediator = Mediator(sender_key=str(sender), created_at=self._clock())
                session.add(mediator)
            return mediator
        return self._found_or_created(lambda: self._find_mediator(session, sender), create)

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
        return self._found_or_created(lambda: self._find_active_case(session, sender),
                                      lambda: self._open_case(session, self._mediator(session, sender)))

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
        cleaned = clean_stored_text(text if isinstance(text, str) else "")
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
            return note_view(note)

    def notes(self, sender: str, kind: Optional[str] = None) -> List[NoteView]:
        """Notes of the active case, oldest first; [] when there is no case yet."""
        if kind is not None and kind not in NOTE_KINDS:
            raise ValueError(f"unknown note kind {kind!r}; expected one of {NOTE_KINDS}")
        with self._transaction() as session:
            case = self._find_active_case(session, sender)
            if case is None:
                return []
            return [note_view(n) for n in self._notes_of(session, case.id, kind)]

    def remove_note(self, sender: str, note_id: int) -> Optional[NoteView]:
        """Delete one note of the active case (the mediator took it back); the note as it was,
        or None when the active case has no such note."""
        with self._transaction() as session:
            case = self._find_active_case(session, sender)
            note = session.get(Note, int(note_id)) if case is not None else None
            if note is None or note.case_id != case.id:
                return None
            view = note_view(note)
            session.delete(note)
            case.updated_at = self._clock()
            return view

    def update_note(self, sender: str, note_id: int, text: str) -> Optional[NoteView]:
        """Replace one note's text ("actually it's three weeks"); the note as it is now, or None
        when the active case has no such note. Raises NoteRejected for unusable text."""
        cleaned = clean_stored_text(text if isinstance(text, str) else "")
        if not cleaned:
            raise NoteRejected("empty")
        if len(cleaned) > MAX_NOTE_CHARS:
            raise NoteRejected("too_long")
        with self._transaction() as session:
            case = self._find_active_case(session, sender)
            note = session.get(Note, int(note_id)) if case is not None else None
            if note is None or note.case_id != case.id:
                return None
            note.text = cleaned
            case.updated_at = self._clock()
            session.flush()
            return note_view(note)

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
            return offer_view(offer)

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
            return offer_view(offer)

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

    def snapshot(self, sender: str) -> CaseSnapshot:
        """The active case as plain data (created on first use, like active_case_id)."""
        with self._transaction() as session:
            case = self._active_case(session, sender)
            by_kind: Dict[str, List[NoteView]] = {k: [] for k in NOTE_KINDS}
            for note in self._notes_of(session, case.id):
                by_kind[note.kind].append(note_view(note))
            offers = session.execute(
                select(OfferedStrategy).where(OfferedStrategy.case_id == case.id)
                .order_by(OfferedStrategy.created_at, OfferedStrategy.id)
            ).scalars()
            return CaseSnapshot(
                case_id=case.id, created_at=aware(case.created_at),
                gains=tuple(by_kind["gain"]), parked=tuple(by_kind["parked"]),
                homework=tuple(by_kind["homework"]), experiments=tuple(by_kind["experiment"]),
                offers=tuple(offer_view(o) for o in offers),
                safety_state=case.safety_state, safety_risk=case.safety_risk, safety_who=case.safety_who,
                incidents=tuple(by_kind["incident"]),
            )

    def safety(self, sender: str) -> Tuple[Optional[str], Optional[str], Optional[str]]:
        """(state, risk type, person at risk) of the active case; all None when there is no
        case or nothing was raised (never creates a case)."""
        with self._transaction() as session:
            case = self._find_active_case(session, sender)
            if case is None:
                return None, None, None
            return case.safety_state, case.safety_risk, case.safety_who

    def set_safety(self, sender: str, state: Optional[str], risk: Optional[str] = None,
                   who: Optional[str] = None) -> None:
        """Record the case's safety state (see actions/safety/state.py)."""
        if state is not None and state not in SAFETY_STATES:
            raise ValueError(f"unknown safety state {state!r}")
        with self._transaction() as session:
            case = self._active_case(session, sender)
            case.safety_state = state
            case.safety_risk = _clean_optional(risk, 32)
            case.safety_who = _clean_optional(who)
            case.updated_at = self._clock()

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
