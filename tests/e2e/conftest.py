"""Both servers started through scripts/serve.sh (as `make run` does), for the end-to-end tests."""
from __future__ import annotations

import pytest

from harness.servers import Servers


def assistant_in(workdir, rasa_port: int, actions_port: int) -> Servers:
    """serve.sh with the repository's credentials.yml, its own ports and databases."""
    return Servers(workdir, rasa_port, actions_port, what="assistant", serve_sh=True)


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    server = assistant_in(tmp_path_factory.mktemp("e2e"), 5105, 5155).start()
    yield server
    server.stop()


@pytest.fixture
def fresh_assistant(tmp_path):
    """Servers of this test's own, to stop and start again."""
    server = assistant_in(tmp_path, 5106, 5156)
    yield server
    server.stop()
