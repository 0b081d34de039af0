"""The queue printed for scripts: a JSON array with the API's names, a Markdown table, spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from datetime import UTC, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.api.list_models import TicketSummary, parse_page
from app.core.queue_export import CSV_CELL_LIMIT, CSV_FIELDS, csv_cell, to_csv, to_json_list, to_markdown_table

UNSAFE = {"Cc", "Cf", "Cs", "Zl", "Zp"}
NASTY_TITLE = 'He said "refund", now\nline two, 50% off | =SUM(A1) [bold]x[/] \x1b]0;pwned\x07 \u202eexe.pdf'


def row(ticket_id: str = "T-1", title: str | None = "A ticket", **fields: Any) -> dict[str, Any]:
    """A list item as the API sends it."""
    item = {
        "_id": ticket_id,
        "title": title,
        "status": "in_progress",
        "priority": "high",
        "category": "feature_request",
        "client": "client_1",
        "assignedTo": "agent_1",
        "tags": ["api", "sdk"],
        "createdAt": "2024-11-20T09:00:00Z",
        "updatedAt": "2024-11-23T09:30:00Z",
    }
    item.update(fields)
    return item


def summaries(*rows: dict[str, Any]) -> list[TicketSummary]:
    """Rows read as the client reads a page of the list."""
    return parse_page(json.dumps({"data": list(rows)}).encode(), page=1, limit=50).items


def unsafe_chars(text: str, *, allowed: str = "\n") -> list[str]:
    return [char for char in text if char not in allowed and unicodedata.category(char) in UNSAFE]


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


# --- JSON ------------------------------------------------------------------------------------------


def test_json_is_one_array_of_the_items_with_the_apis_names_and_values() -> None:
    rows = [row("T-1"), row("T-2", "Second", tags=[], assignedTo=None)]
    text = to_json_list(summaries(*rows))
    assert json.loads(text) == rows
    assert text.startswith("[\n  {\n") and text.endswith("]\n")
    assert '"_id": "T-1"' in text and '"assignedTo"' in text and "assigned_to" not in text


def test_an_empty_list_is_an_empty_array() -> None:
    assert to_json_list([]) == "[]\n"


def test_json_keeps_the_order_given() -> None:
    ids = [f"T-{n}" for n in (3, 1, 2)]
    assert [item["_id"] for item in json.loads(to_json_list(summaries(*(row(i) for i in ids))))] == ids


def test_json_of_hostile_text_decodes_to_exactly_what_was_sent_yet_carries_no_control_character() -> None:
    title = NASTY_TITLE + "\x9b31m \u2028 \u200b \x7f"
    text = to_json_list(summaries(row("T-\x1b[2J", title)))
    assert unsafe_chars(text) == []
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    decoded = json.loads(text)[0]
    assert decoded["title"] == title and decoded["_id"] == "T-\x1b[2J"
    assert "[bold]x[/]" in text and 'He said \\"refund\\"' in text  # markup stays text; JSON escapes as JSON does


def test_json_keeps_readable_non_ascii_as_it_is() -> None:
    text = to_json_list(summaries(row(title="Reembolso de facturación 退款 שלום 😀")))
    assert "Reembolso de facturación 退款 שלום 😀" in text


# --- Markdown --------------------------------------------------------------------------------------


def test_markdown_is_a_table_with_a_header_and_one_row_per_ticket() -> None:
    text = to_markdown_table(summaries(row("T-1"), row("T-2", "Second", assignedTo=None)), UTC)
    lines = text.splitlines()
    assert lines[0] == "| ID | Title | Status | Priority | Category | Assignee | Updated |"
    assert lines[1] == "|---|---|---|---|---|---|---|"
    assert lines[2] == (
        "| T-1 | A ticket | ◑ In progress | ▲ High | Feature request | agent_1 | 2024-11-23 09:30 UTC |"
    )
    assert lines[3].startswith("| T-2 | Second |") and "| Unassigned |" in lines[3]
    assert len(lines) == 4 and text.endswith("\n")


def test_markdown_times_are_in_the_zone_given() -> None:
    bogota = timezone(timedelta(hours=-5))
    assert "2024-11-23 04:30 -05" in to_markdown_table(summaries(row()), bogota)


def test_markdown_cells_escape_pipes_and_newlines_and_stay_one_line() -> None:
    text = to_markdown_table(summaries(row("T|1", NASTY_TITLE)), UTC)
    lines = text.splitlines()
    assert len(lines) == 3
    assert len(re.split(r"(?<!\\)\|", lines[2])) == 7 + 2  # no pipe from the text split a cell
    assert lines[2].startswith("| T\\|1 | ")
    assert '"refund", now line two, 50% off \\| =SUM(A1)' in lines[2]
    assert unsafe_chars(text) == []
    assert "^\\[\\]0;pwned^G" in lines[2] and "\\<U+202E>exe.pdf" in lines[2]  # the < of a stand-in is escaped too
    assert re.search(r"(?<!\\)<", lines[2]) is None


def test_markdown_escapes_backslashes_and_html() -> None:
    line = to_markdown_table(summaries(row(title="a\\|b <img src=x onerror=alert(1)>")), UTC).splitlines()[2]
    assert "a\\\\\\|b \\<img src=x onerror=alert(1)>" in line


def test_markdown_shows_missing_and_unknown_values_in_words() -> None:
    item = row(title=None, status="escalated", priority=None, category=None, assignedTo=None, updatedAt="soon")
    line = to_markdown_table(summaries(item), UTC).splitlines()[2]
    assert line == "| T-1 | — | ? escalated | ? Unknown | — | Unassigned | soon |"


def test_markdown_bounds_a_huge_title() -> None:
    line = to_markdown_table(summaries(row(title="x" * 100_000)), UTC).splitlines()[2]
    assert len(line) < 700 and "more characters" in line


def test_markdown_of_no_tickets_is_the_header_alone() -> None:
    assert len(to_markdown_table([], UTC).splitlines()) == 2


# --- CSV -------------------------------------------------------------------------------------------


def test_csv_has_a_header_of_the_apis_names_and_one_record_per_ticket() -> None:
    text = to_csv(summaries(row("T-1"), row("T-2", "Second", tags=[], client=None)))
    records = read_csv(text)
    assert records[0] == list(CSV_FIELDS)
    assert records[1] == [
        "T-1",
        "A ticket",
        "in_progress",
        "high",
        "feature_request",
        "client_1",
        "agent_1",
        "api, sdk",
        "2024-11-20T09:00:00Z",
        "2024-11-23T09:30:00Z",
    ]
    assert records[2][:3] == ["T-2", "Second", "in_progress"] and records[2][5] == "" and records[2][7] == ""
    assert len(records) == 3


def test_csv_records_end_in_crlf_as_rfc_4180_says() -> None:
    text = to_csv(summaries(row()))
    assert text.count("\r\n") == 2 and text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")


def test_csv_quotes_quotes_commas_and_newlines_and_reads_back() -> None:
    title = 'He said "refund", now\nline two, 50% off'
    text = to_csv(summaries(row(title=title)))
    assert '"He said ""refund"", now\nline two, 50% off"' in text
    assert read_csv(text)[1][1] == title


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "＝", "  =", " @"])
def test_a_cell_a_spreadsheet_would_run_is_prefixed_with_a_quote(start: str) -> None:
    text = to_csv(summaries(row("T-1", start + 'HYPERLINK("http://evil","x")', tags=[start + "tag"])))
    record = read_csv(text)[1]
    assert record[1].startswith("'") and record[7].startswith("'")
    assert record[1][1:].lstrip().startswith(("=", "+", "-", "@", "^M", "＝")) or start == "\t"


def test_formula_guard_covers_every_column() -> None:
    item = row(
        "=1+1",
        "=cmd|' /C calc'!A0",
        tags=["=t"],
        status="+x",
        priority="-y",
        category="@z",
        client="=c",
        assignedTo="=a",
    )
    item.update(createdAt="=now()", updatedAt="-1")
    record = read_csv(to_csv(summaries(item)))[1]
    assert all(cell.startswith("'") for cell in record if cell)
    assert record[0] == "'=1+1"


def test_ordinary_cells_are_left_alone() -> None:
    for value in ("Refund", "1-2 days", "a=b", "user@example.com", "'quoted"):
        assert csv_cell(value) == value


def test_csv_cells_are_display_safe() -> None:
    text = to_csv(summaries(row("T-\x1b[31m", NASTY_TITLE, tags=["\x9b31m", "ok"])))
    assert unsafe_chars(text, allowed="\n\r") == []
    record = read_csv(text)[1]
    assert record[0] == "T-^[[31m"
    assert "^[]0;pwned^G" in record[1] and "<U+202E>exe.pdf" in record[1] and "[bold]x[/]" in record[1]
    assert record[7] == "<U+009B>31m, ok"


def test_csv_bounds_a_huge_cell() -> None:
    record = read_csv(to_csv(summaries(row(title="y" * 100_000))))[1]
    assert len(record[1]) == CSV_CELL_LIMIT and record[1].endswith("…")


def test_csv_of_no_tickets_is_the_header_alone() -> None:
    assert read_csv(to_csv([])) == [list(CSV_FIELDS)]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(max_size=20))
def test_any_title_reads_back_as_one_safe_record_that_is_never_a_formula(title: str, tag: str) -> None:
    records = read_csv(to_csv(summaries(row(title=title, tags=[tag]))))
    assert len(records) == 2 and len(records[1]) == len(CSV_FIELDS)
    for cell in records[1]:
        assert unsafe_chars(cell, allowed="\n") == []
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r") and cell.lstrip()[:1] not in ("=", "+", "-", "@")
