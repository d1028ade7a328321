"""The case store: notes, offers, outcomes, safety, forgetting, failures, migrations.

Every database test runs on a migrated SQLite file, and also on PostgreSQL when
TEST_POSTGRES_URL is set (each test then gets its own schema, dropped afterwards).
"""
from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError

import settings
from actions import store as store_module
from actions.store import CaseStore, NoteRejected, StoreUnavailable, make_engine, migrate
from actions.store import engine as engine_module
from actions.store import repository as repository_module
from actions.store.schema import MAX_NOTE_CHARS

TABLES = ("mediators", "cases", "notes", "offered_strategies")

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.skipif(
        not os.environ.get("TEST_POSTGRES_URL"),
        reason="PostgreSQL run skipped: set TEST_POSTGRES_URL=postgresql://user@host/db to enable")),
]


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """A URL to an empty database (a fresh SQLite file, or a fresh PostgreSQL schema)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cases.db'}"
        return
    base = os.environ["TEST_POSTGRES_URL"]
    schema = f"test_store_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, future=True)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def engine(db_url):
    migrate(db_url)
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine):
    return CaseStore(engine)


def count(engine, table, where="", **params):
    with engine.connect() as conn:
        sql = f"SELECT COUNT(*) FROM {table}" + (f" WHERE {where}" if where else "")
        return conn.execute(text(sql), params).scalar_one()


def row_counts(engine):
    return {table: count(engine, table) for table in TABLES}


def fail_on(engine, statement_prefix):
    """Make the database reject the first statement starting with `statement_prefix`
    (e.g. "INSERT INTO notes"): it is sent to a table that is not there, so the
    driver raises a real database error midway through a method."""

    def before(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith(statement_prefix):
            statement = statement.replace(statement_prefix, statement_prefix + "_unavailable", 1)
        return statement, parameters

    event.listen(engine, "before_cursor_execute", before, retval=True)
    return lambda: event.remove(engine, "before_cursor_execute", before)


# ---------------------------------------------------------------- cases and notes


def test_first_use_creates_mediator_and_case(store, engine):
    assert store.case_exists("m1") is False
    assert row_counts(engine) == {t: 0 for t in TABLES}  # asking does not create

    case_id = store.active_case_id("m1")

    assert isinstance(case_id, int)
    assert store.case_exists("m1") is True
    assert store.active_case_id("m1") == case_id  # stable on later calls
    assert count(engine, "mediators", "sender_key = :s", s="m1") == 1
    assert count(engine, "cases") == 1


def test_notes_of_each_kind_round_trip_in_order(store):
    added = [
        store.add_note("m1", "gain", "They agreed on the holiday schedule"),
        store.add_note("m1", "parked", "Park the pension for now"),
        store.add_note("m1", "homework", "She brings the bank statements", who="wife"),
        store.add_note("m1", "experiment", "Alternating weekends for a month",
                       who="both parents", review_date="2025-07-01"),
        store.add_note("m1", "gain", "Child support amount settled"),
    ]

    notes = store.notes("m1")

    assert notes == added
    assert [(n.kind, n.text) for n in notes] == [
        ("gain", "They agreed on the holiday schedule"),
        ("parked", "Park the pension for now"),
        ("homework", "She brings the bank statements"),
        ("experiment", "Alternating weekends for a month"),
        ("gain", "Child support amount settled"),
    ]
    assert (notes[2].who, notes[2].review_date) == ("wife", None)
    assert (notes[3].who, notes[3].review_date) == ("both parents", "2025-07-01")
    assert notes[0].created_at.tzinfo is not None
    assert [n.text for n in store.notes("m1", kind="gain")] == [
        "They agreed on the holiday schedule", "Child support amount settled"]
    assert store.notes("m1", kind="parked") == [added[1]]
    with pytest.raises(dataclasses.FrozenInstanceError):
        notes[0].text = "changed"


def test_note_text_loses_control_characters(store):
    note = store.add_note("m1", "gain", "  they agreed\non\tthe\x07 house\x00  ",
                          who="  \n  ", review_date=" next\x1b week ")
    assert note.text == "they agreed on the house"
    assert note.who is None
    assert note.review_date == "next week"
    assert store.notes("m1")[0].text == "they agreed on the house"


def test_note_of_exactly_max_length_is_kept(store):
    note = store.add_note("m1", "gain", "x" * MAX_NOTE_CHARS)
    assert len(store.notes("m1")[0].text) == MAX_NOTE_CHARS == len(note.text)


@pytest.mark.parametrize("raw, reason", [
    ("", "empty"),
    ("   \n\t  ", "empty"),
    ("\x00\x07\x1b", "empty"),
    ("x" * (MAX_NOTE_CHARS + 1), "too_long"),
    ("word " * 4000, "too_long"),  # 20,000 characters
])
def test_unusable_note_text_is_rejected_and_nothing_stored(store, engine, raw, reason):
    with pytest.raises(NoteRejected) as caught:
        store.add_note("m1", "gain", raw)
    assert caught.value.reason == reason
    assert isinstance(caught.value, ValueError)
    assert row_counts(engine) == {t: 0 for t in TABLES}  # not even the mediator


def test_too_long_who_is_rejected(store, engine):
    with pytest.raises(NoteRejected) as caught:
        store.add_note("m1", "homework", "bring the statements", who="w" * 500)
    assert caught.value.reason == "too_long"
    assert count(engine, "notes") == 0


def test_unknown_note_kind_is_rejected(store, engine):
    with pytest.raises(ValueError) as caught:
        store.add_note("m1", "wish", "a pony")
    assert not isinstance(caught.value, NoteRejected)
    assert "wish" in str(caught.value)
    with pytest.raises(ValueError):
        store.notes("m1", kind="wish")
    assert row_counts(engine) == {t: 0 for t in TABLES}


def test_new_case_isolates_notes(store, engine):
    first = store.active_case_id("m1")
    store.add_note("m1", "gain", "old case gain")

    second = store.new_case("m1")

    assert second != first
    assert store.active_case_id("m1") == second
    assert store.notes("m1") == []
    store.add_note("m1", "parked", "new case parked")
    assert [n.text for n in store.notes("m1")] == ["new case parked"]
    assert count(engine, "notes", "case_id = :c", c=first) == 1  # the old case is kept
    assert count(engine, "cases", "active = :a", a=True) == 1


def test_concurrent_first_use_creates_one_mediator_and_one_case(store, engine):
    # Two messages from a new sender can arrive together (several action server workers).
    workers = 8
    barrier = threading.Barrier(workers)

    def first_use(_):
        barrier.wait()
        return store.active_case_id("m1")

    with ThreadPoolExecutor(workers) as pool:
        ids = list(pool.map(first_use, range(workers)))

    assert len(set(ids)) == 1
    assert count(engine, "mediators") == 1
    assert count(engine, "cases") == 1


def test_only_one_active_case_per_mediator_is_possible(store, engine):
    case_id = store.active_case_id("m1")
    with engine.connect() as conn:
        mediator_id = conn.execute(text("SELECT mediator_id FROM cases WHERE id = :c"),
                                   {"c": case_id}).scalar_one()
    with pytest.raises(IntegrityError):
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO cases (mediator_id, created_at, updated_at, active) "
                              "VALUES (:m, :t, :t, :a)"),
                         {"m": mediator_id, "t": datetime(2025, 1, 1), "a": True})


# ---------------------------------------------------------------- offers and outcomes


def test_outcomes_count_per_cause_and_strategy_across_cases(store):
    store.record_offer("m1", "impasse_distrust", "caucus")
    store.record_outcome("m1", "worked")
    store.record_offer("m1", "impasse_distrust", "take_break")
    store.record_outcome("m1", "failed")
    store.record_offer("m1", "impasse_distrust", "reframe")  # offered, never judged
    store.new_case("m1")
    store.record_offer("m1", "impasse_distrust", "caucus")
    store.record_outcome("m1", "worked")
    store.record_offer("m1", "impasse_emotions", "caucus")
    store.record_outcome("m1", "failed")
    store.record_offer("m2", "impasse_distrust", "caucus")  # someone else's experience
    store.record_outcome("m2", "failed")

    assert store.outcome_counts("m1") == {
        ("impasse_distrust", "caucus"): (2, 0),
        ("impasse_distrust", "take_break"): (0, 1),
        ("impasse_emotions", "caucus"): (0, 1),
    }
    assert store.outcome_counts("m2") == {("impasse_distrust", "caucus"): (0, 1)}
    assert store.outcome_counts("nobody") == {}


def test_record_outcome_applies_to_latest_offer(store):
    first = store.record_offer("m1", "impasse_distrust", "caucus")
    latest = store.record_offer("m1", "impasse_distrust", "take_break")

    applied = store.record_outcome("m1", "worked")

    assert applied is not None
    assert (applied.id, applied.strategy, applied.cause, applied.outcome) == (
        latest.id, "take_break", "impasse_distrust", "worked")
    outcomes = {o.strategy: o.outcome for o in store.snapshot("m1").offers}
    assert outcomes == {"caucus": None, "take_break": "worked"}
    assert first.outcome is None
    # Changing one's mind overwrites, it does not count twice.
    assert store.record_outcome("m1", "failed").outcome == "failed"
    assert store.outcome_counts("m1") == {("impasse_distrust", "take_break"): (0, 1)}


def test_record_outcome_with_nothing_offered_returns_none(store, engine):
    assert store.record_outcome("m1", "worked") is None
    assert row_counts(engine) == {t: 0 for t in TABLES}
    store.record_offer("m1", "impasse_distrust", "caucus")
    store.new_case("m1")  # the offer belongs to the previous case
    assert store.record_outcome("m1", "failed") is None
    assert store.outcome_counts("m1") == {}


def test_invalid_outcome_and_offer_ids_are_rejected(store, engine):
    store.record_offer("m1", "impasse_distrust", "caucus")
    with pytest.raises(ValueError):
        store.record_outcome("m1", "maybe")
    with pytest.raises(ValueError):
        store.record_offer("m1", "", "caucus")
    with pytest.raises(ValueError):
        store.record_offer("m1", "impasse_distrust", "s" * 500)
    assert count(engine, "offered_strategies") == 1
    assert count(engine, "offered_strategies", "outcome IS NULL") == 1


# ---------------------------------------------------------------- safety


def test_safety_is_a_state_of_the_case(store, engine):
    assert store.safety("m1") == (None, None, None)
    assert count(engine, "cases") == 0  # asking does not open a case
    store.set_safety("m1", "open", "domestic_abuse", "the wife")
    assert store.safety("m1") == ("open", "domestic_abuse", "the wife")
    assert store.snapshot("m1").safety_concern is True
    assert store.safety("m2") == (None, None, None)  # another mediator's case
    store.set_safety("m1", "shuttle_only", "domestic_abuse", "the wife")
    assert store.snapshot("m1").safety_concern is True  # safe for now still means separate rooms
    assert store.snapshot("m1").safety_state == "shuttle_only"
    store.set_safety("m1", "screened_clear")
    snap = store.snapshot("m1")
    assert (snap.safety_concern, snap.safety_state, snap.safety_risk) == (False, "screened_clear", None)
    with pytest.raises(ValueError):
        store.set_safety("m1", "maybe")
    store.set_safety("m1", "open", "suicide_self_harm")
    store.new_case("m1")  # a new case starts without it
    assert store.safety("m1") == (None, None, None)
    assert count(engine, "cases", "safety_state = 'open'") == 1  # the earlier case keeps its state


# ---------------------------------------------------------------- snapshot


def test_snapshot_groups_the_active_case(store):
    store.add_note("m1", "gain", "old gain")
    store.new_case("m1")
    gain = store.add_note("m1", "gain", "holiday schedule agreed")
    parked = store.add_note("m1", "parked", "pension")
    homework = store.add_note("m1", "homework", "bank statements", who="wife")
    experiment = store.add_note("m1", "experiment", "alternate weekends", who="both",
                                review_date="in a month")
    offer = store.record_offer("m1", "impasse_distrust", "caucus")

    snap = store.snapshot("m1")

    assert snap.case_id == store.active_case_id("m1")
    assert (snap.gains, snap.parked, snap.homework, snap.experiments) == (
        (gain,), (parked,), (homework,), (experiment,))
    assert snap.offers == (offer,)
    assert snap.created_at <= gain.created_at
    with pytest.raises(dataclasses.FrozenInstanceError):
        snap.case_id = 0


# ---------------------------------------------------------------- forgetting


def test_forget_deletes_the_case_with_its_notes_and_offers(store, engine):
    store.add_note("m1", "gain", "earlier case")
    earlier = store.active_case_id("m1")
    store.new_case("m1")
    case_id = store.active_case_id("m1")
    store.add_note("m1", "gain", "g")
    store.add_note("m1", "experiment", "e", who="both", review_date="Friday")
    store.record_offer("m1", "impasse_distrust", "caucus")
    store.record_outcome("m1", "worked")
    store.add_note("m2", "parked", "other mediator's note")
    store.record_offer("m2", "impasse_distrust", "take_break")

    assert store.forget_case("m1") is True

    assert count(engine, "cases", "id = :c", c=case_id) == 0
    assert count(engine, "notes", "case_id = :c", c=case_id) == 0
    assert count(engine, "offered_strategies", "case_id = :c", c=case_id) == 0
    assert store.case_exists("m1") is False
    assert count(engine, "cases", "id = :c", c=earlier) == 1  # only the active case goes
    assert [n.text for n in store.notes("m2")] == ["other mediator's note"]
    assert store.snapshot("m2").offers[0].strategy == "take_break"
    assert row_counts(engine) == {"mediators": 2, "cases": 2, "notes": 2,
                                  "offered_strategies": 1}
    assert store.forget_case("m1") is False  # nothing active left to forget
    assert store.notes("m1") == []


def test_forget_without_a_case_returns_false(store, engine):
    assert store.forget_case("stranger") is False
    store.new_case("m3")
    assert store.forget_case("m3") is True  # known, but no active case left
    assert store.forget_case("m3") is False
    assert row_counts(engine) == {"mediators": 1, "cases": 0, "notes": 0,
                                  "offered_strategies": 0}


def test_database_cascades_deleted_cases(store, engine):
    case_id = store.active_case_id("m1")
    store.add_note("m1", "gain", "g")
    store.record_offer("m1", "impasse_distrust", "caucus")
    with engine.begin() as conn:  # bypass the repository: ON DELETE CASCADE must act
        conn.execute(text("DELETE FROM cases WHERE id = :c"), {"c": case_id})
    assert count(engine, "notes") == 0
    assert count(engine, "offered_strategies") == 0


# ---------------------------------------------------------------- failures


@pytest.mark.parametrize("url", [
    "sqlite:////nonexistent-dir-for-case-store/sub/cases.db",
    "postgresql://nobody@127.0.0.1:1/none",  # nothing listens on port 1
], ids=["sqlite-missing-dir", "postgresql-refused"])
def test_unreachable_database_raises_store_unavailable(url):
    engine = make_engine(url, **({"connect_args": {"connect_timeout": 2}}
                                 if url.startswith("postgresql") else {}))
    store = CaseStore(engine)
    try:
        with pytest.raises(StoreUnavailable) as caught:
            store.add_note("m1", "gain", "they agreed")
        assert isinstance(caught.value.__cause__, OperationalError)
        with pytest.raises(StoreUnavailable):
            store.notes("m1")
        with pytest.raises(StoreUnavailable):
            migrate(url)
    finally:
        engine.dispose()


def test_unmigrated_database_raises_store_unavailable(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        with pytest.raises(StoreUnavailable) as caught:
            CaseStore(engine).add_note("m1", "gain", "they agreed")
        assert "no such table" in str(caught.value.__cause__)
    finally:
        engine.dispose()


def test_failure_midway_leaves_nothing_behind(store, engine):
    # First use inserts the mediator and the case before the note; the note fails.
    restore = fail_on(engine, "INSERT INTO notes")
    try:
        with pytest.raises(StoreUnavailable) as caught:
            store.add_note("m1", "gain", "they agreed on the pension split")
    finally:
        restore()
    assert row_counts(engine) == {t: 0 for t in TABLES}
    # The failed INSERT carried the note; its text must not reach error messages or logs.
    assert "INSERT INTO notes_unavailable" in str(caught.value.__cause__)
    assert "pension" not in str(caught.value.__cause__)
    store.add_note("m1", "gain", "they agreed")  # and the store still works
    assert [n.text for n in store.notes("m1")] == ["they agreed"]


def test_new_case_failing_midway_keeps_the_old_case_active(store, engine):
    old = store.active_case_id("m1")
    store.add_note("m1", "gain", "kept")
    restore = fail_on(engine, "INSERT INTO cases")  # after the UPDATE that deactivates
    try:
        with pytest.raises(StoreUnavailable):
            store.new_case("m1")
    finally:
        restore()
    assert store.active_case_id("m1") == old
    assert [n.text for n in store.notes("m1")] == ["kept"]
    assert count(engine, "cases") == 1


def test_forget_failing_midway_deletes_nothing(store, engine):
    store.add_note("m1", "gain", "g")
    store.record_offer("m1", "impasse_distrust", "caucus")
    restore = fail_on(engine, "DELETE FROM cases")  # after notes and offers are deleted
    try:
        with pytest.raises(StoreUnavailable):
            store.forget_case("m1")
    finally:
        restore()
    assert row_counts(engine) == {"mediators": 1, "cases": 1, "notes": 1,
                                  "offered_strategies": 1}


def test_code_error_after_insert_rolls_back_and_is_not_disguised(store, engine, monkeypatch):
    def broken(note):
        raise RuntimeError("bug after the insert")

    monkeypatch.setattr(repository_module, "note_view", broken)
    with pytest.raises(RuntimeError, match="bug after the insert"):
        store.add_note("m1", "gain", "they agreed")
    assert row_counts(engine) == {t: 0 for t in TABLES}


# ---------------------------------------------------------------- migrations


def test_migrate_is_idempotent_and_matches_the_models(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    migrate(db_url)
    migrate(db_url)

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [("0004",)]
            assert set(TABLES) <= set(inspect(conn).get_table_names())
            assert compare_metadata(MigrationContext.configure(conn),
                                    store_module.Base.metadata) == []
        CaseStore(engine).add_note("m1", "gain", "works after two migrations")
        CaseStore(engine).add_note("m1", "incident", "he shouted at her at close range; we stopped")
        assert count(engine, "notes") == 2
        with pytest.raises(Exception):  # the kind check holds after the migration that widened it
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO notes (case_id, kind, text, created_at) "
                                  "SELECT case_id, 'rumour', 'x', created_at FROM notes LIMIT 1"))
    finally:
        engine.dispose()


def test_sqlite_connections_enforce_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'fk.db'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    finally:
        engine.dispose()


# ---------------------------------------------------------------- retention


class FakeClock:
    def __init__(self, start):
        self.now = start

    def __call__(self):
        return self.now


def test_purge_older_than_deletes_only_idle_cases(engine):
    clock = FakeClock(datetime(2025, 1, 1, 9, 0))
    store = CaseStore(engine, clock=clock)
    store.add_note("idle", "gain", "old")
    store.record_offer("idle", "impasse_distrust", "caucus")
    store.add_note("busy", "gain", "started long ago")
    clock.now += timedelta(days=80)
    store.add_note("busy", "parked", "touched recently")  # keeps the busy case alive
    clock.now += timedelta(days=20)  # idle: 100 days untouched; busy: 20 days

    assert store.purge_older_than(90) == 1

    assert store.case_exists("idle") is False
    assert count(engine, "mediators", "sender_key = :s", s="idle") == 0
    assert count(engine, "offered_strategies") == 0
    assert [n.text for n in store.notes("busy")] == ["started long ago", "touched recently"]
    assert store.purge_older_than(90) == 0
    assert store.purge_older_than(19) == 1  # busy was last touched 20 days ago
    with pytest.raises(ValueError):
        store.purge_older_than(0)


def test_module_purge_reads_retention_days_from_env(engine, monkeypatch):
    clock = FakeClock(datetime(2025, 1, 1))
    store = CaseStore(engine, clock=clock)
    store.add_note("m1", "gain", "g")
    clock.now += timedelta(days=45)
    monkeypatch.delenv("CASE_RETENTION_DAYS", raising=False)
    assert settings.retention_days() == 90
    assert store_module.purge_older_than(store=store) == 0
    monkeypatch.setenv("CASE_RETENTION_DAYS", "30")
    assert store_module.purge_older_than(store=store) == 1
    assert count(engine, "cases") == 0


# ---------------------------------------------------------------- process-wide setup


def test_import_creates_no_engine_and_pulls_in_no_rasa():
    code = ("import sys; import actions.store.engine as s; "
            "print(s._engine is None, s._store is None, "
            "any(m.split('.')[0] in ('rasa', 'rasa_sdk', 'spacy') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=settings.ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "True", "False"]


def test_get_store_is_process_wide_and_migrates_once(monkeypatch, tmp_path):
    monkeypatch.setattr(engine_module, "_engine", None)
    monkeypatch.setattr(engine_module, "_store", None)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'process.db'}")
    monkeypatch.delenv("CASE_STORE_AUTO_MIGRATE", raising=False)
    calls = []
    real_migrate = engine_module.migrate

    def counting_migrate(url=None):
        calls.append(url)
        real_migrate(url)

    monkeypatch.setattr(engine_module, "migrate", counting_migrate)
    try:
        first = store_module.get_store()
        second = store_module.get_store()
        assert first is second
        assert store_module.get_engine() is store_module.get_engine()
        assert len(calls) == 1
        assert first.add_note("m1", "gain", "stored").text == "stored"
        assert (tmp_path / "process.db").exists()
    finally:
        store_module.get_engine().dispose()


def test_a_note_can_be_changed_or_taken_back_in_its_own_case_only(store):
    christmas = store.add_note("m1", "gain", "christmas with mum")
    summer = store.add_note("m1", "gain", "dad has 2 weeks in august")
    other = store.add_note("m2", "gain", "someone else's")
    changed = store.update_note("m1", summer.id, "dad has 3 weeks in august")
    assert changed.text == "dad has 3 weeks in august"
    assert store.remove_note("m1", christmas.id).text == "christmas with mum"
    assert [n.text for n in store.notes("m1")] == ["dad has 3 weeks in august"]
    assert store.remove_note("m1", other.id) is None and store.update_note("m1", other.id, "x") is None
    assert [n.text for n in store.notes("m2")] == ["someone else's"]
