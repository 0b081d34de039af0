"""``id=$(ticketview --new)``: standard input a terminal, standard output captured. The editor opens
on the controlling terminal (as ``git commit`` does) and standard output carries the ID alone.

The child runs on a pseudo-terminal of its own (its controlling terminal) for standard input, with
pipes for standard output and standard error; the editor is a stand-in that says where it drew.
"""

from __future__ import annotations

import fcntl
import os
import select
import subprocess
import sys
import termios
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bench.common import app_env, ticketview_command
from tests.cli.test_new_ticket_cli import CREATED, FORM, PATH, TOKEN, sent
from tests.fault_server import FaultServer, Reply

EDITOR = """\
import os, pathlib, sys
pathlib.Path(sys.argv[1]).write_text(f"{os.isatty(0)} {os.isatty(1)}", encoding="utf-8")
print("the stand-in editor draws here")
sys.stdout.flush()
pathlib.Path(sys.argv[-1]).write_text(pathlib.Path(sys.argv[2]).read_text(encoding="utf-8"), encoding="utf-8")
"""
"""Notes whether its input and output are terminals in argv[1], prints a line, leaves argv[2]'s text."""


@pytest.fixture
def api() -> Iterator[FaultServer]:
    with FaultServer() as server:
        server.route(PATH, Reply(201, CREATED))
        yield server


def run_captured(argv: list[str], tmp_path: Path, *, controlling: bool) -> tuple[int, str, str, bytes]:
    """``argv`` with a pseudo-terminal as standard input (its controlling terminal if ``controlling``)
    and pipes for output and errors: its exit code, output, errors, and what reached the terminal."""
    (tmp_path / "editor.py").write_text(EDITOR)
    (tmp_path / "typed.txt").write_text(FORM, encoding="utf-8")
    visual = f"{sys.executable} {tmp_path / 'editor.py'} {tmp_path / 'where.txt'} {tmp_path / 'typed.txt'}"
    env = app_env(VERIFIK_TOKEN=TOKEN, XDG_DATA_HOME=str(tmp_path / "data"), VISUAL=visual)
    master, slave = os.openpty()

    def take_the_terminal() -> None:  # in the child, after setsid: the pty becomes its controlling terminal
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
        start_new_session=True,
        preexec_fn=take_the_terminal if controlling else None,  # a test's child, no threads to fear
    )
    os.close(slave)
    shown = bytearray()

    def read_terminal() -> None:
        while True:
            ready, _, _ = select.select([master], [], [], 0.2)
            if not ready:
                if process.poll() is not None:
                    return
                continue
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            if not data:
                return
            shown.extend(data)

    reader = threading.Thread(target=read_terminal, daemon=True)
    reader.start()
    try:
        out, err = process.communicate(timeout=60)
    finally:
        reader.join(timeout=5)
        os.close(master)
    return process.returncode, out.decode(), err.decode(), bytes(shown)


def test_with_output_captured_the_editor_opens_on_the_terminal_and_the_output_is_the_id(
    api: FaultServer, tmp_path: Path
) -> None:
    argv = ticketview_command() + ["--new", "--base-url", api.url]
    code, out, err, shown = run_captured(argv, tmp_path, controlling=True)
    assert (code, out) == (0, "support_ticket_1234\n"), err
    assert (tmp_path / "where.txt").read_text() == "True True"  # the editor had the terminal for both
    assert b"the stand-in editor draws here" in shown and "draws here" not in out
    assert sent(api)[0]["title"] == 'Can\'t log in, "again" =1'


def test_without_a_controlling_terminal_the_missing_fields_are_named(api: FaultServer, tmp_path: Path) -> None:
    argv = ticketview_command() + ["--new", "--base-url", api.url]
    code, out, err, _ = run_captured(argv, tmp_path, controlling=False)
    assert (code, out) == (2, "")
    assert "missing --title, --description, --priority, --category" in err
    assert not (tmp_path / "where.txt").exists() and api.requests == []
