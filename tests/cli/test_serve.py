"""``ticketview --serve``: the command each browser tab runs, the usage errors, and the real thing in Chromium.

The browser test runs ``ticketview --serve --demo`` as a process and drives Debian's headless Chromium
(``/usr/bin/chromium``, through Playwright, which needs no browser download of its own) against it,
on 127.0.0.1 only; without that browser it is skipped.
"""

from __future__ import annotations

import http.client
import os
import re
import shlex
import signal
import socket
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from app.cli import main
from app.core.config.settings import Settings
from app.demo.samples import EXAMPLE_ID, example_ticket
from app.tui.serve import child_arguments, child_command, hand_down_token

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # no name lookups leave the machine
]
SECRET = "tok-never-on-a-command-line-7f3a"
DEADLINE = 60.0  # seconds; generous for a shared 2-core machine, only reached when something is broken


# --- the command each browser session runs ---------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--serve"], []),
        (["--serve", "--demo", "--port", "9000", "T1"], ["--demo", "T1"]),
        (["T1", "--port=9000", "--serve", "--queue", "--status", "open"], ["T1", "--queue", "--status", "open"]),
        (["--ser", "--po", "9000", "--theme", "nord"], ["--theme", "nord"]),  # argparse accepts abbreviations
        (["--serve", "--", "--port"], ["--", "--port"]),  # after --, a ticket ID that looks like a flag
    ],
)
def test_child_arguments_drop_serve_and_port_only(argv: list[str], expected: list[str]) -> None:
    assert child_arguments(argv) == expected


def test_child_command_quotes_odd_arguments_for_the_shell() -> None:
    odd = "id with spaces; rm -rf ~ $(reboot) `x` 'q' \"qq\" \\ *"
    command = child_command(
        ["--serve", "--port", "8001", odd, "--download-dir", "/tmp/my files"], python="/opt/py thon/bin/python"
    )
    assert shlex.split(command) == ["/opt/py thon/bin/python", "-m", "app", odd, "--download-dir", "/tmp/my files"]


def test_child_command_runs_this_python_and_never_carries_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERIFIK_TOKEN", SECRET)
    command = child_command(["--serve", "--demo"])
    assert shlex.split(command) == [sys.executable, "-m", "app", "--demo"]
    assert SECRET not in command


def test_the_token_resolved_at_start_is_handed_down_by_environment() -> None:
    environ: dict[str, str] = {}
    hand_down_token(Settings(token=SECRET), environ)
    assert environ == {"VERIFIK_TOKEN": SECRET}


def test_no_token_leaves_the_environment_alone() -> None:
    environ = {"HOME": "/home/agent"}
    hand_down_token(Settings(demo=True), environ)
    assert environ == {"HOME": "/home/agent"}


# --- usage errors --------------------------------------------------------------------------


@pytest.mark.parametrize("printing", [["--json", "T1"], ["--markdown", "T1"], ["--print-config"], ["--json"]])
def test_serve_with_a_printing_flag_is_a_usage_error(printing: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--serve", *printing]) == 2
    err = capsys.readouterr().err
    assert "--serve" in err and printing[0] in err and "Traceback" not in err


def test_port_without_serve_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--port", "9000"]) == 2
    assert "--port only applies with --serve" in capsys.readouterr().err


@pytest.mark.parametrize("port", ["0", "65536", "-1", "http"])
def test_a_port_outside_1_to_65535_is_a_usage_error(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--serve", f"--port={port}"])
    assert exit_.value.code == 2
    assert "--port" in (err := capsys.readouterr().err) and "1 to 65535" in err


def test_a_busy_port_says_so_without_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--serve", "--demo", "--port", str(port)]) == 4
    err = capsys.readouterr().err
    assert f"127.0.0.1:{port}" in err and "in use" in err and "--port" in err and "Traceback" not in err


# --- the real thing: a browser, the server, a session ---------------------------------------


def free_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    """Return once ``port`` accepts connections; fail with the server's output if it dies or never listens."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"ticketview --serve exited with {server.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)  # polling interval, not synchronisation: the loop waits on the port
    pytest.fail(f"ticketview --serve never listened on {port}:\n{log.read_text()}")


def group_processes(pgid: int) -> dict[int, list[str]]:
    """The command lines of the live processes in a process group (Linux /proc)."""
    found: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
            if fields[0] != "Z" and int(fields[2]) == pgid:
                found[int(entry.name)] = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")[:-1]
        except (OSError, IndexError, ValueError):
            continue  # exited while we looked
    return found


def stop_group(server: subprocess.Popen[bytes]) -> tuple[int | None, dict[int, list[str]]]:
    """ctrl+c the server's process group, as a terminal would; kill whatever is left after a deadline.

    Returns the server's exit code (None if it hung) and the processes of its group that outlived it.
    """
    try:
        os.killpg(server.pid, signal.SIGINT)
    except ProcessLookupError:
        pass
    try:
        code: int | None = server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        code = None
    deadline = time.monotonic() + 15
    while (leftovers := group_processes(server.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)  # polling interval; the loop waits on the processes ending
    try:
        os.killpg(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    server.wait()
    return code, leftovers


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[bytes], Path]]:
    """``ticketview --serve --demo`` on a free port, listening; stopped (with its sessions) afterwards."""
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "VERIFIK_TOKEN": SECRET}
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "app", "--serve", "--demo", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tmp_path, start_new_session=True,
        )  # fmt: skip
    try:
        wait_for_port(port, server, log)
        yield port, server, log
    finally:
        stop_group(server)


def announced_address(log: Path) -> str:
    """The address ``--serve`` printed, with this run's key in it."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        found = re.search(r"open (http://127\.0\.0\.1:\d+/\?key=[\w-]+) in a browser", log.read_text())
        if found:
            return found.group(1)
        time.sleep(0.05)  # polling interval: the loop waits on the line being printed
    pytest.fail(f"ticketview --serve never printed its address:\n{log.read_text()}")


def http_get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-cased names) and body of a GET to the server."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=DEADLINE)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def websocket_handshake(port: int, origin: str, key: str = "") -> int:
    """The HTTP status of a websocket handshake to ``/ws`` sent as a page from ``origin`` would send it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=DEADLINE)
    try:
        connection.request("GET", f"/ws?key={key}" if key else "/ws", headers={
            "Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": origin,
        })  # fmt: skip
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1:1", "null"])
def test_pages_of_other_sites_get_no_session(serving: tuple[int, subprocess.Popen[bytes], Path], origin: str) -> None:
    port, server, log = serving
    key = announced_address(log).rpartition("key=")[2]
    assert websocket_handshake(port, origin, key) == 403  # even with the key
    assert list(group_processes(server.pid)) == [server.pid], "a session was started for a foreign page"


def test_nothing_is_served_without_this_runs_key(serving: tuple[int, subprocess.Popen[bytes], Path]) -> None:
    port, server, log = serving
    key = announced_address(log).rpartition("key=")[2]
    assert len(key) >= 40  # 256 bits
    for path in ("/", "/static/js/textual.js", "/?key=", f"/?key={key[:-1]}", f"/?key={key}x"):
        assert http_get(port, path)[0] == 403, path
    own = f"http://127.0.0.1:{port}"
    assert websocket_handshake(port, own) == 403  # the page's own origin, but no key
    assert websocket_handshake(port, own, "wrong") == 403
    status, headers, body = http_get(port, f"/?key={key}")
    assert status == 200 and f"ticketview_key={key}" in headers["set-cookie"]
    assert "httponly" in headers["set-cookie"].lower() and "samesite=strict" in headers["set-cookie"].lower()
    assert http_get(port, "/static/js/textual.js", {"Cookie": f"ticketview_key={key}"})[0] == 200
    assert b"googleapis" not in body and b"https://" not in body  # the page loads nothing from outside
    assert list(group_processes(server.pid)) == [server.pid], "a session was started without the key"


# xterm.js draws on a canvas, so the page's DOM holds no text; its buffer does. textual-serve keeps the
# Terminal in a closure, so the test serves its textual.js with one assignment added that keeps a handle.
TERMINAL_HANDLE = re.compile(r"this\.terminal=new (\w+)\.Terminal\(")
SCREEN_TEXT = """() => {
    const buffer = window.__ticketviewTerminal && window.__ticketviewTerminal.buffer.active;
    if (!buffer) return "";
    const rows = [];
    for (let y = 0; y < buffer.length; y++) rows.push(buffer.getLine(y).translateToString(true));
    return rows.join("\\n");
}"""


def browser_api() -> ModuleType:
    """Playwright's synchronous API, to drive Debian's chromium (the test skips without either)."""
    if not CHROMIUM.exists():
        pytest.skip(f"no {CHROMIUM}: install Debian's chromium (apt-get install chromium) to run the browser test")
    return pytest.importorskip(
        "playwright.sync_api", reason="playwright is in the test extra: pip install -e '.[test]'"
    )


def screen_shows(page, needle: str) -> None:
    """Wait until the terminal's text contains ``needle``; fail showing what it does show."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(f"needle => ({SCREEN_TEXT})().includes(needle)", arg=needle, timeout=DEADLINE * 1000)
    except PlaywrightTimeout:
        pytest.fail(f"the terminal never showed {needle!r}; it shows:\n{page.evaluate(SCREEN_TEXT)}")


def png_facts(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values in the image data of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    pixels, at = b"", 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        if kind == b"IDAT":
            pixels += data[at + 8 : at + 8 + length]
        at += 12 + length
    return width, height, len(set(zlib.decompress(pixels)))


def test_a_browser_opens_the_app_and_a_ticket(
    serving: tuple[int, subprocess.Popen[bytes], Path], tmp_path: Path
) -> None:
    sync_api = browser_api()
    _, server, log = serving
    url = announced_address(log)
    title, description = example_ticket().data["title"], example_ticket().data["description"][:40]
    patched: list[int] = []

    def keep_terminal_handle(route) -> None:
        response = route.fetch()
        script, count = TERMINAL_HANDLE.subn(
            r"this.terminal=window.__ticketviewTerminal=new \1.Terminal(", response.text()
        )
        patched.append(count)
        route.fulfill(response=response, body=script)

    started = time.monotonic()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            tmp_path / "chromium-profile", executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 720},
        )  # fmt: skip
        try:
            # Only this computer: any request elsewhere is refused, and counted (there must be none).
            outside: list[str] = []
            browser.route(
                re.compile(r"^(?!http://127\.0\.0\.1:)"),
                lambda route: (outside.append(route.request.url), route.abort()),
            )
            browser.route("**/static/js/textual.js", keep_terminal_handle)
            page = browser.pages[0] if browser.pages else browser.new_page()
            page.goto(url)
            assert patched == [1], "textual-serve's textual.js changed shape: update TERMINAL_HANDLE"

            screen_shows(page, "Ticket ID")  # the ID bar: the app runs and draws in the page
            screen_shows(page, "support_ticket_")  # the demo's tickets are listed
            assert description not in page.evaluate(SCREEN_TEXT)
            session = [pid for pid, argv in group_processes(server.pid).items() if argv[1:] == ["-m", "app", "--demo"]]
            assert session, f"no session process ran `python -m app --demo`: {group_processes(server.pid)}"
            assert all(SECRET not in " ".join(argv) for argv in group_processes(server.pid).values())
            assert f"VERIFIK_TOKEN={SECRET}".encode() in Path(f"/proc/{session[0]}/environ").read_bytes().split(b"\0")

            page.focus(".xterm-helper-textarea")  # the keyboard goes to the terminal, not a mouse click on the app
            page.keyboard.type(EXAMPLE_ID)
            page.keyboard.press("Enter")
            screen_shows(page, title)
            screen_shows(page, description)

            assert outside == [], f"the page asked for {outside}"
            shot = tmp_path / "ticket.png"
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    elapsed = time.monotonic() - started

    width, height, distinct = png_facts(shot.read_bytes())
    assert (width, height) == (1280, 720)
    assert distinct > 64, "the screenshot is (nearly) blank"
    assert shot.stat().st_size > 20_000
    announced = log.read_text()
    assert f"open {url} in a browser" in announced and "ctrl+c" in announced
    code, leftovers = stop_group(server)
    assert code == 0, f"ctrl+c did not stop the server cleanly:\n{log.read_text()}"
    assert not leftovers, f"sessions outlived the server: {leftovers}"
    print(f"browser test: {elapsed:.1f} s from launching Chromium to the screenshot")


def test_typing_reaches_the_app_without_a_click(
    serving: tuple[int, subprocess.Popen[bytes], Path], tmp_path: Path
) -> None:
    sync_api = browser_api()
    _, _, log = serving
    title = example_ticket().data["title"]

    def keep_terminal_handle(route) -> None:
        response = route.fetch()
        script = TERMINAL_HANDLE.sub(r"this.terminal=window.__ticketviewTerminal=new \1.Terminal(", response.text())
        route.fulfill(response=response, body=script)

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            tmp_path / "chromium-profile", executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 720},
        )  # fmt: skip
        try:
            browser.route("**/static/js/textual.js", keep_terminal_handle)
            page = browser.pages[0] if browser.pages else browser.new_page()
            page.goto(announced_address(log))
            screen_shows(page, "Ticket ID")  # the app draws; nothing on the page was clicked or focused
            focused = page.evaluate("() => document.activeElement && document.activeElement.className")
            assert "xterm-helper-textarea" in focused, f"the page's focus is on {focused!r}, not the terminal"
            page.keyboard.type("/")  # to the ID bar, from the queue the demo opens on
            page.keyboard.type(EXAMPLE_ID)
            page.keyboard.press("Enter")
            screen_shows(page, title)
        finally:
            browser.close()


async def test_sessions_are_capped() -> None:
    from aiohttp.test_utils import TestClient, TestServer

    from app.tui.serve import MAX_SESSIONS, _server

    server = _server("true", 8000, "k" * 43)
    type(server).sessions = MAX_SESSIONS  # as many as are allowed, running
    async with TestClient(TestServer(await server._make_app())) as client:
        response = await client.get(
            f"/ws?key={'k' * 43}",
            headers={"Origin": "http://127.0.0.1:8000", "Connection": "Upgrade", "Upgrade": "websocket",
                     "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="},
        )  # fmt: skip
        assert response.status == 429 and str(MAX_SESSIONS) in await response.text()
