"""A picture drawn with coloured half-blocks: each cell shows two pixels, ``▀`` in the upper one's
colour on the lower one's. Works in every terminal, in tmux, in a browser and in snapshot tests.

Lines are built only when they come into view (a zoomed picture can be thousands of cells wide and
hundreds of lines high), and only the last ``ROW_CACHE`` lines built are kept. The picture sits in
the middle of the pane when it is smaller than the pane, and scrolls with the keys when larger.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from rich.color import Color, ColorType
from rich.color_triplet import ColorTriplet
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

if TYPE_CHECKING:
    from PIL.Image import Image

UPPER_HALF = "▀"
ROW_CACHE = 256
"""Built lines kept (a screenful is under 100)."""
STYLE_CACHE = 65_536
"""Colour pairs kept before the cache starts again."""


def _color(rgb: bytes) -> Color:
    """The truecolour for three bytes, made directly: a photo's picture has a new colour in nearly every
    cell, and this is where drawing its first screen spends most of its time (Rich's ``from_rgb``
    and ``Style()`` take twice as long)."""
    return Color("#" + rgb.hex(), ColorType.TRUECOLOR, None, ColorTriplet(rgb[0], rgb[1], rgb[2]))


class HalfBlockCanvas(ScrollView, can_focus=True):
    """A picture of ``columns`` × ``rows`` cells from an RGB image of ``columns`` × ``2 * rows`` pixels."""

    DEFAULT_CSS = """
    HalfBlockCanvas {
        width: 1fr;
        height: 1fr;
        scrollbar-size: 1 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._pixels = b""
        self._columns = 0
        self._rows = 0
        self._short_last = False
        """The picture's height in pixels is odd: its last line's lower halves are background."""
        self._lines: OrderedDict[int, Strip] = OrderedDict()
        self._styles: dict[tuple[bytes, bytes | None], Style] = {}

    @property
    def picture_size(self) -> Size:
        """The picture's size in cells."""
        return Size(self._columns, self._rows)

    def show(self, picture: Image) -> None:
        """Draw ``picture`` (RGB; two pixel rows per cell line), keeping the scroll where it can."""
        width, height = picture.size
        self._pixels = picture.tobytes()
        self._columns = width
        self._rows = (height + 1) // 2
        self._short_last = height % 2 == 1
        self._lines.clear()
        self.virtual_size = Size(self._columns, self._rows)
        self.refresh()

    def _style(self, upper: bytes, lower: bytes | None) -> Style:
        key = (upper, lower)
        style = self._styles.get(key)
        if style is None:
            if len(self._styles) >= STYLE_CACHE:
                self._styles.clear()
            background = _color(lower) if lower is not None else None
            style = self._styles[key] = Style.from_color(_color(upper), background)
        return style

    def _line(self, row: int) -> Strip:
        """Picture line ``row`` as a strip of ``self._columns`` cells (built once, then kept a while)."""
        strip = self._lines.get(row)
        if strip is not None:
            self._lines.move_to_end(row)
            return strip
        stride = self._columns * 3
        upper = self._pixels[2 * row * stride : (2 * row + 1) * stride]
        last = self._short_last and row == self._rows - 1
        lower = None if last else self._pixels[(2 * row + 1) * stride : (2 * row + 2) * stride]
        segments: list[Segment] = []
        run = 0
        previous: tuple[bytes, bytes | None] | None = None
        for start in range(0, stride, 3):
            pair = (upper[start : start + 3], lower[start : start + 3] if lower is not None else None)
            if pair == previous:
                run += 1
                continue
            if previous is not None:
                segments.append(Segment(UPPER_HALF * run, self._style(*previous)))
            previous, run = pair, 1
        if previous is not None:
            segments.append(Segment(UPPER_HALF * run, self._style(*previous)))
        strip = Strip(segments, self._columns)
        self._lines[row] = strip
        if len(self._lines) > ROW_CACHE:
            self._lines.popitem(last=False)
        return strip

    def render_line(self, y: int) -> Strip:
        width, height = self.scrollable_content_region.size
        blank = self.rich_style
        left = max(0, (width - self._columns) // 2)
        top = max(0, (height - self._rows) // 2)
        scroll_x, scroll_y = self.scroll_offset
        row = y + scroll_y - top
        if not self._columns or not 0 <= row < self._rows:
            return Strip.blank(width, blank)
        line = self._line(row).crop(scroll_x, scroll_x + width - left)
        if left:
            line = Strip.join([Strip.blank(left, blank), line])
        return line.extend_cell_length(width, blank)
