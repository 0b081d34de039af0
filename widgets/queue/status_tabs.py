"""The queue's status tabs: ``All 47 · Open 5 · In progress 2 · Pending 3 · ...`` from the API's
per-status counts; the current one is highlighted, and a click switches the status filter."""

from __future__ import annotations

from collections.abc import Mapping

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from app.core.text.formatting import status_label

ORDER = ("open", "in_progress", "pending", "resolved", "closed")
"""The tabs' order: the lifecycle, with pending (waiting on the client) beside in progress."""
SEPARATOR = "·"


def tab_statuses(counts: Mapping[str, int] | None, current: str | None) -> list[str | None]:
    """The tabs to show: All (``None``), the known statuses, then any others the server counted."""
    extra = [status for status in (counts or {}) if status not in ORDER]
    if current and current not in ORDER and current not in extra:
        extra.append(current)
    return [None, *ORDER, *extra]


class StatusTabs(Widget):
    """One line of tabs, one per status, each with its count when the API sent counts."""

    DEFAULT_CSS = """
    StatusTabs {
        height: 1;
        background: $panel;
        color: $text-muted;
    }
    """

    class Chosen(Message):
        """The agent clicked a tab: show tickets of ``status`` (``None``: all)."""

        def __init__(self, status: str | None) -> None:
            super().__init__()
            self.status = status

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._counts: dict[str, int] | None = None
        self._all: int | None = None
        self._current: str | None = None
        self._spans: list[tuple[int, int, str | None]] = []

    def show(self, counts: Mapping[str, int] | None, everything: int | None, current: str | None) -> None:
        """Show ``counts`` per status (``everything``: the All tab's number), ``current`` highlighted."""
        self._counts = dict(counts) if counts is not None else None
        self._all = everything
        self._current = current
        self.refresh()

    @property
    def statuses(self) -> list[str | None]:
        """The statuses of the tabs, in order (``None``: All)."""
        return tab_statuses(self._counts, self._current)

    def render(self) -> Content:
        # Narrower and narrower rather than cut off: closer together, then symbols for words
        # (but the current tab's).
        for separator, short in ((f" {SEPARATOR} ", False), (" ", False), (" ", True)):
            content = self._tabs(separator, short)
            if content.cell_length <= self.size.width:
                break
        return content

    def _tabs(self, separator: str, short: bool) -> Content:
        parts: list[str | tuple[str, str]] = [" "]
        spans = []
        position = 1
        for number, status in enumerate(self.statuses):
            if number:
                parts.append(separator)
                position += len(separator)
            symbol, words = status_label(status) if status is not None else ("", "All")
            if short and status is not None and status != self._current:
                words = symbol
            count = self._all if status is None else (self._counts or {}).get(status)
            text = words if count is None else f"{words} {count:,}"
            if status == self._current:
                text = f" {text} "
                parts.append((text, "bold $block-cursor-foreground on $block-cursor-background"))
            else:
                parts.append((text, "$text"))
            spans.append((position, position + cell_len(text), status))
            position += cell_len(text)
        self._spans = spans
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        for start, end, status in self._spans:
            if start <= event.x < end:
                self.post_message(self.Chosen(status))
                return
