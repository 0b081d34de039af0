"""``ticketview --queue --json|--markdown|--csv``: print the queue's tickets for scripts.

All or nothing: the pages are gathered first and printed once they all arrived, so a failure part
of the way (page 3 of 12) prints nothing on stdout, only why on stderr, with the failure's exit
code. A script never takes a part of the list for the whole; running the command again is the fix.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Literal

from app.commands.common import api_client, report
from app.commands.progress import ProgressLine

if TYPE_CHECKING:
    from app.core.api.paging import Listing
    from app.core.api.retry import RetryNotice
    from app.core.api.ticket_filters import TicketFilters
    from app.core.config.settings import Settings

Output = Literal["json", "markdown", "csv"]
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
OFFLINE_PROBLEM = (
    "--offline lists nothing: the cache keeps tickets, not the queue's lists "
    "(drop --offline, or print one cached ticket with: ticketview ID --offline --json)"
)


def print_queue(settings: Settings, filters: TicketFilters, *, output: Output, limit: int) -> int:
    """Print up to ``limit`` tickets (0: all) the queue would list, and return the exit code."""
    import asyncio

    from app.core.errors import TicketViewError

    if settings.offline:
        print(f"ticketview: error: {OFFLINE_PROBLEM}", file=sys.stderr)
        return EXIT_USAGE
    progress = ProgressLine(sys.stderr)
    reading = _Reading(progress, limit)
    try:
        listing = asyncio.run(reading.gather(settings, filters))
    except TicketViewError as error:
        progress.clear()
        code = report(error)
        if reading.listing is not None:
            print(f"Nothing was printed: {reading.how_far()}. Run the command again.", file=sys.stderr)
        return code
    except KeyboardInterrupt:
        progress.clear()
        print("ticketview: interrupted; nothing was printed.", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        progress.clear()
    written = _write(_render(listing, output, settings))
    for note in _notes(listing):
        print(f"ticketview: note: {note}", file=sys.stderr)
    return written


class _Reading:
    """Gathers the listing, keeping the progress line up to date and remembering how far it got."""

    def __init__(self, progress: ProgressLine, limit: int) -> None:
        self._progress = progress
        self._limit = limit
        self.listing: Listing | None = None
        """The listing so far (what arrived before a failure, too)."""
        self._pages = 0
        """Pages that arrived."""

    async def gather(self, settings: Settings, filters: TicketFilters) -> Listing:
        from app.core.api.paging import collect

        self._progress.start("Fetching tickets…")
        async with api_client(settings) as client:
            return await collect(client, filters, limit=self._limit, on_page=self._on_page, on_retry=self._on_retry)

    def _on_page(self, listing: Listing) -> None:
        self.listing, self._pages = listing, listing.requests
        self._progress.update(f"{self._fetched()}…")

    def _on_retry(self, notice: RetryNotice) -> None:
        retry = f"retry {notice.attempt - 1} of {notice.attempts - 1}"
        when = f" in {notice.wait:.0f} s" if notice.wait >= 1 else ""
        self._progress.update(f"{self._fetched()}… page {self._pages + 1}: {notice.reason}; {retry}{when}")

    def _fetched(self) -> str:
        if self.listing is None:
            return "Fetching tickets"
        from app.core.api.paging import wanted_count

        got = len(self.listing.items)
        expected = self.listing.expected(wanted_count(self._limit))
        return f"Fetched {got:,} of {expected:,} tickets" if expected is not None else f"Fetched {got:,} tickets"

    def how_far(self) -> str:
        """Where a failure struck, in words: ``page 3 failed after 100 of 600 tickets had arrived``."""
        listing = self.listing
        if listing is None:
            return "the first page failed"
        got = f"{len(listing.items):,} of {listing.total:,}" if listing.total is not None else f"{len(listing.items):,}"
        return f"page {self._pages + 1} failed after {got} tickets had arrived"


def _render(listing: Listing, output: Output, settings: Settings) -> str:
    from app.core.queue_export import to_csv, to_json_list, to_markdown_table

    if output == "json":
        return to_json_list(listing.items)  # the API's own timestamps
    if output == "csv":
        return to_csv(listing.items)
    from app.core.text.zones import zone_for

    return to_markdown_table(listing.items, zone_for(settings.timezone))  # times in the screen's zone


def _notes(listing: Listing) -> list[str]:
    """What a script's author should know about the list printed (on stderr, after it)."""
    from app.core.api.paging import MAX_LISTED, MAX_REQUESTS

    notes = []
    shown = len(listing.items)
    if listing.ceiling:
        more = f" of {listing.total:,}" if listing.total is not None else ""
        notes.append(
            f"printed {shown:,}{more} tickets: one listing makes at most {MAX_REQUESTS:,} requests and prints "
            f"at most {MAX_LISTED:,} tickets. Narrow it with --status, --priority or --category."
        )
    if listing.stopped_on_repeat:
        notes.append(
            f"page {listing.requests} listed only tickets printed already, though the server claimed more: "
            "listing stopped there."
        )
    elif listing.repeated:
        notes.append(
            f"{listing.repeated:,} tickets came on two pages (the list changed while it was read) and are printed "
            "once; a ticket may have moved past unseen."
        )
    if listing.skipped:
        notes.append(f"{listing.skipped:,} rows could not be read (no usable _id) and were left out.")
    return notes


def _write(text: str) -> int:
    """Put ``text`` on stdout as UTF-8; the exit code (0 also when the reader stopped early, as ``| head`` does)."""
    import os

    data = text.encode("utf-8", errors="replace")
    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            sys.stdout.flush()
            buffer.write(data)
            buffer.flush()
    except BrokenPipeError:
        # The reader has all it wanted. Point stdout at nowhere, so Python's flush at exit stays quiet.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
    return 0
