"""Fixtures: one shared mock server with a durable SQLite file, and its client and oracle."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from mock_support import Api, MockServer, Oracle

_sku_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockServer]:
    db = tmp_path_factory.mktemp("mock") / "mock.sqlite"
    running = MockServer(db=db)
    yield running
    assert running.stop() == 0


@pytest.fixture(scope="session")
def api(server: MockServer) -> Iterator[Api]:
    client = server.api()
    yield client
    client.close()


@pytest.fixture(scope="session")
def oracle(server: MockServer) -> Oracle:
    assert server.db is not None
    return Oracle(Path(server.db))


@pytest.fixture
def sku(request: pytest.FixtureRequest) -> str:
    """A fresh sku per test, readable in the server log."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", f"t{next(_sku_numbers)}-{request.node.name[:30]}")
