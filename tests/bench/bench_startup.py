"""Start-up: process start to the first frame, on every way an agent starts ticketview, vs a bare Textual app.

Every side runs as a user runs it, in a pseudo-terminal of 120x40: ``ticketview`` (the installed
console script) and ``bare_app.py`` (a Header, an Input and a Footer). The clock starts just
before the process is spawned and stops when the terminal output first shows the side's mark,
escape sequences taken out. The API is the real demo API on 127.0.0.1, in this process, so the
app's process does only the app's work.

The sides:

- ``no_token``: no token in the environment; the first frame is the shell and the no-token notice.
- ``token_queue``: a token, nothing asked for: the shell, the queue's placeholder under it.
- ``token_id``: a token and the example ticket's ID: the shell, the loading notice under it.
- ``demo``: ``--demo`` (which also starts its own API server): the shell.
- ``offline``: a token and ``--offline``: the shell, the offline notice.
- ``ticket_drawn``: a token and the example ticket's ID, until the whole ticket is drawn: its
  title, both messages and its attachment (target 1.6x instead of 1.2x).
- ``stack_ticket`` (a reference, no target): ``stack_app.py``, the bare app that fetches the same
  ticket with httpx after its first frame, validates it with a minimal pydantic model and shows
  its title, messages and attachment: what any ticket viewer on this stack pays. Its ratio is the
  floor under ``ticket_drawn``'s.

The shell's mark is the footer's palette hint, the last line of the frame Textual writes; the bare
app's is its Input's placeholder (its footer has the same hint). Sides alternate in round-robin;
one warm-up of each is discarded (it fills the bytecode cache).

Targets: each start path's median <= 1.2x the bare app's; ``ticket_drawn`` <= 1.6x.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from common import (
    BENCH,
    EXAMPLE_ID,
    TOKEN,
    Sample,
    Terminal,
    app_env,
    demo_server,
    finish,
    fresh_folders,
    ratio_verdict,
    reference_ratio,
    ticketview_command,
)

SHELL = "^p palette"
"""The footer's last words: drawn in the first frame, after the ID bar and the pane under it."""
TICKET_DRAWN = ("API Integration Issue", "Let me check the logs", "error_logs.txt")
"""The example ticket's title, the end of its second message, and its attachment."""


@dataclass
class Side:
    """One way of starting: its command line, its environment, and what on screen ends the clock."""

    name: str
    argv: list[str]
    env: dict[str, str]
    marks: tuple[str, ...]
    limit: float | None
    """The target ratio; 0 for the baseline, ``None`` for a reference (measured, no target)."""

    def time(self, size: tuple[int, int]) -> float:
        """Milliseconds from spawning to the last of ``marks`` on screen (with empty user folders)."""
        with tempfile.TemporaryDirectory(prefix="ticketview-bench-") as home:
            return self._time(size, fresh_folders(home))

    def _time(self, size: tuple[int, int], folders: dict[str, str]) -> float:
        with Terminal(self.argv, env={**self.env, **folders}, size=size) as terminal:
            drawn = max(terminal.wait_for(mark, timeout=30) for mark in self.marks)
            elapsed = (drawn - terminal.started) * 1000
            terminal.wait_quiet(0.2)
        return elapsed


def sides(base_url: str) -> list[Side]:
    """The bare app first, then every start path."""
    app = ticketview_command()
    url = ["--base-url", base_url]
    ticket_url = f"{base_url}/v2/support-tickets/{EXAMPLE_ID}"
    no_token = {key: value for key, value in app_env().items() if key != "VERIFIK_TOKEN"}
    return [
        Side("bare_textual", [sys.executable, str(BENCH / "bare_app.py")], app_env(), (SHELL,), 0),
        Side("no_token", app, no_token, (SHELL,), 1.2),
        Side("token_queue", app + url, app_env(), (SHELL,), 1.2),
        Side("token_id", app + [EXAMPLE_ID, *url], app_env(), (SHELL,), 1.2),
        Side("demo", app + ["--demo"], app_env(), (SHELL,), 1.2),
        Side("offline", app + ["--offline", *url], app_env(), (SHELL,), 1.2),
        Side("ticket_drawn", app + [EXAMPLE_ID, *url], app_env(), TICKET_DRAWN, 1.6),
        Side(
            "stack_ticket",
            [sys.executable, str(BENCH / "stack_app.py"), ticket_url, TOKEN],
            app_env(),
            TICKET_DRAWN,
            None,
        ),
    ]


def only_ticket(all_sides: list[Side], only: Callable[[Side], bool]) -> bool:
    """The reference is measured with the side it is the floor of."""
    return any(side.name == "ticket_drawn" and only(side) for side in all_sides)


def measure(all_sides: list[Side], repeats: int, size: tuple[int, int], only: Callable[[Side], bool]) -> list[Sample]:
    """Round-robin over the sides; the first round is the warm-up."""
    chosen = [
        side
        for side in all_sides
        if side.limit == 0 or (side.limit is None and only_ticket(all_sides, only)) or only(side)
    ]
    samples = [Sample(f"startup.{side.name}") for side in chosen]
    for round_ in range(repeats + 1):
        for side, sample in zip(chosen, samples, strict=True):
            elapsed = side.time(size)
            if round_:
                sample.values.append(elapsed)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=8)
    parser.add_argument("--only", nargs="*", help="measure only these sides (and the bare app)")
    args = parser.parse_args()
    server = demo_server()
    try:
        all_sides = sides(server.base_url)
        samples = measure(all_sides, args.repeats, (120, 40), lambda side: not args.only or side.name in args.only)
    finally:
        server.stop()
    bare = samples[0]
    for sample in samples:
        print(sample.line())
    limits = {side.name: side.limit for side in all_sides}
    verdicts = []
    for sample in samples[1:]:
        limit = limits[sample.name.removeprefix("startup.")]
        if limit is None:
            reference_ratio(f"{sample.name}.ratio", sample, bare)
        else:
            verdicts.append(ratio_verdict(f"{sample.name}.ratio", sample, bare, limit))
    by_name = {sample.name: sample for sample in samples}
    if "startup.ticket_drawn" in by_name and "startup.stack_ticket" in by_name:
        reference_ratio(
            "startup.ticket_drawn.over_stack", by_name["startup.ticket_drawn"], by_name["startup.stack_ticket"]
        )
    return finish(verdicts)


if __name__ == "__main__":
    sys.exit(main())
