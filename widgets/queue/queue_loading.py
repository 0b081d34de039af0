"""Loading the queue's pages: what a request is, the client it goes through, and the pace of requests
(``Pace``, from the core, which the command line shares).

No Textual here: the queue pane runs ``fetch_pages`` in its worker and takes what it returns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from app.core.api.paging import MIN_REQUEST_INTERVAL, Pace
from app.core.api.ticket_filters import PAGE_SIZE, TicketFilters

if TYPE_CHECKING:
    from app.core.api.list_models import TicketPage, TicketSummary

__all__ = ["MIN_REQUEST_INTERVAL", "Pace", "PageSource", "QueueRequest", "fetch_pages", "row_changes"]


class PageSource(Protocol):
    """What the queue needs of the API client: one page of the list."""

    async def list_tickets(
        self, filters: TicketFilters, *, page: int, limit: int, count_by_status: bool
    ) -> TicketPage: ...


@dataclass(frozen=True, eq=False)
class QueueRequest:
    """Pages ``first``..``last`` of the list for ``filters``; compared by identity (the latest wins)."""

    filters: TicketFilters
    first: int
    last: int
    kind: str
    """``load`` (new filters: replaces the rows), ``refresh`` (reloads them) or ``more`` (adds a page)."""
    limit: int = PAGE_SIZE


async def fetch_pages(client: PageSource, request: QueueRequest, pace: Pace) -> list[TicketPage]:
    """Pages ``request.first``..``request.last`` (fewer when the list ends first)."""
    pages: list[TicketPage] = []
    for number in range(request.first, request.last + 1):
        await pace.wait()
        page = await client.list_tickets(request.filters, page=number, limit=request.limit, count_by_status=number == 1)
        pages.append(page)
        if not page.has_more:
            break
    return pages


def row_changes(before: Iterable[TicketSummary], after: Iterable[TicketSummary]) -> dict[str, str]:
    """Rows of ``after`` that are new, or whose update time changed, since ``before``."""
    previous = {item.id: item.updated_at for item in before}
    marks = {}
    for item in after:
        if item.id not in previous:
            marks[item.id] = "new"
        elif previous[item.id] != item.updated_at:
            marks[item.id] = "updated"
    return marks
