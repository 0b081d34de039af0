"""Shared fixtures: a real demo API server on 127.0.0.1 for the whole session, and the servers several files use."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.demo.server import DemoServer, start_demo_server
from tests.fault_server import FaultServer
from tests.multilingual import serve_multilingual


@pytest.fixture(scope="session", autouse=True)
def _no_user_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Never read the real user's config file: point TICKETVIEW_CONFIG and the XDG folders at empty temp ones.

    Session-wide, so module fixtures that start ``ticketview`` processes inherit it too.
    """
    home = tmp_path_factory.mktemp("no-user-config")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TICKETVIEW_CONFIG", str(home / "absent" / "config.toml"))
        patch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
        patch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
        patch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
        for name in (
            "TICKETVIEW_PROFILE",
            "TICKETVIEW_THEME",
            "TICKETVIEW_MAX_DOWNLOAD",
            "TICKETVIEW_TRUSTED_HOSTS",
            "TICKETVIEW_CACHE",
            "TICKETVIEW_WATCH",
            "TICKETVIEW_BELL",
        ):
            patch.delenv(name, raising=False)
        yield


@pytest.fixture(scope="session")
def demo_server() -> Iterator[DemoServer]:
    """The built-in demo API, listening on a free loopback port."""
    server = start_demo_server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _shared_demo_api_stays_as_it_was(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test on the shared demo API must not create tickets there: every later test's queue would
    hold them (a test that creates uses ``own_demo``). Checked after each test that used it."""
    yield
    if "demo_server" in request.fixturenames:
        server: DemoServer = request.getfixturevalue("demo_server")
        assert server.created == 0, "this test created a ticket on the shared demo API: use own_demo"


@pytest.fixture(scope="module")
def long_queue() -> Iterator[DemoServer]:
    """A demo API listing 120 generated tickets (three pages of 50)."""
    server = start_demo_server()
    server.serve_queue(120)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def multilingual_server() -> Iterator[FaultServer]:
    """A server of the ticket written in Spanish, Portuguese, Chinese and Hebrew (``tests.multilingual``)."""
    with FaultServer() as server:
        serve_multilingual(server)
        yield server


@pytest.fixture
def own_demo() -> Iterator[DemoServer]:
    """A demo API of this test's own: the tickets it creates stay out of the shared one's queue."""
    server = start_demo_server()
    try:
        yield server
    finally:
        server.stop()
