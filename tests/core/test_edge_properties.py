"""Property tests over the edges of every field type: any date with any offset, any number as a size
or a count, any string (surrogates, controls, bidi), any nesting. Nothing raises but the one typed
error, and whatever is shown is bounded and display-safe."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.api.list_models import parse_page
from app.core.api.models import parse_ticket
from app.core.errors import InvalidResponse
from app.core.export import to_markdown
from app.core.text.formatting import format_size, format_time
from app.core.text.safe_text import safe_id

UNSAFE = {"Cc", "Cf", "Cs", "Zl", "Zp"}
offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
moments = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59), timezones=offsets)
numbers = st.one_of(st.integers(), st.integers(min_value=10**18, max_value=10**400), st.floats(allow_nan=False))
texts = st.text(alphabet=st.characters(codec=None), max_size=40)
nested = st.recursive(
    st.one_of(st.none(), st.booleans(), numbers, texts),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


def safe(text: str) -> bool:
    return all(char == "\n" or unicodedata.category(char) not in UNSAFE for char in text)


@settings(max_examples=200)
@given(moment=moments)
def test_any_date_with_any_offset_is_shown_without_a_crash(moment: datetime) -> None:
    raw = moment.isoformat()
    shown = format_time(raw, now=datetime(2024, 11, 24, tzinfo=UTC))
    assert shown and len(shown) < 80


@settings(max_examples=200)
@given(size=numbers)
def test_any_number_as_a_size_is_a_size_or_unknown(size: Any) -> None:
    body = json.dumps({"data": {"_id": "T", "attachments": [{"filename": "f", "size": size}]}}).encode()
    ticket = parse_ticket(body)
    shown = format_size(ticket.attachments[0].size)
    assert shown == "unknown size" or shown.endswith("B")


@settings(max_examples=200)
@given(
    fields=st.dictionaries(
        st.sampled_from(["title", "status", "createdAt", "updatedAt", "tags", "threads", "attachments"]),
        nested,
        max_size=5,
    )
)
def test_any_nesting_in_any_field_keeps_the_ticket_and_prints(fields: dict[str, Any]) -> None:
    body = json.dumps({"data": {"_id": "T-edge", "description": "kept"} | fields}).encode()
    ticket = parse_ticket(body)  # one bad value costs only itself: never the whole ticket
    assert ticket.id == "T-edge" and ticket.description == "kept"
    assert "kept" in to_markdown(ticket)


@settings(max_examples=200)
@given(raw=st.binary(max_size=200))
def test_any_bytes_in_a_string_are_a_ticket_or_one_invalid_response(raw: bytes) -> None:
    body = b'{"data": {"_id": "T", "title": "' + raw.replace(b'"', b"").replace(b"\\", b"") + b'"}}'
    try:
        ticket = parse_ticket(body)
    except InvalidResponse:
        return
    assert ticket.id == "T"


@settings(max_examples=200)
@given(rows=st.lists(nested, max_size=6), page=st.integers(min_value=1, max_value=10**6))
def test_any_list_rows_give_a_page_of_the_readable_ones(rows: list[Any], page: int) -> None:
    result = parse_page(
        json.dumps({"data": rows, "pagination": {"page": 7, "pages": "x"}}).encode(), page=page, limit=50
    )
    assert result.page == page and len(result.items) + result.skipped == len(rows)


@given(text=texts)
def test_any_id_is_shown_as_one_safe_bounded_line(text: str) -> None:
    shown = safe_id(text)
    assert safe(shown) and "\n" not in shown and len(shown) <= 200
