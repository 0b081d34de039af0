"""The ticket models: the API page's example, both envelopes, odd but readable tickets, garbage."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.api.models import Attachment, ThreadMessage, Ticket, parse_error, parse_ticket
from app.core.errors import InvalidResponse
from app.core.text.formatting import parse_time
from tests.sample_tickets import EXAMPLE, EXAMPLE_BODY


def example(**changes: Any) -> dict[str, Any]:
    """A fresh copy of the example's ``data`` with ``changes`` applied."""
    data = json.loads(json.dumps(EXAMPLE["data"]))
    data.update(changes)
    return data


def body(value: Any) -> bytes:
    return json.dumps(value).encode()


def with_data(**changes: Any) -> bytes:
    return body({"success": True, "data": example(**changes)})


def first_attachment(**fields: Any) -> Attachment:
    attachment = {"filename": "a.txt", "url": "https://x.example/a.txt", **fields}
    return parse_ticket(with_data(attachments=[attachment])).attachments[0]


# --- the example and the two envelopes ------------------------------------------------------------


def test_the_api_pages_example_parses_field_by_field() -> None:
    ticket = parse_ticket(EXAMPLE_BODY)
    assert ticket.id == "support_ticket_123456789"
    assert ticket.title == "API Integration Issue"
    assert ticket.description.startswith("Having trouble integrating the biometric validation API.")
    assert (ticket.status, ticket.priority, ticket.category) == (
        "in_progress",
        "high",
        "technical",
    )
    assert (ticket.client, ticket.assigned_to) == (
        "client_123456789",
        "agent_123456789",
    )
    assert ticket.threads == [
        ThreadMessage(
            author="client_123456789",
            message="Having trouble integrating the biometric validation API. Getting 401 errors when trying to authenticate.",
            timestamp="2024-01-15T10:30:00Z",
            type="user",
        ),
        ThreadMessage(
            author="agent_123456789",
            message="I've reviewed your API key and it appears to be valid. Let me check the logs and get back to you.",
            timestamp="2024-01-15T11:00:00Z",
            type="agent",
        ),
    ]
    assert ticket.attachments == [
        Attachment(
            filename="error_logs.txt",
            url="https://storage.verifik.co/attachments/error_logs.txt",
            size=1024,
            type="text/plain",
        )
    ]
    assert ticket.tags == ["api", "authentication", "biometric"]
    assert ticket.resolution is None and ticket.resolved_at is None
    assert (ticket.created_at, ticket.updated_at) == (
        "2024-01-15T10:30:00Z",
        "2024-01-15T11:00:00Z",
    )


def test_the_older_envelope_without_success_is_the_same_ticket() -> None:
    assert parse_ticket(body({"data": EXAMPLE["data"]})) == parse_ticket(EXAMPLE_BODY)


def test_success_true_and_missing_success_both_parse() -> None:
    assert parse_ticket(body({"success": True, "data": {"_id": "T1"}})).id == "T1"
    assert parse_ticket(body({"data": {"_id": "T1"}})).id == "T1"


def test_unknown_fields_are_ignored_at_every_level() -> None:
    data = example(newField={"nested": [1, 2]}, score=9.5)
    data["threads"][0]["reactions"] = ["+1"]
    data["attachments"][0]["checksum"] = "abc"
    ticket = parse_ticket(body({"success": True, "data": data, "meta": {"requestId": "r1"}}))
    assert ticket == parse_ticket(EXAMPLE_BODY)


def test_a_minimal_ticket_has_empty_defaults() -> None:
    ticket = parse_ticket(body({"data": {"_id": "T1"}}))
    assert ticket.threads == [] and ticket.attachments == [] and ticket.tags == []
    assert ticket.title is None and ticket.assigned_to is None and ticket.created_at is None


# --- nulls and lenient scalars ---------------------------------------------------------------------


def test_nullable_fields_stay_none() -> None:
    ticket = parse_ticket(with_data(assignedTo=None, resolution=None, resolvedAt=None, title=None))
    assert ticket.assigned_to is None and ticket.resolution is None and ticket.resolved_at is None
    assert ticket.title is None


@pytest.mark.parametrize("field", ["threads", "attachments", "tags"])
def test_null_lists_become_empty(field: str) -> None:
    assert getattr(parse_ticket(with_data(**{field: None})), field) == []


def test_null_tags_are_dropped_and_numbers_kept_as_text() -> None:
    assert parse_ticket(with_data(tags=[None, "api", None, 7, 2.5])).tags == [
        "api",
        "7",
        "2.5",
    ]


def test_null_fields_inside_messages_and_attachments() -> None:
    ticket = parse_ticket(
        with_data(
            threads=[{"author": None, "message": None, "timestamp": None, "type": None}],
            attachments=[{"filename": None, "url": None, "size": None, "type": None}],
        )
    )
    assert ticket.threads == [ThreadMessage()]
    assert ticket.attachments == [Attachment()]


def test_numbers_are_coerced_to_text() -> None:
    ticket = parse_ticket(
        with_data(
            _id=123456789,
            title=42,
            client=1.5,
            threads=[{"author": 7, "message": 3.25, "timestamp": 1705314600, "type": "user"}],
        )
    )
    assert (ticket.id, ticket.title, ticket.client) == ("123456789", "42", "1.5")
    assert ticket.threads[0] == ThreadMessage(author="7", message="3.25", timestamp="1705314600", type="user")


def test_unknown_status_and_priority_are_kept_as_sent() -> None:
    ticket = parse_ticket(with_data(status="escalated", priority="P0", category="Legal"))
    assert (ticket.status, ticket.priority, ticket.category) == (
        "escalated",
        "P0",
        "Legal",
    )


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (0, 0),
        (1024, 1024),
        (2048.0, 2048),
        (-5, None),  # not a size: unknown
        (1.5, None),
        (True, None),
        (False, None),
        ("1024", None),
        ([1024], None),
        ({"bytes": 1}, None),
        (None, None),
        (10**30, None),  # past any real file: unknown (it once crashed --markdown)
        (10**300, None),
        (1e308, None),
        (2**63 - 1, 2**63 - 1),
    ],
)
def test_odd_sizes_are_unknown_rather_than_fatal(size: Any, expected: int | None) -> None:
    assert first_attachment(size=size).size == expected


def test_timestamps_are_kept_as_sent() -> None:
    raw = "2024-01-15T10:30:00.123+02:00"
    assert parse_ticket(with_data(createdAt=raw)).created_at == raw


# --- garbage ---------------------------------------------------------------------------------------

GARBAGE = {
    "html page": b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
    "truncated json": EXAMPLE_BODY[: len(EXAMPLE_BODY) // 2],
    "empty body": b"",
    "whitespace": b"  \n ",
    "plain text": b"Service Unavailable",
    "json null": b"null",
    "json list": b"[1, 2, 3]",
    "json string": b'"ticket"',
    "no data": body({"success": True}),
    "data is null": body({"success": True, "data": None}),
    "data is a list": body({"success": True, "data": [EXAMPLE["data"]]}),
    "data is a string": body({"success": True, "data": "support_ticket_123456789"}),
    "no _id": body({"data": {"title": "x"}}),
    "_id is null": with_data(_id=None),
    "success false": body({"success": False, "data": EXAMPLE["data"]}),
    "success false, no data": body({"success": False, "error": "Invalid", "code": "INVALID"}),
    "binary": bytes(range(256)),
    "control characters": b"\x1b[2J\x1b]0;pwned\x07<html>\x9b31m" + b"A" * 2000,
}


@pytest.mark.parametrize("raw", GARBAGE.values(), ids=GARBAGE.keys())
def test_garbage_is_one_invalid_response_with_a_short_printable_excerpt(
    raw: bytes,
) -> None:
    with pytest.raises(InvalidResponse) as caught:
        parse_ticket(raw)
    error = caught.value
    assert error.exit_code == 4 and error.message and error.hint
    assert len(error.excerpt) <= 120
    assert error.excerpt == "" or error.excerpt.isprintable()
    assert "\x1b" not in error.excerpt and "\x07" not in error.excerpt and "\x9b" not in error.excerpt


ONE_BAD_VALUE = {
    "threads is a string": (
        with_data(threads="hello"),
        lambda t: [m.message for m in t.threads] == ["(this message could not be read)"],
    ),
    "threads holds strings": (
        with_data(threads=["hello"]),
        lambda t: t.threads[0].message == "(this message could not be read)",
    ),
    "a null message": (
        with_data(threads=[None, {"message": "hi"}]),
        lambda t: [m.message for m in t.threads] == ["(this message could not be read)", "hi"],
    ),
    "attachments is a dict": (
        with_data(attachments={"filename": "a.txt"}),
        lambda t: t.attachments[0].filename == "(unreadable attachment)",
    ),
    "dict in title": (with_data(title={"text": "API Integration Issue"}), lambda t: t.title == "(unreadable value)"),
    "list in description": (with_data(description=["a", "b"]), lambda t: t.description == "(unreadable value)"),
    "bool in status": (with_data(status=True), lambda t: t.status == "(unreadable value)"),
    "tags is a string": (with_data(tags="api"), lambda t: t.tags == ["(unreadable value)"]),
    "an object among the tags": (with_data(tags=["api", {"x": 1}]), lambda t: t.tags == ["api", "(unreadable value)"]),
    "a size with 300 digits": (
        with_data(attachments=[{"filename": "a", "size": 10**300}]),
        lambda t: t.attachments[0].size is None,
    ),
    "invalid UTF-8 in a string": (
        EXAMPLE_BODY.replace(b"API Integration", b"API \xff Integration"),
        lambda t: "\ufffd" in (t.title or ""),
    ),
    "a lone surrogate": (with_data(title="ok \ud800 ok"), lambda t: t.title == "ok \ufffd ok"),
}


@pytest.mark.parametrize(("raw", "check"), ONE_BAD_VALUE.values(), ids=ONE_BAD_VALUE.keys())
def test_one_bad_value_costs_only_itself(raw: bytes, check: Any) -> None:
    ticket = parse_ticket(raw)
    assert check(ticket)
    assert ticket.id == "support_ticket_123456789"  # the rest of the ticket is there


def test_the_excerpt_shows_the_start_of_what_arrived() -> None:
    with pytest.raises(InvalidResponse) as caught:
        parse_ticket(GARBAGE["html page"])
    assert caught.value.excerpt.startswith("<!DOCTYPE html><html><head><title>502 Bad Gateway")
    assert "not valid JSON" in caught.value.message


def test_a_structural_error_names_where_it_is() -> None:
    with pytest.raises(InvalidResponse) as caught:
        parse_ticket(GARBAGE["no _id"])
    assert "data._id" in caught.value.message


def test_success_false_says_so() -> None:
    with pytest.raises(InvalidResponse, match="did not succeed"):
        parse_ticket(GARBAGE["success false"])


# --- error bodies ----------------------------------------------------------------------------------


def test_parse_error_reads_the_current_shape() -> None:
    error = parse_error(body({"error": "Support ticket not found", "message": "SUPPORT_TICKET_NOT_FOUND"}))
    assert error is not None
    assert (error.error, error.message) == (
        "Support ticket not found",
        "SUPPORT_TICKET_NOT_FOUND",
    )
    assert error.describe() == "Support ticket not found - SUPPORT_TICKET_NOT_FOUND"


def test_parse_error_reads_the_older_shape() -> None:
    error = parse_error(body({"code": "NotFound", "message": "Ticket does not exist"}))
    assert error is not None and (error.code, error.message) == (
        "NotFound",
        "Ticket does not exist",
    )
    assert error.describe() == "Ticket does not exist"


def test_parse_error_reads_the_list_endpoints_shape() -> None:
    error = parse_error(
        body(
            {
                "success": False,
                "error": "Invalid query parameters",
                "code": "INVALID_PARAMETERS",
            }
        )
    )
    assert error is not None and error.describe() == "Invalid query parameters - INVALID_PARAMETERS"


def test_describe_does_not_repeat_itself() -> None:
    error = parse_error(body({"error": "Forbidden", "message": "Forbidden"}))
    assert error is not None and error.describe() == "Forbidden"


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"   ",
        b"<html><body>502 Bad Gateway</body></html>",
        b"Not Found",
        b"[]",
        b'"error"',
        b"null",
        b"{",
    ],
)
def test_parse_error_is_none_for_bodies_that_are_not_error_objects(raw: bytes) -> None:
    assert parse_error(raw) is None


# --- times -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-01-15T10:30:00Z", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        (
            "2024-01-15T10:30:00.250Z",
            datetime(2024, 1, 15, 10, 30, 0, 250000, tzinfo=UTC),
        ),
        ("2024-01-15T12:30:00+02:00", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        ("2024-01-15T05:30:00-05:00", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        (
            "2024-01-15T10:30:00",
            datetime(2024, 1, 15, 10, 30, tzinfo=UTC),
        ),  # naive: taken as UTC
        (" 2024-01-15T10:30:00Z ", datetime(2024, 1, 15, 10, 30, tzinfo=UTC)),
        ("2024-01-15", datetime(2024, 1, 15, tzinfo=UTC)),
    ],
)
def test_parse_time_gives_aware_utc(raw: str, expected: datetime) -> None:
    moment = parse_time(raw)
    assert moment == expected and moment.utcoffset() is not None and moment.utcoffset().total_seconds() == 0


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "yesterday",
        "2024-13-45T99:99:99Z",
        "1705314600",
        "\x1b[31m",
        "2024-01-15T10:30:00+99:00",
    ],
)
def test_parse_time_is_none_for_what_is_not_a_date(raw: str | None) -> None:
    assert parse_time(raw) is None


# --- property: anything JSON in any field is a ticket or one InvalidResponse -------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)

TICKET_FIELDS = sorted(EXAMPLE["data"]) + ["unknownField"]
THREAD_FIELDS = ["author", "message", "timestamp", "type"]
ATTACHMENT_FIELDS = ["filename", "url", "size", "type"]
PLACES = (
    [("envelope", name) for name in ("success", "data", "extra")]
    + [("ticket", name) for name in TICKET_FIELDS]
    + [("thread", name) for name in THREAD_FIELDS + ["extra"]]
    + [("attachment", name) for name in ATTACHMENT_FIELDS + ["extra"]]
    + [("tags", "0"), ("whole", "")]
)


def _place(where: tuple[str, str], value: Any) -> Any:
    level, name = where
    document = json.loads(EXAMPLE_BODY)
    if level == "whole":
        return value
    if level == "envelope":
        document[name] = value
    elif level == "ticket":
        document["data"][name] = value
    elif level == "thread":
        document["data"]["threads"][1][name] = value
    elif level == "attachment":
        document["data"]["attachments"][0][name] = value
    else:
        document["data"]["tags"][0] = value
    return document


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(where=st.sampled_from(PLACES), value=json_values)
def test_any_json_in_any_field_is_a_ticket_or_an_invalid_response(where: tuple[str, str], value: Any) -> None:
    raw = json.dumps(_place(where, value)).encode()  # NaN and Infinity included, as a lax server might send
    try:
        ticket = parse_ticket(raw)
    except InvalidResponse as error:  # hypothesis: either outcome is valid, each checked
        assert len(error.excerpt) <= 120  # noqa: PT017 and (error.excerpt == "" or error.excerpt.isprintable())
        return
    assert isinstance(ticket, Ticket) and isinstance(ticket.id, str)
    assert all(isinstance(tag, str) for tag in ticket.tags)
    assert all(item.size is None or type(item.size) is int for item in ticket.attachments)


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=300))
def test_any_bytes_are_a_ticket_or_an_invalid_response(raw: bytes) -> None:
    try:
        parse_ticket(raw)
    except InvalidResponse:
        pass
    assert parse_error(raw) is None or parse_error(raw).describe() is not None
