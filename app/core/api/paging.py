"""Following the ticket list page after page, within bounds that no server's answers can stretch.

The queue paces its requests with ``Pace``; ``collect`` gathers a whole listing for the command line
(``--queue --json``): in the API's order, each ticket once, up to a limit and a hard ceiling on
requests, stopping at an empty, short or repeated page. Nothing here imports Textual.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from app.core.api.ticket_filters import PAGE_SIZE, TicketFilters

if TYPE_CHECKING:
    from app.core.api.list_models import TicketPage, TicketSummary
    from app.core.api.retry import RetryNotice

MIN_REQUEST_INTERVAL = 0.05
"""Seconds between two list requests at least: at most 20 a second, each carrying the token."""
MAX_REQUESTS = 2_000
"""List requests one listing makes at most, whatever the server claims (100,000 tickets at 50 a page)."""
MAX_LISTED = MAX_REQUESTS * PAGE_SIZE
"""Tickets one listing gathers at most: ``--limit 0`` (all) means all up to this."""


class Pace:
    """Keeps list requests at least ``MIN_REQUEST_INTERVAL`` apart, whatever a server's pages make the queue do."""

    def __init__(self, interval: float = MIN_REQUEST_INTERVAL) -> None:
        self._interval = interval
        self._last = float("-inf")

    async def wait(self) -> None:
        await asyncio.sleep(max(0.0, self._last + self._interval - time.monotonic()))
        self._last = time.monotonic()


class ListSource(Protocol):
    """What a listing needs of the API client: one page of the list."""

    async def list_tickets(
        self,
        filters: TicketFilters | None = None,
        *,
        page: int = 1,
        limit: int = PAGE_SIZE,
        on_retry: Callable[[RetryNotice], object] | None = None,
    ) -> TicketPage: ...


@dataclass
class Listing:
    """What ``collect`` gathered, and why it stopped where it did."""

    items: list[TicketSummary]
    """The tickets, in the API's order, each once."""
    requests: int = 0
    """Pages asked for."""
    total: int | None = None
    """Tickets matching the filters, as the server last said (``None``: it did not)."""
    skipped: int = 0
    """Rows left out because they could not be read."""
    repeated: int = 0
    """Rows left out because an earlier page had listed them already."""
    stopped_on_repeat: bool = False
    """A page held nothing new while the server claimed more: paging stopped there."""
    ceiling: bool = False
    """``MAX_REQUESTS`` or ``MAX_LISTED`` stopped the listing while the server claimed more."""

    def expected(self, wanted: int) -> int | None:
        """How many tickets this listing should end with, as far as the server has said."""
        return None if self.total is None else min(self.total, wanted)


def wanted_count(limit: int) -> int:
    """Tickets to gather for ``--limit`` (0: all), within the ceiling."""
    return MAX_LISTED if limit <= 0 else min(limit, MAX_LISTED)


async def collect(
    client: ListSource,
    filters: TicketFilters,
    *,
    limit: int,
    on_page: Callable[[Listing], object] | None = None,
    on_retry: Callable[[RetryNotice], object] | None = None,
    pace: Pace | None = None,
    max_requests: int | None = None,
) -> Listing:
    """Up to ``limit`` tickets (0: all) the list holds for ``filters``, page after page.

    Every page is asked for with the same size (page numbers count in that size), the first ``limit``
    rows at most. Paging stops at the limit, at a page that is empty, short or says it is the last,
    at a page whose rows were all listed already (a server that repeats itself), and after
    ``max_requests`` requests (default ``MAX_REQUESTS``). ``on_page`` hears of each page; errors are the client's typed ones.
    """
    wanted = wanted_count(limit)
    max_requests = MAX_REQUESTS if max_requests is None else max_requests
    size = min(PAGE_SIZE, wanted)
    pace = pace or Pace()
    listing = Listing(items=[])
    seen: set[str] = set()
    while len(listing.items) < wanted:
        if listing.requests >= max_requests:
            listing.ceiling = True  # the last page claimed more, or paging would have stopped
            return listing
        await pace.wait()
        listing.requests += 1
        page = await client.list_tickets(filters, page=listing.requests, limit=size, on_retry=on_retry)
        if page.total is not None:
            listing.total = page.total
        fresh = 0
        for item in page.items:
            if item.id in seen:
                listing.repeated += 1
                continue
            seen.add(item.id)
            fresh += 1
            if len(listing.items) < wanted:
                listing.items.append(item)
        if fresh or not page.items:  # a page repeated whole: its unreadable rows were counted already
            listing.skipped += page.skipped
        if on_page is not None:
            on_page(listing)
        short = len(page.items) + page.skipped < page.limit
        if not page.items or short or not page.has_more:
            return listing
        if not fresh:
            listing.stopped_on_repeat = True
            return listing
    # The wanted count is reached with more to come: the ceiling stopped it unless it was the limit asked.
    listing.ceiling = (limit <= 0 or limit > MAX_LISTED) and _claims_more(listing)
    return listing


def _claims_more(listing: Listing) -> bool:
    """Whether the server said (or may have) more tickets than the listing holds."""
    return listing.total is None or listing.total > len(listing.items)
