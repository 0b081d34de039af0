"""However the process ends (short of SIGKILL), no half-downloaded file stays behind; after SIGKILL,
the next start removes the part it left. The real ``ticketview`` on a pseudo-terminal, downloading
from a server that stalls half-way."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.attachments.downloads import remove_stale_parts
from tests.bench.common import Terminal
from tests.fault_server import PROXY_VARIABLES, FaultServer, Reply

BIG = 8 * 1024 * 1024


@pytest.fixture
def stalling() -> Iterator[FaultServer]:
    with FaultServer() as server:
        attachment = {
            "filename": "big.bin",
            "url": f"{server.url}/f/big.bin",
            "size": BIG,
            "type": "application/octet-stream",
        }
        ticket = {"_id": "T-big", "title": "Big file", "attachments": [attachment]}
        server.route("/v2/support-tickets/T-big", Reply(200, {"success": True, "data": ticket}))
        server.route("/f/big.bin", Reply(200, b"x" * BIG, stall_after=BIG // 2))
        yield server


def environment(home: Path, server: FaultServer) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VERIFIK_", "TICKETVIEW_")) and k not in PROXY_VARIABLES
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        TICKETVIEW_DOWNLOAD_DIR=str(home / "Downloads"),
        VERIFIK_BASE_URL=server.url,
        VERIFIK_TOKEN="tok-signals",
        TERM="xterm-256color",
    )
    return env


def parts(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".part")) if folder.exists() else []


def start_download(terminal: Terminal, folder: Path) -> None:
    terminal.wait_for("Big file")
    mark = terminal.mark
    terminal.write("3")
    terminal.wait_for("Download", since=mark)  # the footer offers d once the attachments have the focus
    terminal.write("d")
    deadline = time.monotonic() + 30
    while not parts(folder):  # the part file appears when the first bytes arrive
        assert time.monotonic() < deadline, "the download never started"
        terminal.wait_quiet(quiet=0.1, timeout=1)


@pytest.mark.parametrize("ending", ["SIGTERM", "SIGHUP"])
def test_no_part_file_survives_the_process_ending(stalling: FaultServer, tmp_path: Path, ending: str) -> None:
    folder = tmp_path / "Downloads"
    terminal = Terminal([sys.executable, "-m", "app", "T-big"], env=environment(tmp_path, stalling), size=(120, 40))
    with terminal:
        start_download(terminal, folder)
        # SIGHUP is what the kernel sends when the terminal or the SSH link goes away.
        terminal.process.send_signal(getattr(signal, ending))
        terminal.process.wait(timeout=30)
    assert parts(folder) == []


def test_a_part_left_by_a_killed_process_is_removed_at_the_next_start(stalling: FaultServer, tmp_path: Path) -> None:
    folder = tmp_path / "Downloads"
    with Terminal([sys.executable, "-m", "app", "T-big"], env=environment(tmp_path, stalling)) as terminal:
        start_download(terminal, folder)
        terminal.process.kill()
        terminal.process.wait(timeout=30)
    [left] = parts(folder)
    mine = folder / ".ticketview-999999999-keep.part"  # a pid that cannot be running: a stale one
    other = folder / ".ticketview-1-live.part"  # pid 1 is alive: its part is left alone
    mine.write_bytes(b"x")
    other.write_bytes(b"x")
    assert remove_stale_parts(folder) == 2
    assert parts(folder) == [other.name]
    assert left not in parts(folder)
