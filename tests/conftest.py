"""Shared fixtures: a real demo API server on 127.0.0.1 for the whole session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.demo.server import DemoServer, start_demo_server


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
