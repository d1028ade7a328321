"""What every voice test needs: flite to speak and pocketsphinx to listen.

Missing tools skip the speech tests on a developer's machine and fail them in CI, where
`make voice-test` installs flite first.
"""
from __future__ import annotations

import importlib.util
import os
import shutil

import pytest


def _missing() -> str:
    missing = []
    if not shutil.which("flite"):
        missing.append("flite (apt-get install -y flite)")
    if importlib.util.find_spec("pocketsphinx") is None:
        missing.append("pocketsphinx (pip install 'pocketsphinx>=5.0,<5.1')")
    return ", ".join(missing)


@pytest.fixture(scope="module")
def speech_tools():
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"voice tools missing in CI: {missing}")
        pytest.skip(f"voice tools missing: {missing}")
