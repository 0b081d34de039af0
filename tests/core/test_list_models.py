"""The ticket list's models and the queue's columns: both envelopes, lenient scalars, sorting, fitting."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from app.core.api.list_models import TicketPage, TicketSummary, parse_page
from app.core.api.ticket_filters import TicketFilters, normalise
from app.core.errors import ApiRejected, InvalidResponse
from widgets.queue.queue_columns import (
    GAP,
    GUTTER,
    TITLE_MIN,
    cell,
    fit,
    measure,
    row_cells,
    sort_rows,
)

NOW = datetime(2024, 11, 24, 12, 0, tzinfo=UTC)
ITEM = {
    "_id": "support_ticket_123456789",
    "title": "API Integration Issue",
    "description": "Having trouble integrating the biometric validation API...",
    "status": "in_progress",
    "priority": "high",
    "category": "technical",
    "client": "client_123456789",
    "assignedTo": "agent_123456789",
    "tags": ["api", "authentication", "biometric"],
    "createdAt": "2024-01-15T10:30:00Z",
    "updatedAt": "2024-01-15T11:00:00Z",
}


def body(value: object) -> bytes:
    return json.dumps(value).encode()


def page(payload: object, *, number: int = 1, limit: int = 50) -> TicketPage:
    return parse_page(body(payload), page=number, limit=limit)


def summary(ticket_id: str, **fields: object) -> TicketSummary:
    return TicketSummary.model_validate({"_id": ticket_id, **fields})


# --- the envelopes --------------------------------------------------------------------------------


def test_the_api_pages_own_example() -> None:
    parsed = page(
        {
            "success": True,
            "data": [ITEM],
            "pagination": {"page": 1, "limit": 10, "total": 1, "pages": 1},
            "counts": {"open": 5, "pending": 3, "in_progress": 2, "resolved": 10, "closed": 8},
        }
    )
    (item,) = parsed.items
    assert item.id == ITEM["_id"] and item.assigned_to == "agent_123456789" and item.tags == ITEM["tags"]
    assert (parsed.page, parsed.limit, parsed.total, parsed.pages) == (1, 10, 1, 1)
    assert parsed.counts == {"open": 5, "pending": 3, "in_progress": 2, "resolved": 10, "closed": 8}
    assert not parsed.has_more


def test_the_older_envelope_puts_paging_at_the_top_level() -> None:
    parsed = page({"data": [ITEM], "page": 2, "limit": 1, "pages": 3, "total": 3}, number=2, limit=1)
    assert (parsed.page, parsed.limit, parsed.total, parsed.pages) == (2, 1, 3, 3)
    assert parsed.has_more and parsed.counts is None


def test_pages_are_worked_out_from_the_total_when_missing() -> None:
    parsed = page({"data": [ITEM], "pagination": {"page": "1", "limit": "10", "total": "25"}})
    assert (parsed.page, parsed.limit, parsed.total, parsed.pages) == (1, 10, 25, 3)
    assert parsed.has_more


def test_without_any_paging_a_full_page_may_have_a_next() -> None:
    full = page({"data": [ITEM, {**ITEM, "_id": "b"}]}, limit=2)
    short = page({"data": [ITEM]}, limit=2)
    assert (full.total, full.pages, full.page, full.limit) == (None, None, 1, 2)
    assert full.has_more and not short.has_more


@pytest.mark.parametrize(
    "oddity",
    [
        {"pagination": [1, 2]},
        {"pagination": "page 1"},
        {"counts": [5, 3]},
        {"pagination": {"page": True, "limit": -3, "total": 2.5, "pages": "many"}},
    ],
)
def test_odd_paging_or_counts_are_ignored_not_fatal(oddity: dict) -> None:
    parsed = page({"data": [ITEM], **oddity})
    assert len(parsed.items) == 1 and parsed.page == 1 and parsed.limit == 50
    assert parsed.counts is None or parsed.counts == {}


def test_counts_keep_only_whole_numbers_and_unknown_statuses_as_they_come() -> None:
    parsed = page({"data": [], "counts": {"open": 5, "escalated": 2, "pending": "three", "closed": None}})
    assert parsed.counts == {"open": 5, "escalated": 2}


def test_lenient_scalars_strict_structure() -> None:
    parsed = page({"data": [{"_id": 42, "title": 7, "status": "weird", "assignedTo": None, "tags": None}, None]})
    (item,) = parsed.items
    assert (item.id, item.title, item.status, item.assigned_to, item.tags) == ("42", "7", "weird", None, [])
    assert parsed.skipped == 1  # the null row: left out, and counted
    with pytest.raises(InvalidResponse, match="ticket list"):
        page({"data": {"_id": "an object, not a list"}})


def test_one_bad_row_or_value_costs_only_itself() -> None:
    parsed = page(
        {
            "data": [
                {"title": "no id"},
                "a string",
                {"_id": {"an": "object"}},
                {
                    "_id": "T-ok",
                    "title": {"an": "object"},
                    "tags": ["a", ["nested"], 3],
                    "updatedAt": "9999-12-31T23:59:59-23:59",
                },
                {"_id": "T-ok-2", "title": "Fine"},
            ]
        }
    )
    assert [item.id for item in parsed.items] == ["T-ok", "T-ok-2"] and parsed.skipped == 3
    bad = parsed.items[0]
    assert bad.title == "(unreadable value)" and bad.tags == ["a", "(unreadable value)", "3"]


def test_invalid_parameters_with_a_200_is_the_filters_error() -> None:
    with pytest.raises(ApiRejected) as caught:
        page({"success": False, "error": "Invalid query parameters", "code": "INVALID_PARAMETERS"})
    assert "filters" in caught.value.message and "Invalid query parameters" in caught.value.message
    assert caught.value.status == 400 and caught.value.hint


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"<html>oops</html>", "not valid JSON"),
        (b"", "not valid JSON"),
        (body({"success": False, "error": "Nope"}), "did not succeed"),
        (body({"success": True}), "no data"),
        (body([ITEM]), "ticket list"),
    ],
)
def test_what_is_not_a_list_is_an_invalid_response(raw: bytes, words: str) -> None:
    with pytest.raises(InvalidResponse, match=words):
        parse_page(raw, page=1, limit=10)


def test_filters_become_the_documented_query_parameters() -> None:
    filters = TicketFilters(status="open", priority="high")
    assert filters.params(page=2, limit=50, count_by_status=True) == {
        "page": "2",
        "limit": "50",
        "status": "open",
        "priority": "high",
        "countByStatus": "true",
    }
    assert TicketFilters().params(page=1, limit=10) == {"page": "1", "limit": "10"}
    assert filters.active and not TicketFilters().active
    assert normalise(" In-Progress ") == "in_progress" == normalise("in progress")


# --- the columns ----------------------------------------------------------------------------------


def test_the_age_column_tells_tickets_apart() -> None:
    two_years = summary("a", updatedAt="2022-01-15T10:30:00Z")
    nearly_three = summary("b", updatedAt="2022-01-09T10:30:00Z")
    assert cell("updated", two_years, NOW) == ("2y 10mo", "muted")
    assert cell("updated", nearly_three, NOW)[0] == "2y 10mo"  # the same month: the sort tells them apart
    assert cell("updated", summary("c", updatedAt="2024-11-21T08:00:00Z"), NOW)[0] == "3d 4h"
    assert cell("updated", summary("d", updatedAt=None, createdAt=None), NOW)[0] == "—"
    assert cell("updated", summary("e", updatedAt="yesterday"), NOW)[0] == "?"


def test_cells_are_safe_text_with_words_not_colour_alone() -> None:
    hostile = summary(
        "T\x1b[2J",
        title="[@click=app.quit]Click[/] \x1b]52;c;aGk=\x07 \u202eexe.pdf",
        status="in_progress",
        priority="urgent",
        assignedTo="agent\x9b31m",
    )
    names = ["id", "title", "status", "priority", "category", "assignee", "updated"]
    cells = dict(zip(names, row_cells(hostile, NOW), strict=True))
    assert cells["id"][0] == "⚠ T^[[2J"  # shown visibly, and marked: not a plain ASCII ID
    assert cells["title"][0] == "[@click=app.quit]Click[/] ^[]52;c;aGk=^G <U+202E>exe.pdf"
    assert cells["status"] == ("◑ In progress", "status-in_progress")
    assert cells["priority"] == ("▲▲ Urgent", "priority-urgent")
    assert cells["assignee"][0] == "agent<U+009B>31m"
    assert cell("status", summary("x", status="escalated"), NOW) == ("? escalated", "unknown")
    assert cell("assignee", summary("x"), NOW) == ("unassigned", "muted")


def test_columns_drop_least_useful_first_and_the_title_takes_the_rest() -> None:
    rows = [
        row_cells(
            summary(
                f"support_ticket_{n:09d}",
                status="in_progress",
                priority="urgent",
                category="feature_request",
                assignedTo="agent_123456789",
                updatedAt="2022-01-15T10:30:00Z",
            ),
            NOW,
        )
        for n in range(3)
    ]
    widths = measure(rows)
    assert widths == {"id": 24, "status": 13, "priority": 10, "category": 15, "assignee": 15, "updated": 7}
    wide = fit(160, widths)
    assert [column.key for column, _ in wide] == [
        "id",
        "title",
        "status",
        "priority",
        "category",
        "assignee",
        "updated",
    ]
    assert sum(width for _, width in wide) + GUTTER + GAP * (len(wide) - 1) == 160
    at_120 = {column.key: width for column, width in fit(120, widths)}
    assert list(at_120) == ["title", "status", "priority", "category", "assignee", "updated"]
    assert at_120["title"] >= 45  # the opaque ID goes first, so titles are read whole
    at_80 = [column.key for column, _ in fit(79, widths)]
    assert at_80 == ["title", "status", "priority", "assignee", "updated"]
    tiny = fit(30, widths)
    assert [column.key for column, _ in tiny] == ["title", "status"] or tiny[0][1] >= TITLE_MIN - 10


def test_a_filtered_queue_gives_the_title_the_room_its_status_column_does_not_need() -> None:
    rows = [row_cells(summary(f"T-{n}", status="open", priority="low"), NOW) for n in range(3)]
    widths = measure(rows)
    assert widths["status"] == len("Status") + 2 and widths["priority"] == len("Priority") + 2


def test_sorting_puts_missing_values_last_either_way() -> None:
    rows = [
        summary("a", priority="low", updatedAt="2024-01-01T00:00:00Z"),
        summary("b", priority=None, updatedAt=None),
        summary("c", priority="urgent", updatedAt="2024-03-01T00:00:00Z"),
        summary("d", priority="p0", updatedAt="2024-02-01T00:00:00Z"),
    ]
    assert [item.id for item in sort_rows(rows, "priority", True)] == ["c", "a", "d", "b"]
    assert [item.id for item in sort_rows(rows, "priority", False)] == ["d", "a", "c", "b"]
    assert [item.id for item in sort_rows(rows, "updated", False)] == ["c", "d", "a", "b"]
    assert [item.id for item in sort_rows(rows, "updated", True)] == ["a", "d", "c", "b"]
