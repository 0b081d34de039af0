"""Shared fixtures: a real demo API server on 127.0.0.1 for the whole session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.demo.server import DemoServer, start_demo_server


@pytest.fixture(scope="session")
def demo_server() -> Iterator[DemoServer]:
    """The built-in demo API, listening on a free loopback port."""
    server = start_demo_server()
    try:
        yield server
    finally:
        server.stop()
