"""The line under the queue's tabs: the filters beyond status, how many rows are loaded of how
many, the order they are in, and anything that went wrong with paging. Plain text, no Textual."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.api.ticket_filters import TicketFilters
from app.core.text.formatting import category_label, priority_label
from widgets.queue.queue_columns import ARROWS, BY_KEY


@dataclass(frozen=True)
class QueueState:
    """What the info line says something about."""

    filters: TicketFilters
    loaded: int
    total: int | None
    sort_column: str | None
    """``None``: the API's order."""
    descending: bool = False
    loading: bool = False
    """A new list (filters, refresh) is on its way."""
    loading_more: bool = False
    failed: bool = False
    auto_refresh: float | None = None
    repeated: bool = False
    skipped: int = 0


def sort_words(column: str | None, descending: bool) -> str:
    """``in the API's order``, or ``sorted by age ▲``."""
    if column is None:
        return "in the API's order"
    label = BY_KEY[column].label
    return f"sorted by {label if label.isupper() else label.lower()} {ARROWS[descending]}"


def info_text(state: QueueState) -> str:
    """The info line: ``Urgent priority · sorted by age ▲ · 50 of 137 loaded · auto-refresh 60 s``.

    A sort of our own is said first while more rows are still to come: it orders only those loaded.
    """
    parts = []
    if state.filters.priority:
        parts.append(f"{priority_label(state.filters.priority)[1]} priority")
    if state.filters.category:
        parts.append(category_label(state.filters.category))
    partial = not state.failed and state.total is not None and state.loaded < state.total
    sort = sort_words(state.sort_column, state.descending)
    if state.sort_column is not None and partial:
        parts.append(sort)
    if state.loading:
        parts.append("loading…")
    elif state.failed:
        parts.append("not loaded")
    elif partial:
        parts.append(f"{state.loaded:,} of {state.total:,} loaded" + (" · loading more…" if state.loading_more else ""))
    else:
        parts.append(f"{state.loaded:,} ticket{'s' if state.loaded != 1 else ''}")
    if state.sort_column is None or not partial:
        parts.append(sort)
    if state.auto_refresh is not None:
        parts.append(f"auto-refresh {state.auto_refresh:g} s")
    if state.repeated:
        parts.append("the server repeated a page: paging stopped (r reloads)")
    if state.skipped:
        parts.append(f"{state.skipped:,} unreadable row{'s' if state.skipped != 1 else ''} left out")
    return " · ".join(parts)
