"""The queue's columns: what each shows, how wide it is, which go first when space runs out, and
how rows sort by each.

Plain functions over ``TicketSummary`` rows; the table widget draws what these return. Every cell
is made safe with ``clean_line`` here, so the widget only pads and colours.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len

from app.core.text.formatting import age_of, category_label, parse_time, priority_label, status_label
from app.core.text.safe_text import clean_line, is_plain_ascii

if TYPE_CHECKING:
    from app.core.api.list_models import TicketSummary

GAP = 2
"""Blank cells between two columns."""
GUTTER = 2
"""Cells before the first column: a mark for new or updated rows, then a space."""
TITLE_MIN = 22
TITLE_SHARE = 0.3
"""The title keeps at least this share of the table: other columns drop out first."""
NARROW = 60
NARROW_TITLE_SHARE = 0.5
"""Beside a ticket, or on a narrow terminal, the title keeps half the table: titles are what the agent reads."""
ARROWS = {False: "▲", True: "▼"}
"""The header's sign of the sort direction (``True``: descending)."""
STATUS_ORDER = {"open": 0, "in_progress": 1, "pending": 2, "resolved": 3, "closed": 4}
PRIORITY_ORDER = {"low": 0, "medium": 1, "high": 2, "urgent": 3}


@dataclass(frozen=True)
class Column:
    """One column of the queue."""

    key: str
    label: str
    width: int
    """Fixed width, or the most a width measured from the rows may take; 0 for the title."""
    drop_order: int
    """When the table is too narrow, columns with the highest number are dropped first."""
    descending_first: bool = False
    """Sorting on this column starts with the highest value (most urgent first)."""
    measured: bool = False
    """The width is measured from the rows loaded (up to ``width``)."""
    align_right: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("id", "ID", 24, drop_order=6, measured=True),
    Column("title", "Title", 0, drop_order=0),
    Column("status", "Status", 13, drop_order=1, measured=True),
    Column("priority", "Priority", 10, drop_order=2, descending_first=True, measured=True),
    Column("category", "Category", 15, drop_order=5, measured=True),
    Column("assignee", "Assignee", 16, drop_order=4, measured=True),
    Column("updated", "Age", 9, drop_order=3, measured=True, align_right=True),
)
BY_KEY = {column.key: column for column in COLUMNS}
DEFAULT_SORT: tuple[str | None, bool] = (None, False)
"""No sort of our own: the API's order, page after page (``None``), ascending."""


def _updated(item: TicketSummary) -> str | None:
    return item.updated_at or item.created_at


def cell(column: str, item: TicketSummary, now: datetime) -> tuple[str, str]:
    """The text of one cell (made safe) and the name of its style (``""``: the row's)."""
    if column == "id":  # a look-alike ID (full-width digits, Cyrillic letters) is marked
        return (clean_line(item.id), "muted") if is_plain_ascii(item.id) else (f"⚠ {clean_line(item.id)}", "unknown")
    if column == "title":
        return (clean_line(item.title), "") if item.title else ("(no title)", "muted")
    if column == "status":
        symbol, words = status_label(item.status)
        key = (item.status or "").strip().lower()
        return f"{symbol} {words}", f"status-{key}" if key in STATUS_ORDER else "unknown"
    if column == "priority":
        symbol, words = priority_label(item.priority)
        key = (item.priority or "").strip().lower()
        return f"{symbol} {words}", f"priority-{key}" if key in PRIORITY_ORDER else "unknown"
    if column == "category":
        return category_label(item.category), ""
    if column == "assignee":
        return (clean_line(item.assigned_to), "") if item.assigned_to else ("unassigned", "muted")
    if column == "updated":
        return age_of(_updated(item), now), "muted"
    raise KeyError(column)


Cells = tuple[tuple[str, str], ...]
"""A row's cells, one ``(text, style name)`` per column of ``COLUMNS``, in order."""


def row_cells(item: TicketSummary, now: datetime) -> Cells:
    """Every cell of a row, worked out once so that drawing it only pads and colours."""
    return tuple(cell(column.key, item, now) for column in COLUMNS)


def measure(rows: Sequence[Cells]) -> dict[str, int]:
    """The width each measured column needs for ``rows`` (at least its label and sort arrow)."""
    widths = {}
    for index, column in enumerate(COLUMNS):
        if column.measured:
            needed = max((cell_len(cells[index][0]) for cells in rows), default=0)
            widths[column.key] = min(column.width, max(needed, len(column.label) + 2))
    return widths


def fit(width: int, measured: dict[str, int]) -> list[tuple[Column, int]]:
    """The columns that fit in ``width`` cells with their widths; the title takes what is left.

    The title keeps at least ``TITLE_SHARE`` of the width (half of a narrow table, and at least
    ``TITLE_MIN`` cells): the least useful columns drop out before titles are cut to a few words.
    """
    columns = list(COLUMNS)
    title_min = max(TITLE_MIN, int(width * (NARROW_TITLE_SHARE if width < NARROW else TITLE_SHARE)))

    def fixed(column: Column) -> int:
        return measured.get(column.key, column.width)

    def needed(shown: list[Column]) -> int:
        return GUTTER + sum(fixed(c) for c in shown if c.key != "title") + title_min + GAP * (len(shown) - 1)

    while needed(columns) > width and len(columns) > 1:
        columns.remove(max(columns, key=lambda column: column.drop_order))
    title = max(1, width - needed(columns) + title_min)
    return [(column, title if column.key == "title" else fixed(column)) for column in columns]


def _sort_key(column: str) -> Callable[[TicketSummary], Any]:
    if column == "id":
        return lambda item: item.id
    if column == "title":
        return lambda item: clean_line(item.title).casefold() if item.title else None
    if column == "status":
        return lambda item: STATUS_ORDER.get((item.status or "").lower(), len(STATUS_ORDER)) if item.status else None
    if column == "priority":
        return lambda item: PRIORITY_ORDER.get((item.priority or "").lower(), -1) if item.priority else None
    if column == "category":
        return lambda item: category_label(item.category).casefold() if item.category else None
    if column == "assignee":
        return lambda item: clean_line(item.assigned_to).casefold() if item.assigned_to else None
    if column == "updated":  # by age: the most recently updated is the youngest
        return lambda item: -moment.timestamp() if (moment := parse_time(_updated(item))) else None
    raise KeyError(column)


def sort_rows(items: Sequence[TicketSummary], column: str | None, descending: bool) -> list[TicketSummary]:
    """``items`` ordered by ``column`` (``None``: as they came); rows without a value last either way,
    ties as they came."""
    if column is None:
        return list(items)
    key = _sort_key(column)
    keyed = [(key(item), item) for item in items]
    present = [pair for pair in keyed if pair[0] is not None]
    present.sort(key=lambda pair: pair[0], reverse=descending)
    return [item for _, item in present] + [item for value, item in keyed if value is None]
