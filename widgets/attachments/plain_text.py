"""Long untrusted text (a description, a resolution), wrapped fast and drawn line by line.

A ``Static`` re-wraps its whole text on every layout, which takes seconds for a megabyte; this
widget wraps once per width with the conversation's fast wrapper and draws only visible lines.
"""

from __future__ import annotations

from rich.cells import set_cell_size
from rich.segment import Segment
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from app.core.text.safe_text import clean
from widgets.conversation.text_wrap import wrap


class PlainText(Widget):
    """Plain text, never markup, wrapped to the widget's width."""

    COMPONENT_CLASSES = {"plain-text--empty"}

    DEFAULT_CSS = """
    PlainText {
        height: auto;
        & > .plain-text--empty { color: $text-muted; text-style: italic; }
    }
    """

    def __init__(self, *, empty: str = "", id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = ""
        self._empty = empty
        self._wrapped: tuple[int, list[str]] = (-1, [])

    @property
    def text(self) -> str:
        """The text shown, after cleaning."""
        return self._text

    def update(self, text: str | None) -> None:
        """Show ``text`` (untrusted; cleaned here)."""
        self._text = clean(text)
        self._wrapped = (-1, [])
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[str]:
        if self._wrapped[0] != width:
            self._wrapped = (width, wrap(self._text or self._empty, max(1, width)))
        return self._wrapped[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self._lines(width)
        text = lines[y] if y < len(lines) else ""
        style = self.rich_style if self._text else self.get_component_rich_style("plain-text--empty")
        return Strip([Segment(set_cell_size(text, width), style)], width)
