"""Memory: peak RSS with the 10,000-message ticket open, vs with the example ticket open.

Both the paths an agent takes: the first time a ticket is opened (empty folders), and opening it
again later (the cached copy is shown at once while the fresh one loads). Each measurement is a
fresh ``ticketview TICKET_ID --base-url URL`` process in a pseudo-terminal
(120x40) against the real demo API on 127.0.0.1, which runs in this process, so the figure is the
app's alone (with ``--demo`` the server's copy of the body would count too). The benchmark waits
for the conversation's first message on screen, then for a second with nothing drawn (the
background layout of the huge ticket has finished), and reads the child's peak resident set
(``VmHWM`` in ``/proc/PID/status``) before quitting it with ctrl+q. Sides alternate; one warm-up
of each is discarded.

Target: the huge ticket's median peak <= 1.5x the example's, on both paths.
"""

from __future__ import annotations

import argparse
import sys
import tempfile

from bench_first_paint import FIRST_MESSAGE_HEAD
from common import (
    EXAMPLE_ID,
    HUGE_ID,
    Sample,
    Terminal,
    app_env,
    demo_server,
    finish,
    fresh_folders,
    ratio_verdict,
    ticketview_command,
)


def peak_rss(base_url: str, ticket_id: str, size: tuple[int, int], folders: dict[str, str]) -> float:
    """MiB: the peak resident set of a ticketview process that opened ``ticket_id``."""
    argv = ticketview_command() + [ticket_id, "--base-url", base_url]
    with Terminal(argv, env=app_env(**folders), size=size) as terminal:
        terminal.wait_for(FIRST_MESSAGE_HEAD[ticket_id], timeout=60)
        terminal.wait_quiet(1.0)
        return terminal.peak_rss_mib()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    size = (120, 40)
    server = demo_server()
    paths = ("first_open", "seen_before")
    samples = {
        (path, ticket_id): Sample(f"memory.peak_rss.{path}.{name}", unit="MiB")
        for path in paths
        for ticket_id, name in ((HUGE_ID, "huge_10000_messages"), (EXAMPLE_ID, "example_2_messages"))
    }
    try:
        for round_ in range(args.repeats + 1):
            for ticket_id in (EXAMPLE_ID, HUGE_ID):
                with tempfile.TemporaryDirectory(prefix="tv-bench-") as home:
                    folders = fresh_folders(home)
                    for path in paths:  # the same folders: the second run finds the first one's cache
                        value = peak_rss(server.base_url, ticket_id, size, folders)
                        if round_:  # round 0 is the warm-up
                            samples[path, ticket_id].values.append(value)
    finally:
        server.stop()
    verdicts = []
    for path in paths:
        huge, example = samples[path, HUGE_ID], samples[path, EXAMPLE_ID]
        print(huge.line())
        print(example.line())
        print(f"memory.extra_for_huge.{path}: {huge.median - example.median:.1f} MiB")
        verdicts.append(ratio_verdict(f"memory.ratio.{path}", huge, example, 1.5))
    return finish(verdicts)


if __name__ == "__main__":
    sys.exit(main())
