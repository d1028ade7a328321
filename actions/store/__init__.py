"""Case memory: what a mediator told the assistant about their current case.

schema.py: the tables and the plain views handed out; repository.py: `CaseStore`, one
transaction per method; engine.py: the engine, the process-wide store, migrations, purge.
Settings come from `settings` (DATABASE_URL, CASE_RETENTION_DAYS, CASE_STORE_AUTO_MIGRATE).
No Rasa or spaCy imports: stdlib and SQLAlchemy only.
"""
from actions.store.engine import get_engine, get_store, make_engine, migrate, purge_older_than
from actions.store.repository import CaseStore, NoteRejected, StoreUnavailable
from actions.store.schema import Base, CaseSnapshot, NoteView, OfferView

__all__ = ["Base", "CaseSnapshot", "CaseStore", "NoteRejected", "NoteView", "OfferView",
           "StoreUnavailable", "get_engine", "get_store", "make_engine", "migrate",
           "purge_older_than"]
