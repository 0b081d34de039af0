"""Memory: peak RSS with the 10,000-message ticket open, vs with the example ticket open.

Each measurement is a fresh ``ticketview TICKET_ID --base-url URL`` process in a pseudo-terminal
(120x40) against the real demo API on 127.0.0.1, which runs in this process, so the figure is the
app's alone (with ``--demo`` the server's copy of the body would count too). The benchmark waits
for the conversation's first message on screen, then for a second with nothing drawn (the
background layout of the huge ticket has finished), and reads the child's peak resident set
(``VmHWM`` in ``/proc/PID/status``) before quitting it with ctrl+q. Sides alternate; one warm-up
of each is discarded.

Target: the huge ticket's median peak <= 1.5x the example's.
"""

from __future__ import annotations

import argparse
import sys

from bench_first_paint import FIRST_MESSAGE_HEAD
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


def peak_rss(base_url: str, ticket_id: str, size: tuple[int, int]) -> float:
    """MiB: the peak resident set of a ticketview process that opened ``ticket_id``."""
    argv = ticketview_command() + [ticket_id, "--base-url", base_url]
    with Terminal(argv, env=app_env(), size=size) as terminal:
        terminal.wait_for(FIRST_MESSAGE_HEAD[ticket_id], timeout=60)
        terminal.wait_quiet(1.0)
        return terminal.peak_rss_mib()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    size = (120, 40)
    server = demo_server()
    huge = Sample("memory.peak_rss.huge_10000_messages", unit="MiB")
    example = Sample("memory.peak_rss.example_2_messages", unit="MiB")
    try:
        for round_ in range(args.repeats + 1):
            for ticket_id, sample in ((EXAMPLE_ID, example), (HUGE_ID, huge)):
                value = peak_rss(server.base_url, ticket_id, size)
                if round_:  # round 0 is the warm-up
                    sample.values.append(value)
    finally:
        server.stop()
    print(huge.line())
    print(example.line())
    print(f"memory.extra_for_huge: {huge.median - example.median:.1f} MiB")
    return finish([ratio_verdict("memory.ratio", huge, example, 1.5)])


if __name__ == "__main__":
    sys.exit(main())
