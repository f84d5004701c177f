"""Fixtures of the service tests: the engine on the shipped knowledge (the store fixtures: tests/conftest.py)."""

from __future__ import annotations

import pytest

from bot.core.engine import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.load()
