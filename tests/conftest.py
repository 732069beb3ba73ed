"""Shared test setup: no test touches the user's embedding cache or review store."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def isolated_state(tmp_path_factory):
    """Point the embedding cache and the review store at a temporary folder
    for the whole session (subprocesses started by tests inherit it)."""
    base = tmp_path_factory.mktemp("muqabala-state")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MUQABALA_CACHE", str(base / "cache"))
        mp.setenv("MUQABALA_STORE", f"sqlite:///{base / 'reviews.db'}")
        yield base
