"""Real servers started through scripts/serve.sh, with and without the HTTP API secrets.

Ports 5905/5955 (API off, module-scoped in test_api_off.py) and 5906/5956 (API on,
for the rest of the session); the "off" pair is stopped before the "on" pair starts.
"""
from __future__ import annotations

import pytest

from served_assistant import (API_TOKEN, JWT_SECRET, PAGE_ORIGIN, REST_AND_WEBCHAT_WITH_JWT,
                              served_assistant)


@pytest.fixture(scope="session")
def api_on(tmp_path_factory):
    """serve.sh with RASA_API_TOKEN, RASA_JWT_SECRET and RASA_CORS; REST, and the web chat
    with JWT."""
    server = served_assistant(tmp_path_factory.mktemp("api-on"), 5906, 5956,
                              REST_AND_WEBCHAT_WITH_JWT,
                              {"RASA_API_TOKEN": API_TOKEN, "RASA_JWT_SECRET": JWT_SECRET,
                               "RASA_CORS": PAGE_ORIGIN}).start()
    yield server
    server.stop()
