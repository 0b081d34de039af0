"""``ticketview --queue --json|--markdown|--csv``: print the queue's tickets for scripts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from app.core.api.ticket_filters import TicketFilters
    from app.core.config.settings import Settings


def print_queue(
    settings: Settings, filters: TicketFilters, *, output: Literal["json", "markdown", "csv"], limit: int
) -> int:
    """Print up to ``limit`` tickets (0: all) the queue would list, and return the exit code."""
    raise NotImplementedError("being written")
