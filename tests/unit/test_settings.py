"""settings: every environment variable read in one place, on/off parsed one way."""
from __future__ import annotations

from pathlib import Path

import pytest

import settings


@pytest.mark.parametrize("value, expected", [
    ("1", True), ("true", True), ("TRUE", True), (" yes ", True), ("on", True),
    ("0", False), ("false", False), ("no", False), ("off", False),
    ("", None), ("maybe", None), (None, None),
])
def test_on_off_values_parse_one_way(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("REDACT_NAMES", raising=False)
        monkeypatch.delenv("CASE_STORE_AUTO_MIGRATE", raising=False)
    else:
        monkeypatch.setenv("REDACT_NAMES", value)
        monkeypatch.setenv("CASE_STORE_AUTO_MIGRATE", value)
    # Unset or unreadable: names are kept (off), migrations run (on).
    assert settings.redact_names() is (False if expected is None else expected)
    assert settings.auto_migrate() is (True if expected is None else expected)


def test_default_database_is_next_to_the_code_not_the_working_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    expected = Path(settings.__file__).resolve().parent / "cases.db"
    assert settings.database_url() == f"sqlite:///{expected}"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert settings.database_url() == "postgresql://u@h/db"


def test_retention_days(monkeypatch):
    monkeypatch.delenv("CASE_RETENTION_DAYS", raising=False)
    assert settings.retention_days() == 90
    monkeypatch.setenv("CASE_RETENTION_DAYS", "30")
    assert settings.retention_days() == 30
    monkeypatch.setenv("CASE_RETENTION_DAYS", "0")
    with pytest.raises(ValueError):
        settings.retention_days()


def test_slack_api_url_always_ends_with_a_slash(monkeypatch):
    monkeypatch.delenv("SLACK_API_URL", raising=False)
    assert settings.slack_api_url() == "https://slack.com/api/"
    monkeypatch.setenv("SLACK_API_URL", "http://localhost:9999/api")
    assert settings.slack_api_url() == "http://localhost:9999/api/"
