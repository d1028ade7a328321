"""The case store's tables, and the plain read-only views handed to callers.

Tables: a mediator (keyed by the Rasa sender id), their cases (one active at a time), a
case's notes (gains, parked issues, homework, experiments) and the strategies offered in it
with their outcome. The schema itself is created only by the Alembic migrations in
`migrations/`; these classes must match them (tests/unit/test_store.py checks it).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional, Sequence, Tuple

from sqlalchemy import (Boolean, CheckConstraint, Column, DateTime, ForeignKey, Index, Integer,
                        MetaData, String, Text)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import declarative_base, relationship

# "incident": what the mediator noted about a safety concern; mediator-only, never shared.
NOTE_KINDS = ("gain", "parked", "homework", "experiment", "incident")
OUTCOMES = ("worked", "failed")
SAFETY_STATES = ("open", "shuttle_only", "screened_clear")
MAX_NOTE_CHARS = 1000
MAX_SHORT_CHARS = 200  # who / review date / cause / strategy ids

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

    id = Column(Integer, primary_key=True)
    sender_key = Column(String(255), nullable=False, unique=True)
    created_at = Column(DateTime, nullable=False)

    cases = relationship("Case", back_populates="mediator", cascade="all, delete-orphan",
                         passive_deletes=True)


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint("safety_state IS NULL OR " + _in("safety_state", SAFETY_STATES), name="safety_state"),
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
    # Safety as the mediator arranged it (actions/safety/state.py): "open", "shuttle_only" or
    # "screened_clear"; the risk type and the person at risk the replies speak of. Mediator-only.
    safety_state = Column(String(16), nullable=True)
    safety_risk = Column(String(32), nullable=True)
    safety_who = Column(String(MAX_SHORT_CHARS), nullable=True)

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
    # Mediator-only: the case's safety state, risk type and the person at risk.
    safety_state: Optional[str] = None
    safety_risk: Optional[str] = None
    safety_who: Optional[str] = None
    incidents: Tuple[NoteView, ...] = ()  # mediator-only, like the safety state

    @property
    def safety_concern(self) -> bool:
        """A concern stands (open, or safe for now but shuttle only)."""
        return self.safety_state in ("open", "shuttle_only")


def aware(moment: datetime) -> datetime:
    # Stored naive in UTC (SQLite keeps no offset); hand out aware datetimes.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def note_view(note: Note) -> NoteView:
    return NoteView(id=note.id, kind=note.kind, text=note.text, who=note.who,
                    review_date=note.review_date, created_at=aware(note.created_at))


def offer_view(offer: OfferedStrategy) -> OfferView:
    return OfferView(id=offer.id, cause=offer.cause, strategy=offer.strategy,
                     outcome=offer.outcome, created_at=aware(offer.created_at))
