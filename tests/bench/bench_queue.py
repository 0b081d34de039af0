"""Queue scroll: keypress (down, pagedown, end, home) to the frame that shows it, 5,000 tickets vs 20.

The real app runs headless (``App.run_test()``, 120x40) against the real demo API on 127.0.0.1:
one server lists 5,000 generated tickets, another 20, a third 100 (a baseline that scrolls). Each
round opens the app on each server in turn (alternating, after one discarded warm-up round), loads
the whole list the way an agent
does (the cursor at the end asks for the next page, 50 rows at a time, until all are loaded; the
time is printed, not a target), then measures each key a few times. Before each key the cursor is
put where the key will move it (``home`` before down, pagedown and end; ``end`` before home) and
the app left idle (no frame for 0.15 s). The clock starts when the ``Key`` event is posted to the
app (as the terminal driver posts it) and stops at the end of the first frame composed with the
cursor where the key put it (``_display`` is wrapped; headless, nothing is written to a terminal).

In the 20-ticket list every key only moves the cursor within one screen (two lines redrawn); in
the 5,000-ticket list pagedown, end and home scroll, so every line of the table is drawn anew. The
100-ticket list scrolls on those keys too: the ratio against it (printed, not a target) shows what
the length of the list costs, apart from the cost of a scroll.

Targets: the 5,000-ticket list's median <= 1.5x the 20-ticket list's, per key, and every measured
keypress in the 5,000-ticket list under 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from common import Sample, Verdict, finish, ratio_verdict
from textual import events

from app.demo.server import start_demo_server
from tests.helpers import make_app, settle

KEYS = ("down", "pagedown", "end", "home")
BIG, SMALL, SCROLLING = 5000, 20, 100


class Probe:
    """When each frame was composed, and where the queue's cursor was in it."""

    def __init__(self, app) -> None:
        self.app = app
        self.frames: list[tuple[float, int]] = []
        display = app._display

        def timed_display(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None:
                cursor = app.main.queue.table.cursor if (app.main.arrangement.queue is not None) else -1
                self.frames.append((time.perf_counter(), cursor))

        app._display = timed_display  # the one place a composed frame goes to the terminal

    async def quiet(self, seconds: float = 0.15, timeout: float = 30.0) -> None:
        """Wait until no frame has come for ``seconds``."""
        since = time.perf_counter()
        deadline = since + timeout
        while time.perf_counter() < deadline:
            last = self.frames[-1][0] if self.frames else 0.0
            idle = time.perf_counter() - max(last, since)
            if idle >= seconds:
                return
            await asyncio.sleep(seconds - idle)
        raise TimeoutError("the app never went quiet")


async def load_everything(app, probe: Probe, expected: int) -> float:
    """Page through the whole list as an agent would (cursor to the end, again and again); seconds."""
    table, queue = app.main.queue.table, app.main.queue
    started = time.perf_counter()
    deadline = started + 120
    while table.row_count < expected or queue.busy:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"only {table.row_count} of {expected} rows loaded")
        if not queue.busy:
            app.post_message(events.Key("end", None))
        await asyncio.sleep(0.002)
    return time.perf_counter() - started


async def press(app, probe: Probe, key: str) -> float:
    """Milliseconds from posting ``key`` to the first frame showing the cursor where it put it."""
    table = app.main.queue.table
    table.move_cursor(table.row_count - 1 if key == "home" else 0)
    await probe.quiet()
    target = {
        "down": 1,
        "pagedown": min(table.row_count - 1, max(1, table.scrollable_content_region.height - 2)),
        "end": table.row_count - 1,
        "home": 0,
    }[key]
    before = len(probe.frames)
    pressed = time.perf_counter()
    app.post_message(events.Key(key, None))
    deadline = pressed + 10
    while True:
        shown = [stamp for stamp, cursor in probe.frames[before:] if cursor == target]
        if shown:
            return (shown[0] - pressed) * 1000
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{key} never showed the cursor on row {target} (focus: {app.focused!r})")
        await asyncio.sleep(0)


async def measure(
    base_url: str, size: tuple[int, int], rows: int, presses: int
) -> tuple[float, dict[str, list[float]]]:
    """Open the app on ``base_url``, load its ``rows`` tickets, time each key ``presses`` times."""
    app = make_app(base_url, token="bench")
    timings: dict[str, list[float]] = {key: [] for key in KEYS}
    async with app.run_test(size=size) as pilot:
        probe = Probe(app)
        await settle(pilot)
        app.main.queue.table.focus()
        await settle(pilot)
        loading = await load_everything(app, probe, rows)
        await settle(pilot)
        for _ in range(presses):
            for key in KEYS:
                timings[key].append(await press(app, probe, key))
    return loading, timings


async def run(repeats: int, presses: int, size: tuple[int, int]) -> int:
    servers = {rows: start_demo_server() for rows in (BIG, SMALL, SCROLLING)}
    for rows, server in servers.items():
        server.serve_queue(rows)
    sides = {rows: server.base_url for rows, server in servers.items()}
    samples = {rows: {key: Sample(f"queue.{rows}_tickets.{key}") for key in KEYS} for rows in sides}
    loads = {rows: Sample(f"queue.{rows}_tickets.load_all", unit="s") for rows in sides}
    try:
        for round_ in range(repeats + 1):
            for rows, url in sides.items():
                loading, timings = await measure(url, size, rows, presses)
                if round_:  # round 0 is the warm-up
                    loads[rows].values.append(loading)
                    for key in KEYS:
                        samples[rows][key].values.extend(timings[key])
    finally:
        for server in servers.values():
            server.stop()

    for rows in sides:
        for key in KEYS:
            print(samples[rows][key].line())
        print(loads[rows].line() + " (50 rows a page, as the cursor reaches the end; not a target)")
    verdicts: list[Verdict] = []
    for key in KEYS:
        verdict = ratio_verdict(f"queue.ratio.{key}", samples[BIG][key], samples[SMALL][key], 1.5)
        against = samples[BIG][key].median / samples[SCROLLING][key].median
        print(f"queue.ratio_vs_{SCROLLING}_tickets.{key}: {against:.2f}x (a list that scrolls too; not a target)")
        if key != "down":
            verdict.value += (
                f"; the {SMALL} tickets fit on screen, so there {key} only moves the cursor (two lines drawn, "
                f"not a screen); against {SCROLLING} tickets, which scroll: {against:.2f}x"
            )
        verdicts.append(verdict)
    big_values = [value for key in KEYS for value in samples[BIG][key].values]
    worst = max(big_values)
    print(f"queue.{BIG}_slowest_keypress: {worst:.1f} ms over {len(big_values)} keypresses (target < 50 ms)")
    verdicts.append(Verdict(f"queue.{BIG}_every_keypress", f"slowest {worst:.1f} ms", "< 50 ms", worst < 50))
    return finish(verdicts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=4, help="measured rounds (each opens the app on both lists)")
    parser.add_argument("--presses", type=int, default=3, help="times each key is measured per round")
    parser.add_argument("--size", default="120x40", help="terminal size, COLUMNSxROWS")
    args = parser.parse_args()
    size = tuple(int(part) for part in args.size.split("x"))
    return asyncio.run(run(args.repeats, args.presses, size))


if __name__ == "__main__":
    sys.exit(main())
