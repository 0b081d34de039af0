"""The queue's tickets for scripts: one JSON array, a Markdown table, or CSV for spreadsheets.

JSON keeps the API's field names and exact values (only escaped, so it is safe to print); Markdown
and CSV are made display-safe cell by cell (``app.core.text.safe_text``), and CSV cells that a
spreadsheet would run as a formula are defused. Nothing here imports Textual.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import tzinfo

from app.core.api.list_models import TicketSummary
from app.core.export import printable_json
from app.core.text.formatting import category_label, format_time, priority_label, status_label, text_or_dash
from app.core.text.markdown_text import inline
from app.core.text.safe_text import clean

CSV_FIELDS = (
    "_id",
    "title",
    "status",
    "priority",
    "category",
    "client",
    "assignedTo",
    "tags",
    "createdAt",
    "updatedAt",
)
"""The CSV's header row: the API's own field names, as in the JSON."""
CSV_LINE_END = "\r\n"
"""RFC 4180's record separator; every CSV reader (spreadsheets, ``csv``, pandas) takes it."""
CSV_CELL_LIMIT = 32_000
"""Characters of one CSV cell kept (spreadsheets hold 32,767 in a cell); a longer one ends in …."""
TAG_SEPARATOR = ", "
FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")
"""First characters that make a spreadsheet read a cell as a formula (OWASP's list, and the
full-width forms some spreadsheets fold into them)."""
MARKDOWN_COLUMNS = ("ID", "Title", "Status", "Priority", "Category", "Assignee", "Updated")


def to_json_list(items: Sequence[TicketSummary]) -> str:
    """The tickets as one indented JSON array with the API's field names, safe to print, newline-ended."""
    return printable_json([item.model_dump(mode="json", by_alias=True) for item in items]) + "\n"


# --- Markdown ------------------------------------------------------------------------------------


def _markdown_cell(text: str) -> str:
    """One display-safe line for a table cell, escaped so the text stays text: a pipe never splits
    the cell, a ``<tag>`` is never HTML, ``[a](b)`` never a link (``app.core.text.markdown_text``)."""
    return inline(text)


def _markdown_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_markdown_cell(cell) for cell in cells) + " |"


def to_markdown_table(items: Sequence[TicketSummary], zone: tzinfo) -> str:
    """The tickets as a Markdown table (one row each, in the given order), times in ``zone``."""
    lines = [_markdown_row(MARKDOWN_COLUMNS), "|" + "|".join("---" for _ in MARKDOWN_COLUMNS) + "|"]
    for item in items:
        lines.append(
            _markdown_row(
                (
                    text_or_dash(item.id),
                    text_or_dash(item.title),
                    " ".join(status_label(item.status)),
                    " ".join(priority_label(item.priority)),
                    category_label(item.category),
                    text_or_dash(item.assigned_to) if item.assigned_to else "Unassigned",
                    format_time(item.updated_at, relative=False, zone=zone),
                )
            )
        )
    return "\n".join(lines) + "\n"


# --- CSV -----------------------------------------------------------------------------------------


def csv_cell(value: str | None) -> str:
    """One CSV cell: display-safe (line breaks kept), bounded, and never a formula.

    A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (also after
    leading spaces) gets a ``'`` in front, as OWASP advises: spreadsheets then show it as text.
    """
    if not value:
        return ""
    text = clean(value)
    if len(text) > CSV_CELL_LIMIT:
        text = text[: CSV_CELL_LIMIT - 1] + "…"
    if value[0] in FORMULA_STARTS or text.lstrip()[:1] in FORMULA_STARTS:
        text = "'" + text
    return text


def _csv_values(item: TicketSummary) -> tuple[str | None, ...]:
    return (
        item.id,
        item.title,
        item.status,
        item.priority,
        item.category,
        item.client,
        item.assigned_to,
        TAG_SEPARATOR.join(item.tags),
        item.created_at,
        item.updated_at,
    )


def to_csv(items: Sequence[TicketSummary]) -> str:
    """The tickets as CSV: a header row of the API's field names, then one record each (RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=CSV_LINE_END)
    writer.writerow(CSV_FIELDS)
    for item in items:
        writer.writerow([csv_cell(value) for value in _csv_values(item)])
    return out.getvalue()
