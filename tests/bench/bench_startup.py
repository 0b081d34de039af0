"""Start-up: process start to the ID bar drawn, against a bare Textual app (Header, Input, Footer).

Both programs run as a user runs them, in a pseudo-terminal of 120x40: ``ticketview`` (the
installed console script, a token set, no ticket asked for) and ``bare_app.py``. The clock starts
just before the process is spawned and stops when the terminal output first shows the ID bar's
placeholder (respectively the bare app's), escape sequences taken out: that is the first frame,
the ID bar in it. Sides alternate; one warm-up of each is discarded (it fills the bytecode cache).

Target: ticketview's median <= 1.3x the bare app's.
"""

from __future__ import annotations

import argparse
import sys

from bare_app import PLACEHOLDER as BARE_PLACEHOLDER
from common import (
    BENCH,
    Sample,
    Terminal,
    app_env,
    finish,
    ratio_verdict,
    ticketview_command,
)

ID_BAR_PLACEHOLDER = "support_ticket_123456789, then Enter"
"""The tail of the ID bar's placeholder (its first letter sits under the cursor)."""


def time_to_text(argv: list[str], text: str, size: tuple[int, int]) -> float:
    """Milliseconds from spawning ``argv`` in a pseudo-terminal to ``text`` on its screen."""
    with Terminal(argv, env=app_env(), size=size) as terminal:
        drawn = terminal.wait_for(text, timeout=30)
        elapsed = (drawn - terminal.started) * 1000
        terminal.wait_quiet(0.2)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--demo", action="store_true", help="start ticketview with --demo (its API server too)")
    args = parser.parse_args()
    size = (120, 40)
    app_argv = ticketview_command() + (["--demo"] if args.demo else [])
    bare_argv = [sys.executable, str(BENCH / "bare_app.py")]
    app = Sample("startup.ticketview" + (" --demo" if args.demo else ""))
    bare = Sample("startup.bare_textual")
    for round_ in range(args.repeats + 1):
        a = time_to_text(app_argv, ID_BAR_PLACEHOLDER, size)
        b = time_to_text(bare_argv, BARE_PLACEHOLDER, size)
        if round_:  # round 0 is the warm-up
            app.values.append(a)
            bare.values.append(b)
    print(app.line())
    print(bare.line())
    verdict = ratio_verdict("startup.ratio", app, bare, 1.3)
    return finish([verdict])


if __name__ == "__main__":
    sys.exit(main())
