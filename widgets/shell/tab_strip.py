"""The row of open tabs under the ID bar, shown only while more than one tab is open.

Keyboard first (``ctrl+t``, ``ctrl+w``, ``ctrl+pageup``/``ctrl+pagedown``, ``{``/``}``,
``alt+1``-``alt+9``); a click on a tab also switches to it. One line, so it costs a single row at
80x24. Tab titles are ticket titles, written by anyone: drawn as plain text, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from app.core.text.safe_text import clean_line

MIN_TAB = 12
"""The fewest cells a tab's label shrinks to before tabs scroll off the end."""


class TabStrip(Static):
    """Numbered tab labels; the active one reversed and marked, so it never relies on colour."""

    DEFAULT_CSS = """
    TabStrip {
        height: 1;
        display: none;
        background: $panel;
        color: $text-muted;
        &.-several { display: block; }
    }
    """

    class Clicked(Message):
        """The agent clicked tab ``index``."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._titles: list[str] = []
        self._active = 0
        self._spans: list[tuple[int, int]] = []

    def show_tabs(self, titles: Sequence[str], active: int) -> None:
        """Show ``titles`` (one a tab) with tab ``active`` marked."""
        self._titles, self._active = [clean_line(title) for title in titles], active
        self.set_class(len(titles) > 1, "-several")
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        width = self.size.width or 80
        count = len(self._titles)
        if count < 2:
            self.update("")
            return
        each = max(MIN_TAB, width // count)
        first = 0
        if each * count > width:  # too many to fit: keep the active one in view
            first = max(0, min(self._active - (width // each) // 2, count - width // each))
        parts, spans, x = [], [], 0
        for index in range(first, count):
            number = f"{index + 1}" if index < 9 else "·"
            marker = "▸" if index == self._active else " "
            label = f"{marker}{number} {self._titles[index] or 'Untitled'}"
            if cell_len(label) > each - 1:  # cut short: say so, rather than end mid-word
                label = set_cell_size(label, each - 2) + "…"
            label = set_cell_size(label, each - 1) + " "
            if x + cell_len(label) > width:
                break
            style = "reverse bold" if index == self._active else "$text-muted"
            parts.append(Content.styled(label, style))
            spans.append((x, index))
            x += cell_len(label)
        self._spans = spans
        self.update(Content("").join(parts))

    def on_click(self, event: events.Click) -> None:
        for start, index in reversed(self._spans):
            if event.x >= start:
                self.post_message(self.Clicked(index))
                return
