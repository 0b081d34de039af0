"""``ticketview --queue --json|--markdown|--csv``: the streams a script sees. Stdout holds the data
alone; progress goes to stderr only when it is a terminal and the listing takes a moment, and is
cleared before the data or an error; a reader that stops early and ctrl+c end it cleanly. Some cases
call ``main`` with a stderr that says it is a terminal; others run ``python -m app``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.cli import main
from tests.cli.queue_scripts import (  # noqa: F401 (fixtures, found by name)
    LIST_PATH,
    PROXY_VARIABLES,
    ROWS,
    TOKEN,
    envelope,
    expected_order,
    ids,
    item,
    list_endpoint,
    page_of,
    run,
    server_fixture,
    slow_pages,
    token_env_fixture,
)
from tests.fault_server import FaultServer, Recorded, Reply
from tests.helpers import run_process

# --- progress: on a terminal's stderr only ------------------------------------------------------------


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_a_slow_listing_shows_progress_on_a_terminal_and_clears_it(
    server: FaultServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    server.route(LIST_PATH, slow_pages(0.35))
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code = main(["--queue", "--json", "--limit", "0", "--base-url", server.url])
    out = capsys.readouterr().out
    shown = terminal.getvalue()
    assert code == 0 and len(ids(out)) == 120
    assert "\rFetched 50 of 120 tickets…\x1b[K" in shown and "\rFetched 100 of 120 tickets…\x1b[K" in shown
    assert shown.endswith("\r\x1b[K")  # cleared before the data
    assert "Fetched" not in out


def test_progress_is_cleared_before_an_error(
    server: FaultServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    server.route(LIST_PATH, [Reply(200, envelope([item(f"T-{n}") for n in range(50)], pages=3), delay=0.6), Reply(404)])
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code = main(["--queue", "--json", "--limit", "0", "--base-url", server.url])
    shown = terminal.getvalue()
    assert code == 1 and capsys.readouterr().out == ""
    progress, _, rest = shown.partition("\r\x1b[K")
    assert progress.startswith("\r") and "Fetched 50 tickets…" in progress
    assert rest.startswith("ticketview: The API refused the request") and "\r" not in rest


def test_progress_says_when_a_page_is_asked_again(
    server: FaultServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = slow_pages(0.6)
    busy = [Reply(503, {"error": "busy"}, headers={"Retry-After": "1"})]

    def flaky(request: Recorded) -> Reply:
        return busy.pop() if page_of(request) == 2 and busy else good(request)

    server.route(LIST_PATH, flaky)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["--queue", "--json", "--limit", "0", "--base-url", server.url]) == 0
    assert len(ids(capsys.readouterr().out)) == 120
    shown = terminal.getvalue()
    assert "\rFetched 50 of 120 tickets… page 2: server error 503; retry 1 of 2 in 1 s\x1b[K" in shown
    assert shown.endswith("\r\x1b[K")


def test_a_quick_listing_shows_no_progress_even_on_a_terminal(
    server: FaultServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    server.route(LIST_PATH, list_endpoint(ROWS))
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["--queue", "--json", "--base-url", server.url]) == 0
    assert terminal.getvalue() == ""


def test_a_slow_listing_piped_says_nothing_on_stderr(server: FaultServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.route(LIST_PATH, slow_pages(0.3))
    code, out, err = run(capsys, "--queue", "--csv", "--limit", "0", "--base-url", server.url)
    assert (code, err) == (0, "") and len(out.splitlines()) == 121


# --- real processes: the streams a script sees -----------------------------------------------------


def environment(home: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("VERIFIK_") and name.lower() not in PROXY_VARIABLES
    }
    env.update(HOME=str(home), VERIFIK_TOKEN=TOKEN, NO_COLOR="1")
    return env


def command(server: FaultServer, *args: str) -> list[str]:
    return [sys.executable, "-m", "app", "--queue", "--base-url", server.url, *args]


def test_piped_stdout_holds_only_the_data_and_stderr_nothing(server: FaultServer, tmp_path: Path) -> None:
    server.route(LIST_PATH, slow_pages(0.3))  # slow enough for progress, were stderr a terminal
    done = run_process(command(server, "--json", "--limit", "0"), cwd=tmp_path, env=environment(tmp_path))
    assert (done.returncode, done.stderr) == (0, "")
    assert ids(done.stdout) == expected_order(ROWS)


def test_a_nasty_title_through_a_real_process(server: FaultServer, tmp_path: Path) -> None:
    title = '=1+2 "quoted", title\nwith café 支持 \x1b[2J\u202e'
    server.route(LIST_PATH, list_endpoint([item("T-nasty", title)]))
    env = environment(tmp_path) | {"LC_ALL": "C", "PYTHONIOENCODING": ""}
    as_json = run_process(command(server, "--json"), cwd=tmp_path, env=env)
    assert as_json.returncode == 0 and json.loads(as_json.stdout)[0]["title"] == title
    assert "\x1b" not in as_json.stdout and "\u202e" not in as_json.stdout
    as_csv = subprocess.run(
        command(server, "--csv"), env=env, cwd=tmp_path, capture_output=True, timeout=60, check=False
    )
    record = list(csv.reader(io.StringIO(as_csv.stdout.decode("utf-8"), newline="")))[1]  # UTF-8 whatever the locale
    assert record[1] == '\'=1+2 "quoted", title\nwith café 支持 ^[[2J<U+202E>'


def test_progress_goes_to_a_terminal_on_stderr_while_stdout_is_piped(server: FaultServer, tmp_path: Path) -> None:
    server.route(LIST_PATH, slow_pages(0.35))
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            command(server, "--json", "--limit", "0"),
            cwd=tmp_path,
            env=environment(tmp_path),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=follower,
        )
        os.close(follower)
        follower = -1
        out, _ = process.communicate(timeout=60)
        shown = b""
        while True:
            try:
                piece = os.read(leader, 4096)
            except OSError:  # the other end is closed: all is read
                break
            if not piece:
                break
            shown += piece
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    assert process.returncode == 0 and ids(out.decode()) == expected_order(ROWS)
    text = shown.decode()
    assert "Fetched 50 of 120 tickets…" in text and text.endswith("\r\x1b[K")


def test_a_reader_that_stops_early_ends_the_command_quietly(server: FaultServer, tmp_path: Path) -> None:
    rows = [item(f"T-{n:03}", "long title " * 200) for n in range(120)]  # far more than a pipe holds
    server.route(LIST_PATH, list_endpoint(rows))
    process = subprocess.Popen(
        command(server, "--csv", "--limit", "0"),
        cwd=tmp_path,
        env=environment(tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"_id,title,")  # as `| head -1` reads
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=60) == 0 and err == b""


def test_ctrl_c_while_fetching_prints_nothing_and_exits_130(server: FaultServer, tmp_path: Path) -> None:
    asked = threading.Event()

    def stalled(request: Recorded) -> Reply:
        asked.set()
        return Reply(200, envelope([item("T-1")]), stall_after=0)  # headers, then nothing

    server.route(LIST_PATH, stalled)
    process = subprocess.Popen(
        command(server, "--json"),
        cwd=tmp_path,
        env=environment(tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert asked.wait(timeout=30)  # the request is in: the command waits on the server
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert (process.returncode, out) == (130, "")
    assert "interrupted; nothing was printed" in err and "Traceback" not in err
