"""Huge ticket first paint: Enter to the first messages drawn, 10,000 messages vs the 2-message example.

``ticketview`` runs as a user runs it, in a pseudo-terminal (120x40 by default), against the real
demo API on 127.0.0.1 (in this process, so the app's process does only the app's work; both
tickets are requested once beforehand, so the server answers from its cache). For each
measurement the ticket ID is typed into the ID bar and the app left to go quiet; the clock starts
when Enter is written to the terminal and stops when the terminal output first shows the head of
the conversation's first message (``┃ Client · <author>``, selected, escape sequences taken out). That
covers the request, reading the body, parsing, laying out and drawing the whole ticket screen,
and writing the frame to the terminal. The two tickets alternate in one app process, after one
discarded warm-up of each.

Target: the huge ticket's median <= 2x the example's.
"""

from __future__ import annotations

import argparse
import sys

from common import (
    EXAMPLE_ID,
    HUGE_ID,
    Sample,
    Terminal,
    app_env,
    demo_server,
    finish,
    ratio_verdict,
    ticketview_command,
)

FIRST_MESSAGE_HEAD = {
    EXAMPLE_ID: "┃ Client · client_123456789",
    HUGE_ID: "┃ Client · client_900000001",
}
"""What the first line of each ticket's first message shows (it is selected: its bar is ┃)."""


def open_and_time(terminal: Terminal, ticket_id: str, first: bool) -> float:
    """Type ``ticket_id`` into the ID bar, press Enter; milliseconds until its first message shows."""
    if not first:
        terminal.write("/")  # focus the ID bar, its text selected: typing replaces it
        terminal.wait_quiet(0.15)
    mark = terminal.mark
    terminal.write(ticket_id)
    # The ID bar repaints only the cells that changed, so look for the end of the ID, not all of it.
    terminal.wait_for(ticket_id[-6:], since=mark)
    terminal.wait_quiet(0.15)
    mark = terminal.mark
    pressed = terminal.write("\r")
    drawn = terminal.wait_for(FIRST_MESSAGE_HEAD[ticket_id], since=mark)
    terminal.wait_quiet(0.5)  # the background layout pass of the huge ticket finishes
    return (drawn - pressed) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--size", default="120x40", help="terminal size, COLUMNSxROWS")
    args = parser.parse_args()
    size = tuple(int(part) for part in args.size.split("x"))
    server = demo_server()
    huge = Sample(f"first_paint.huge_10000_messages[{args.size}]")
    example = Sample(f"first_paint.example_2_messages[{args.size}]")
    try:
        argv = ticketview_command() + ["--base-url", server.base_url]
        with Terminal(argv, env=app_env(), size=size) as terminal:
            terminal.wait_for("Ticket ID")
            terminal.wait_quiet(0.5)
            first = True
            for round_ in range(args.repeats + 1):
                for ticket_id, sample in ((EXAMPLE_ID, example), (HUGE_ID, huge)):
                    elapsed = open_and_time(terminal, ticket_id, first)
                    first = False
                    if round_:  # round 0 is the warm-up
                        sample.values.append(elapsed)
    finally:
        server.stop()
    print(huge.line())
    print(example.line())
    return finish([ratio_verdict("first_paint.ratio", huge, example, 2.0)])


if __name__ == "__main__":
    sys.exit(main())
