"""Keys typed in one burst, as SSH delivers them, each go to the widget the keys before them chose:
the real ``ticketview`` on a pseudo-terminal, against its demo."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.bench.common import Terminal


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VERIFIK_", "TICKETVIEW_"))}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        TERM="xterm-256color",
    )
    return env


def test_ctrl_l_and_an_id_in_one_burst_open_that_ticket(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "app", "--demo", "support_ticket_123456789"]
    with Terminal(argv, env=environment(tmp_path), size=(120, 40)) as terminal:
        terminal.wait_for("API Integration Issue")
        mark = terminal.mark
        terminal.write("\x0csupport_ticket_871463576\r")  # ctrl+l, the ID and Enter, all at once
        terminal.wait_for("Rotate a leaked API token", since=mark)


def test_a_pane_key_and_the_key_for_that_pane_in_one_burst(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "app", "--demo", "support_ticket_123456789"]
    with Terminal(argv, env=environment(tmp_path), size=(80, 24)) as terminal:
        terminal.wait_for("API Integration Issue")
        mark = terminal.mark
        terminal.write("3\r")  # to the attachments, and Enter there: the viewer opens on the file
        terminal.wait_for("13 lines", since=mark)
