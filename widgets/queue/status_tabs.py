"""The queue's status tabs: ``All 47 · Open 5 · In progress 2 · Pending 3 · ...`` from the API's
per-status counts; the current one is highlighted, and a click switches the status filter."""

from __future__ import annotations

from collections.abc import Mapping

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

from app.core.text.formatting import status_label

ORDER = ("open", "in_progress", "pending", "resolved", "closed")
"""The tabs' order: the lifecycle, with pending (waiting on the client) beside in progress."""
SEPARATOR = "·"
SHORT_WORDS = {"open": "Open", "in_progress": "In prog.", "pending": "Pend.", "resolved": "Resolv.", "closed": "Closed"}
"""Shorter words for a narrow strip: still words, never a symbol or colour alone."""
SHORT_LIMIT = 7
"""Characters of a status the server invented, on a narrow strip."""
CURRENT_STYLE = "bold $block-cursor-foreground on $block-cursor-background"
LAYOUTS = ((f" {SEPARATOR} ", False, 1), (" ", False, 1), (f" {SEPARATOR} ", False, 2), (" ", False, 2), (" ", True, 1))
"""Narrower and narrower rather than cut off: closer together, on two lines, then shorter words
(``separator``, ``short``, most lines); past the last, short words on two lines, cut."""

Tab = tuple[str, str | None]
"""A tab's text and its status (``None``: All)."""


def tab_statuses(counts: Mapping[str, int] | None, current: str | None) -> list[str | None]:
    """The tabs to show: All (``None``), the known statuses, then any others the server counted."""
    extra = [status for status in (counts or {}) if status not in ORDER]
    if current and current not in ORDER and current not in extra:
        extra.append(current)
    return [None, *ORDER, *extra]


def short_words(status: str) -> str:
    """A status in fewer characters, still in words: ``In prog.``, ``Pend.``."""
    if status in SHORT_WORDS:
        return SHORT_WORDS[status]
    words = status_label(status)[1]
    return words if len(words) <= SHORT_LIMIT else words[: SHORT_LIMIT - 1] + "."


def arrange(tabs: list[Tab], current: str | None, width: int) -> tuple[list[list[Tab]], str]:
    """The tabs on one or two lines that fit ``width`` cells, and the separator between them."""

    def lines(separator: str, short: bool, most: int) -> list[list[Tab]] | None:
        placed: list[list[Tab]] = [[]]
        used = 1  # the strip starts with a space
        for text, status in tabs:
            if short and status is not None and status != current:
                text = text.replace(status_label(status)[1], short_words(status), 1)
            if status == current:
                text = f" {text} "
            size = cell_len(text) + (len(separator) if placed[-1] else 0)
            if placed[-1] and used + size > width:
                placed.append([])
                used, size = 1, cell_len(text)
            placed[-1].append((text, status))
            used += size
        fits = all(1 + cell_len(separator.join(text for text, _ in line)) <= width for line in placed)
        return placed if len(placed) <= most and fits else None

    for separator, short, most in LAYOUTS:
        found = lines(separator, short, most)
        if found is not None:
            return found, separator
    narrowest = lines(" ", True, len(tabs)) or [tabs]
    return [narrowest[0], [tab for line in narrowest[1:] for tab in line]], " "


class StatusTabs(Widget):
    """One line of tabs (two on a narrow strip), one per status, each with its count when the API
    sent counts: always in words."""

    DEFAULT_CSS = """
    StatusTabs {
        height: auto;
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
        self._spans: list[tuple[int, int, int, str | None]] = []
        """Where each tab is drawn: line, first and last cell, status."""

    def show(self, counts: Mapping[str, int] | None, everything: int | None, current: str | None) -> None:
        """Show ``counts`` per status (``everything``: the All tab's number), ``current`` highlighted."""
        self._counts = dict(counts) if counts is not None else None
        self._all = everything
        self._current = current
        self.refresh(layout=True)

    @property
    def statuses(self) -> list[str | None]:
        """The statuses of the tabs, in order (``None``: All)."""
        return tab_statuses(self._counts, self._current)

    def _tabs(self) -> list[Tab]:
        tabs = []
        for status in self.statuses:
            words = status_label(status)[1] if status is not None else "All"
            count = self._all if status is None else (self._counts or {}).get(status)
            tabs.append((words if count is None else f"{words} {count:,}", status))
        return tabs

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(arrange(self._tabs(), self._current, width)[0])

    def render(self) -> Content:
        lines, separator = arrange(self._tabs(), self._current, self.size.width)
        drawn = []
        self._spans = []
        for row, line in enumerate(lines):
            parts: list[str | tuple[str, str]] = [" "]
            position = 1
            for number, (text, status) in enumerate(line):
                if number:
                    parts.append(separator)
                    position += len(separator)
                parts.append((text, CURRENT_STYLE if status == self._current else "$text"))
                self._spans.append((row, position, position + cell_len(text), status))
                position += cell_len(text)
            drawn.append(Content.assemble(*parts))
        return Content("\n").join(drawn)

    def on_click(self, event: events.Click) -> None:
        for row, start, end, status in self._spans:
            if row == event.y and start <= event.x < end:
                self.post_message(self.Chosen(status))
                return
