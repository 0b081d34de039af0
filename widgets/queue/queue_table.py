"""The queue's table: one row per ticket, a fixed header, a cursor, sortable by any column.

A line-API widget: it draws only the rows on screen, each once until something changes, so a
queue of 5,000 tickets scrolls like one of 20. Columns drop out, least useful first, when the
table is narrow (see ``queue_columns``). Rows come from the queue pane; the table only shows them
and says what the agent did (``CursorMoved``, ``Chosen``, ``SortChanged``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from widgets.queue.queue_columns import (
    ARROWS,
    BY_KEY,
    COLUMNS,
    DEFAULT_SORT,
    GAP,
    GUTTER,
    Cells,
    Column,
    fit,
    measure,
    row_cells,
    sort_rows,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from app.core.api.list_models import TicketSummary

MARKS = {"new": "●", "updated": "◆"}
"""The gutter's sign for a row that is new, or changed, since the list was last loaded."""
CACHE_SIZE = 400


def _clip(text: str, width: int, right: bool = False) -> str:
    """``text`` in exactly ``width`` cells: cut with an ellipsis, or padded (on the left if ``right``)."""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…" if width > 0 else ""
    padding = " " * (width - length)
    return padding + text if right else text + padding


class QueueTable(ScrollView, can_focus=True):
    """The rows of the queue, drawn a screen at a time."""

    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False, id="queue.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="queue.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="queue.page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="queue.page-down"),
        Binding("home,g", "jump(0)", "First", show=False, id="queue.first"),
        Binding("end,G", "jump(-1)", "Last", show=False, id="queue.last"),
        Binding("enter", "choose", "Open", id="queue.open"),
    ]

    COMPONENT_CLASSES = {
        "queue-table--header",
        "queue-table--cursor",
        "queue-table--cursor-blurred",
        "queue-table--muted",
        "queue-table--mark",
        "queue-table--unknown",
        "queue-table--status-open",
        "queue-table--status-pending",
        "queue-table--status-in_progress",
        "queue-table--status-resolved",
        "queue-table--status-closed",
        "queue-table--priority-low",
        "queue-table--priority-medium",
        "queue-table--priority-high",
        "queue-table--priority-urgent",
    }

    DEFAULT_CSS = """
    QueueTable {
        height: 1fr;
        overflow-y: scroll;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        background: $surface;
        & > .queue-table--header { background: $panel; color: $text; text-style: bold; }
        & > .queue-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
        & > .queue-table--cursor-blurred { background: $block-cursor-blurred-background; color: $foreground; }
        & > .queue-table--muted { color: $text-muted; }
        & > .queue-table--mark { color: $text-accent; text-style: bold; }
        & > .queue-table--unknown { color: $foreground; }
        & > .queue-table--status-open { color: $text-warning; }
        & > .queue-table--status-pending { color: $text-accent; }
        & > .queue-table--status-in_progress { color: $text-primary; }
        & > .queue-table--status-resolved { color: $text-success; }
        & > .queue-table--status-closed { color: $text-muted; }
        & > .queue-table--priority-low { color: $text-muted; }
        & > .queue-table--priority-medium { color: $text-primary; }
        & > .queue-table--priority-high { color: $text-warning; }
        & > .queue-table--priority-urgent { color: $text-error; text-style: bold; }
    }
    """

    class CursorMoved(Message):
        """The cursor is on another row (or the rows changed under it)."""

        def __init__(self, index: int, item: TicketSummary | None) -> None:
            super().__init__()
            self.index = index
            self.item = item

    class Chosen(Message):
        """The agent asked to open the row under the cursor."""

        def __init__(self, item: TicketSummary) -> None:
            super().__init__()
            self.item = item

    class SortChanged(Message):
        """The rows are now sorted by another column or direction."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[TicketSummary] = []
        """The rows in the order loaded."""
        self._rows: list[TicketSummary] = []
        """The rows as drawn (sorted)."""
        self._marks: dict[str, str] = {}
        self._cursor = 0
        self._now = datetime.now(UTC)
        self.sort_column, self.sort_descending = DEFAULT_SORT
        """The column the loaded rows are sorted by (``None``: the API's order) and its direction."""
        self._cells: dict[str, Cells] = {}
        """Each row's cells by ticket ID, worked out when the row arrives."""
        self._measured: dict[str, int] = {}
        self._layout: list[tuple[int, Column, int]] = []
        self._layout_width = -1
        self._cache: dict[int, Strip] = {}
        self._styles: dict[str, Style] = {}

    # --- rows -----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many rows the table holds."""
        return len(self._rows)

    @property
    def cursor(self) -> int:
        """The index of the row under the cursor (as drawn)."""
        return self._cursor

    @property
    def selected(self) -> TicketSummary | None:
        """The ticket under the cursor, if any."""
        return self._rows[self._cursor] if self._rows else None

    @property
    def rows(self) -> Sequence[TicketSummary]:
        """The rows in the order drawn."""
        return self._rows

    @property
    def marks(self) -> dict[str, str]:
        """Rows marked ``new`` or ``updated`` by ticket ID, until the cursor visits them."""
        return dict(self._marks)

    def set_rows(
        self,
        items: Sequence[TicketSummary],
        now: datetime,
        *,
        keep: str | None = None,
        marks: dict[str, str] | None = None,
    ) -> None:
        """Show ``items`` (ages relative to ``now``), the cursor on ticket ``keep`` if still there."""
        keep = keep if keep is not None else (self.selected.id if self.selected else None)
        self._items = list(items)
        self._now = now
        self._marks = dict(marks or {})
        self._cells = {item.id: row_cells(item, now) for item in self._items}
        self._measured = measure(list(self._cells.values()))
        self._resort(keep, fallback=self._cursor)

    def add_rows(self, items: Sequence[TicketSummary]) -> None:
        """Add another page of rows, keeping the cursor on its ticket."""
        self._items.extend(items)
        added = {item.id: row_cells(item, self._now) for item in items}
        self._cells.update(added)
        widths = measure(list(added.values()))
        self._measured = {key: max(width, self._measured.get(key, 0)) for key, width in widths.items()}
        self._resort(self.selected.id if self.selected else None, fallback=self._cursor)

    def sort_by(self, column: str | None, descending: bool | None = None) -> None:
        """Sort by ``column`` (``None``: the API's order): descending as given, else that column's
        natural first direction."""
        if descending is None:
            descending = BY_KEY[column].descending_first if column is not None else False
        self.sort_column, self.sort_descending = column, descending
        self._resort(self.selected.id if self.selected else None, fallback=0)
        self.post_message(self.SortChanged())

    def select_id(self, ticket_id: str) -> bool:
        """Put the cursor on ticket ``ticket_id`` if it is loaded; whether it was."""
        for index, item in enumerate(self._rows):
            if item.id == ticket_id:
                self.move_cursor(index)
                return True
        return False

    def _resort(self, keep: str | None, fallback: int) -> None:
        """Order the rows again, the cursor on ticket ``keep`` (else row ``fallback``).

        The cursor's ticket keeps its line on screen: rows that arrive above it push the rows
        above it up, not the row the agent is reading down.
        """
        line = self._cursor - int(self.scroll_y)
        self._rows = sort_rows(self._items, self.sort_column, self.sort_descending)
        self._layout_width = -1
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self._rows) + 1)
        index = next((i for i, item in enumerate(self._rows) if item.id == keep), None) if keep else None
        if index is not None and 0 <= line < self.scrollable_content_region.height - 1:
            self.scroll_to(y=max(0, index - line), animate=False, immediate=True)
        self._cursor = -1  # so that move_cursor always reports
        self.move_cursor(fallback if index is None else index, seen=False)
        self.refresh()

    # --- the cursor -----------------------------------------------------------------------

    def move_cursor(self, index: int, *, seen: bool = True) -> None:
        """Put the cursor on row ``index`` (clamped) and scroll it into view; ``seen`` clears its mark."""
        index = max(0, min(index, len(self._rows) - 1)) if self._rows else 0
        old, self._cursor = self._cursor, index
        visible = self.scrollable_content_region.height - 1
        top = int(self.scroll_y)
        if visible < 1:
            pass  # hidden (the ticket has the screen): scrolled into view when shown again
        elif index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + visible:
            self.scroll_to(y=index - visible + 1, animate=False, immediate=True)
        if old != index:
            if seen and self._rows:
                self._marks.pop(self._rows[index].id, None)
            for row in (old, index):
                self._cache.pop(row, None)
                self.refresh_line(row + 1)
            self.post_message(self.CursorMoved(index, self.selected))

    def action_move(self, step: int) -> None:
        self.move_cursor(self._cursor + step)

    def action_page(self, step: int) -> None:
        """Scroll a screen of rows, the cursor moving with them (it keeps its place on screen)."""
        page = max(1, self.scrollable_content_region.height - 2)
        self.scroll_to(y=self.scroll_y + step * page, animate=False, immediate=True)
        self.move_cursor(self._cursor + step * page)

    def action_jump(self, index: int) -> None:
        self.move_cursor(index if index >= 0 else len(self._rows) - 1)

    def action_choose(self) -> None:
        if self.selected is not None:
            self.post_message(self.Chosen(self.selected))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            column = self._column_at(event.x)
            if column is not None:
                same = column.key == self.sort_column
                self.sort_by(column.key, not self.sort_descending if same else None)
            return
        index = int(self.scroll_y) + event.y - 1
        if 0 <= index < len(self._rows):
            if index == self._cursor or event.chain > 1:
                self.move_cursor(index)
                self.action_choose()
            else:
                self.move_cursor(index)

    def _column_at(self, x: int) -> Column | None:
        left = GUTTER
        for _, column, width in self._columns():
            if left <= x < left + width + GAP:
                return column
            left += width + GAP
        return None

    # --- drawing --------------------------------------------------------------------------

    def _columns(self) -> list[tuple[int, Column, int]]:
        """The columns shown at this width: index in ``COLUMNS``, column, width."""
        width = self.scrollable_content_region.width
        if width != self._layout_width:
            self._layout = [(COLUMNS.index(column), column, cells) for column, cells in fit(width, self._measured)]
            self._layout_width = width
            self._cache.clear()
        return self._layout

    def _style(self, name: str) -> Style:
        """The table's base style with component ``name`` over it (``""``: the base), looked up once."""
        style = self._styles.get(name)
        if style is None:
            base = self._styles.get("") or self._styles.setdefault("", self.rich_style)
            if name:
                base = base + self.get_component_rich_style(f"queue-table--{name}", partial=True)
            style = self._styles[name] = base
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    def on_focus(self) -> None:
        self._redraw_cursor()

    def on_blur(self) -> None:
        self._redraw_cursor()

    def _redraw_cursor(self) -> None:
        self._cache.pop(self._cursor, None)
        self.refresh_line(self._cursor + 1)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows) + 1)
        self.move_cursor(self._cursor)

    def _header(self, width: int) -> Strip:
        parts = [" " * GUTTER]
        for number, (_, column, cells) in enumerate(self._columns()):
            label = column.label
            if column.key == self.sort_column:
                label += " " + ARROWS[self.sort_descending]
            parts.append(("" if number == 0 else " " * GAP) + _clip(label, cells, column.align_right))
        return Strip([Segment(set_cell_size("".join(parts), width), self._style("header"))], width)

    def _row(self, index: int, width: int) -> Strip:
        item = self._rows[index]
        style = self._style
        cursor = None
        if index == self._cursor:
            cursor = style("cursor" if self.has_focus else "cursor-blurred")
        base = cursor or style("")
        mark = self._marks.get(item.id)
        # Runs of one style are drawn as one segment: fewer segments, less work per frame.
        runs: list[tuple[str, Style]] = [(MARKS[mark] + " " if mark else " " * GUTTER, cursor or style("mark"))]
        used = GUTTER
        row = self._cells[item.id]
        for number, (position, column, cells) in enumerate(self._columns()):
            text, style_name = row[position]
            text = _clip(text, cells, column.align_right)
            if number:
                text = " " * GAP + text if cursor or not style_name else text
                used += GAP
                if not (cursor or not style_name):
                    runs.append((" " * GAP, base))
            used += cells
            cell_style = cursor or style(style_name)
            if runs[-1][1] is cell_style:
                runs[-1] = (runs[-1][0] + text, cell_style)
            else:
                runs.append((text, cell_style))
        if used < width:
            runs.append((" " * (width - used), base))
        segments = [Segment(text, run_style) for text, run_style in runs]
        return Strip(segments, width) if used <= width else Strip(segments).crop(0, width)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        self._columns()
        if y == 0:
            return self._header(width)
        index = int(self.scroll_y) + y - 1
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, self._style(""))
        strip = self._cache.get(index)
        if strip is None:
            strip = self._row(index, width)
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[index] = strip
        return strip
