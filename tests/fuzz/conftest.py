"""Servers for the fuzz tests, and scripts/fuzz.py loaded as a module.

The fuzz servers (REST and Slack, a fake Slack Web API) run on 5605/5655; the
action-server-down test starts its own pair on 5705/5755, so stopping its action server
never disturbs the other tests.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Dict, Optional

import pytest
from rasa_servers import ROOT, RasaServers


def _load_fuzz_script():
    # Loaded from its path under its own name: "fuzz" alone would find this test folder.
    spec = importlib.util.spec_from_file_location("fuzz_script", ROOT / "scripts" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_script"] = module
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz_script()

FUZZ_PORTS = (5605, 5655)
DOWN_PORTS = (5705, 5755)


def slack_servers(workdir: Path, ports, fake, what: str,
                  env: Optional[Dict[str, str]] = None) -> RasaServers:
    """Action server + Rasa server with channels/credentials.slack.yml (REST and Slack)."""
    return RasaServers(workdir, ports[0], ports[1], ROOT / "channels" / "credentials.slack.yml",
                       "/webhooks/rest/", what,
                       env=dict({"SLACK_API_URL": fake.url, "SLACK_TOKEN": fake.token,
                                 "SLACK_SIGNING_SECRET": fuzz.FAKE_SIGNING_SECRET}, **(env or {})))


@pytest.fixture(scope="session")
def fuzzed(tmp_path_factory):
    """(servers, fuzz target) for the short fuzz and the REST checks against real servers."""
    fake = fuzz.FakeSlack()
    workdir = tmp_path_factory.mktemp("fuzz")
    servers = slack_servers(workdir, FUZZ_PORTS, fake, "Rasa server for the fuzz").start()
    target = fuzz.Target(servers.base, fuzz.FAKE_SIGNING_SECRET, fake,
                         workdir / "rasa.db", workdir / "cases.db")
    yield servers, target
    servers.stop()
    fake.stop()
