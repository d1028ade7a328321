"""Servers for the fuzz tests: REST and Slack, with a fake Slack Web API.

The fuzz servers run on 5605/5655; the action-server-down test starts its own pair on
5705/5755, so stopping its action server never disturbs the other tests. The fuzz tool is
the package scripts.fuzz (imported by its full name, so it can never be confused with this
folder).
"""
from __future__ import annotations

import pytest

from harness.slack import FakeSlack
from scripts.fuzz.checks import Target
from scripts.fuzz.run import FAKE_SIGNING_SECRET, FAKE_SLACK_TOKEN, slack_servers

FUZZ_PORTS = (5605, 5655)
DOWN_PORTS = (5705, 5755)


@pytest.fixture(scope="session")
def fuzzed(tmp_path_factory):
    """(servers, fuzz target) for the short fuzz and the REST checks against real servers."""
    fake = FakeSlack(FAKE_SLACK_TOKEN)
    workdir = tmp_path_factory.mktemp("fuzz")
    servers = slack_servers(workdir, *FUZZ_PORTS, fake, "Rasa server for the fuzz").start()
    target = Target(servers.base, FAKE_SIGNING_SECRET, fake, workdir / "rasa.db", workdir / "cases.db")
    yield servers, target
    servers.stop()
    fake.stop()
