"""Shared parts of the benchmarks: a pseudo-terminal driver, the demo API, and how figures are printed.

Every benchmark measures two sides alternately (A, B, A, B, ...) in one run, after one discarded
warm-up of each, and reports the median of each side, the spread (min-max) and the ratio of the
medians against the issue's target. Figures are printed as ``name: value (target)`` lines, and
each target ends in a line starting ``PASS`` or ``MISS``.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import termios
import textwrap
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BENCH = Path(__file__).resolve().parent
if str(REPO) not in sys.path:  # so that ``tests.helpers`` imports when a script is run directly
    sys.path.append(str(REPO))  # last: a PYTHONPATH checkout (e.g. of an older commit) still wins

EXAMPLE_ID = "support_ticket_123456789"
HUGE_ID = "support_ticket_huge"
TOKEN = "bench-token-not-secret"
PYCACHE = "/tmp/ticketview-bench-pycache"


# --- figures ------------------------------------------------------------------------------


@dataclass
class Sample:
    """The repeated measurements of one side, in milliseconds (or MiB)."""

    name: str
    unit: str = "ms"
    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def line(self) -> str:
        low, high = min(self.values), max(self.values)
        return f"{self.name}: {self.median:.1f} {self.unit} median (spread {low:.1f}-{high:.1f}, n={len(self.values)})"


@dataclass
class Verdict:
    """One target of the issue, met or missed."""

    name: str
    value: str
    target: str
    ok: bool

    def line(self) -> str:
        return f"{'PASS' if self.ok else 'MISS'} {self.name}: {self.value} (target {self.target})"


def ratio_verdict(name: str, heavy: Sample, light: Sample, limit: float) -> Verdict:
    """The ratio of the medians of ``heavy`` over ``light`` against ``<= limit``."""
    ratio = heavy.median / light.median
    pairs = [a / b for a, b in zip(heavy.values, light.values, strict=False) if b]
    spread = f", pairwise {min(pairs):.2f}-{max(pairs):.2f}" if pairs else ""
    print(f"{name}: {ratio:.2f}x{spread} (target <= {limit}x)")
    return Verdict(name, f"{ratio:.2f}x", f"<= {limit}x", ratio <= limit)


def reference_ratio(name: str, heavy: Sample, light: Sample) -> float:
    """Print the ratio of the medians of ``heavy`` over ``light``: a reference, no target."""
    ratio = heavy.median / light.median
    print(f"{name}: {ratio:.2f}x (reference, no target)")
    return ratio


def finish(verdicts: Sequence[Verdict]) -> int:
    """Print the verdicts and return the exit status: 0 when every target is met."""
    print()
    for verdict in verdicts:
        print(verdict.line())
    return 0 if all(verdict.ok for verdict in verdicts) else 1


def alternate(repeats: int, sides: Sequence[Callable[[], None]]) -> None:
    """Run each side once as a discarded warm-up, then ``repeats`` rounds in turn."""
    for side in sides:
        side()
    for _ in range(repeats):
        for side in sides:
            side()


# --- a child process that times one view --------------------------------------------------

_RSS_MIB = """
def rss_mib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20
"""


def first_view_child(*, size: tuple[int, int], imports: str, shown: str) -> str:
    """The script of a ``python -c`` child that times the App's first view of one attachment.

    Its arguments: the URL of a server of the files ticket (``tests.helpers.serve_files``), the
    index of the attachment, then any the ``shown`` function reads. The App runs headless at
    ``size`` with a 64 MiB preview cap; the clock starts at ``enter`` on the attachment and stops
    once ``shown(app)`` (source given, top level, after ``imports``) is true and that frame is drawn.
    Memory is the peak after it less the resident set just before ``enter``. The child prints
    ``{"ms": ..., "extra_mib": ...}``.
    """
    head = "import asyncio, json, resource, sys, time\n"
    head += "from tests.helpers import FILES_TICKET_ID, make_app, open_ticket, settle\n"
    head += "from widgets.attachments.attachments_pane import AttachmentList\n"
    body = f"""
async def main():
    app = make_app(sys.argv[1], token="bench-token", preview_bytes=64 * 2**20)
    async with app.run_test(size={size!r}) as pilot:
        await open_ticket(pilot, FILES_TICKET_ID)
        await pilot.press("3")
        app.query_one(AttachmentList).highlighted = int(sys.argv[2])
        await settle(pilot)
        before = rss_mib()
        started = time.perf_counter()
        await pilot.press("enter")
        while not shown(app):
            await asyncio.sleep(0.002)
        await app.screen.wait_for_refresh()  # and drawn: the frame a terminal is sent
        elapsed = (time.perf_counter() - started) * 1000
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return elapsed, peak - before

elapsed, extra = asyncio.run(main())
print(json.dumps({{"ms": elapsed, "extra_mib": extra}}))
"""
    return head + textwrap.dedent(imports) + _RSS_MIB + textwrap.dedent(shown) + body


def bare_child(*, imports: str, work: str) -> str:
    """The script of a ``python -c`` child that reads the file named by its first argument and
    runs ``work`` (source, top level, with the bytes in ``data``) after ``imports``.

    The clock covers the read and the work; memory is the peak less the resident set after the
    imports. The child prints ``{"ms": ..., "extra_mib": ...}`` as ``first_view_child``'s does.
    """
    measured = """
before = rss_mib()
started = time.perf_counter()
with open(sys.argv[1], "rb") as file:
    data = file.read()
"""
    figures = """
elapsed = (time.perf_counter() - started) * 1000
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"ms": elapsed, "extra_mib": peak - before}))
"""
    head = "import io, json, resource, sys, time\n" + textwrap.dedent(imports) + _RSS_MIB
    return head + measured + textwrap.dedent(work) + figures


def run_child(argv: list[str]) -> tuple[float, float]:
    """Run ``python -c *argv`` in the repository; its milliseconds and extra MiB (the last line it prints)."""
    done = subprocess.run(
        [sys.executable, "-c", *argv],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env=child_env(),
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["ms"], result["extra_mib"]


def time_children(
    repeats: int, app_argv: list[str], bare_argv: list[str], times: Sequence[Sample], memory: Sequence[Sample]
) -> None:
    """Run the app's child and the bare child alternately, one discarded warm-up of each (it fills the
    bytecode cache) then ``repeats`` rounds; their figures go to ``times`` and ``memory`` (app, bare)."""
    for round_number in range(repeats + 1):
        app_side = run_child(app_argv)
        bare_side = run_child(bare_argv)
        if round_number == 0:
            continue
        for sample, value in zip(
            (*times, *memory), (app_side[0], bare_side[0], app_side[1], bare_side[1]), strict=True
        ):
            sample.values.append(value)


# --- the demo API -------------------------------------------------------------------------


def demo_server():
    """The real demo API on 127.0.0.1, with the huge and example tickets already encoded.

    The huge ticket is built on its first request (about a third of a second); asking for both
    once here keeps that out of every figure.
    """
    import httpx

    from app.demo.server import start_demo_server

    server = start_demo_server()
    with httpx.Client() as client:
        for ticket_id in (EXAMPLE_ID, HUGE_ID):
            client.get(f"{server.base_url}/v2/support-tickets/{ticket_id}").raise_for_status()
    return server


def app_env(**extra: str) -> dict[str, str]:
    """The environment for a child: a token, a colour terminal, bytecode cached, nothing inherited that steers it."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEXTUAL", "VERIFIK", "TICKETVIEW"))
        and key not in ("NO_COLOR", "COLUMNS", "LINES", "PYTHONDONTWRITEBYTECODE")
    }
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        VERIFIK_TOKEN=TOKEN,
        TICKETVIEW_DOWNLOAD_DIR="/tmp",
        # Bytecode cached as an installed package has it (pip compiles on install), kept out of the repo.
        PYTHONPYCACHEPREFIX=PYCACHE,
    )
    env.update(extra)
    return env


def child_env() -> dict[str, str]:
    """This environment for a ``python -c`` child that imports the repository: its bytecode cached as
    an installed package has it (as ``app_env`` does), whatever ``PYTHONDONTWRITEBYTECODE`` says."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(REPO), PYTHONPYCACHEPREFIX=PYCACHE)
    return env


def fresh_folders(home: str) -> dict[str, str]:
    """The environment that gives a child empty config, data and cache folders under ``home``:
    no remembered theme, recent list or cached ticket carries over from one measurement to the next."""
    return {name: os.path.join(home, name.lower()) for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")}


def ticketview_command() -> list[str]:
    """The installed console script, as a user runs it (falls back to ``python -m app``)."""
    script = Path(sys.executable).with_name("ticketview")
    if script.exists():
        return [str(script)]
    found = shutil.which("ticketview")
    return [found] if found else [sys.executable, "-m", "app"]


# --- a program in a pseudo-terminal -------------------------------------------------------

_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, clipboard, queries
    rb"|\x1b[PX^_][^\x1b]*\x1b\\"  # DCS and friends
    rb"|\x1b[()*+][0-9A-Za-z]"  # character sets
    rb"|\x1b[@-Z\\-_=>78]"  # two-byte escapes
)


def visible(raw: bytes) -> bytes:
    """What a terminal would print of ``raw``: the escape sequences taken out."""
    return _ESCAPES.sub(b"", raw)


class Terminal:
    """A child process on a pseudo-terminal of a fixed size, its output read as it arrives.

    A reader thread timestamps every chunk the moment ``os.read`` returns it, so ``wait_for``
    reports when the text reached the terminal, not when the benchmark got round to looking.
    """

    def __init__(self, argv: Sequence[str], *, env: dict[str, str], size: tuple[int, int] = (120, 40)) -> None:
        columns, rows = size
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self._master = master
        self._chunks: list[tuple[float, bytes]] = []
        self._cond = threading.Condition()
        self._closed = False
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd="/tmp",
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self._master], [], [], 0.5)
                if not ready:
                    if self.process.poll() is not None:
                        break
                    continue
                data = os.read(self._master, 65536)
            except OSError:
                break
            if not data:
                break
            now = time.perf_counter()
            with self._cond:
                self._chunks.append((now, data))
                self._cond.notify_all()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def mark(self) -> int:
        """A position in the output: ``wait_for`` looks only at what arrives after it."""
        with self._cond:
            return len(self._chunks)

    def output(self, since: int = 0) -> bytes:
        """The raw output from ``since`` on."""
        with self._cond:
            return b"".join(data for _, data in self._chunks[since:])

    def wait_for(self, text: str, *, since: int = 0, timeout: float = 30.0) -> float:
        """The moment (``perf_counter``) the output after ``since`` first showed ``text``."""
        wanted = text.encode("utf-8")
        deadline = time.monotonic() + timeout
        raw = bytearray()
        index = since
        while True:
            with self._cond:
                while index >= len(self._chunks) and not self._closed:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self._cond.wait(left)
                fresh = self._chunks[index:]
                closed = self._closed
            for stamp, data in fresh:
                raw += data
                index += 1
                if wanted in visible(bytes(raw)):
                    return stamp
            if not fresh and (closed or time.monotonic() >= deadline):
                tail = visible(bytes(raw))[-400:].decode("utf-8", "replace")
                why = "the program ended" if closed else f"not within {timeout} s"
                raise TimeoutError(f"{text!r} never appeared ({why}); the terminal last showed: {tail!r}")

    def wait_quiet(self, quiet: float = 0.4, timeout: float = 30.0) -> None:
        """Wait until nothing has been written for ``quiet`` seconds (the app is idle)."""
        deadline = time.monotonic() + timeout
        since = time.perf_counter()
        while time.monotonic() < deadline:
            with self._cond:
                last = self._chunks[-1][0] if self._chunks else self.started
            idle = time.perf_counter() - max(last, since)
            if idle >= quiet:
                return
            time.sleep(quiet - idle)
        raise TimeoutError("the app never went quiet")

    def write(self, data: str | bytes) -> float:
        """Send keys; returns the moment they were written."""
        payload = data.encode("utf-8") if isinstance(data, str) else data
        stamp = time.perf_counter()
        os.write(self._master, payload)
        return stamp

    def peak_rss_mib(self) -> float:
        """The child's peak resident set (VmHWM), in MiB, read while it still runs."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        if match is None:
            raise RuntimeError("no VmHWM in /proc status")
        return int(match.group(1)) / 1024

    def close(self) -> None:
        """Quit the child with ctrl+q, then more firmly if it lingers."""
        if self.process.poll() is None:
            try:
                self.write(b"\x11")
                self.process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        self._reader.join(timeout=5)
        try:
            os.close(self._master)
        except OSError:
            pass

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
