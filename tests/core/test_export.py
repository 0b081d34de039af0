"""Exports for scripts and pasting: JSON with the API's names, Markdown a person can read."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.api.models import Ticket, parse_ticket
from app.core.export import to_json, to_markdown
from tests.sample_tickets import EXAMPLE, EXAMPLE_BODY, HOSTILE

NOW = datetime(2024, 11, 24, 12, 0, tzinfo=UTC)
UNSAFE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def example() -> Ticket:
    return parse_ticket(EXAMPLE_BODY)


def hostile() -> Ticket:
    return parse_ticket(json.dumps({"data": HOSTILE}).encode())


def unsafe_chars(text: str, *, allowed: str = "\n") -> list[str]:
    return [char for char in text if char not in allowed and unicodedata.category(char) in UNSAFE]


# --- JSON ------------------------------------------------------------------------------------------


def test_json_uses_the_apis_field_names_and_values() -> None:
    assert json.loads(to_json(example())) == EXAMPLE["data"]


def test_json_keeps_the_apis_field_names() -> None:
    exported = json.loads(to_json(example()))
    for name in ("_id", "assignedTo", "createdAt", "updatedAt", "resolvedAt"):
        assert name in exported
    for name in ("id", "assigned_to", "created_at", "updated_at", "resolved_at"):
        assert name not in exported


def test_json_parses_back_into_the_same_ticket() -> None:
    for ticket in (example(), hostile()):
        exported = to_json(ticket)
        assert parse_ticket(json.dumps({"data": json.loads(exported)}).encode()) == ticket
        assert parse_ticket(f'{{"success": true, "data": {exported}}}'.encode()) == ticket


def test_json_is_indented_and_keeps_non_ascii_readable() -> None:
    ticket = parse_ticket(json.dumps({"data": {"_id": "T1", "title": "Café 支持 😀"}}).encode())
    text = to_json(ticket)
    assert "Café 支持 😀" in text and '\n  "_id": "T1"' in text


def test_json_of_a_hostile_ticket_is_exact_but_carries_no_raw_control_character() -> None:
    text = to_json(hostile())
    assert unsafe_chars(text) == []  # escaped as \\uXXXX: nothing steers a terminal it is printed on
    assert json.loads(text) == HOSTILE  # ... yet a script reading it gets exactly what the API sent


# --- Markdown --------------------------------------------------------------------------------------


def test_markdown_has_the_title_and_metadata_in_words() -> None:
    text = to_markdown(example(), NOW)
    assert text.startswith("# API Integration Issue\n")
    assert "- **ID:** support_ticket_123456789" in text
    assert "In progress" in text and "High" in text and "Technical" in text
    assert "- **Assignee:** agent_123456789" in text
    assert "- **Tags:** api, authentication, biometric" in text
    assert "2024-01-15 10:30 UTC" in text
    assert "- **Resolved:** Not resolved" in text


def test_markdown_has_the_conversation_in_order_with_speakers() -> None:
    text = to_markdown(example(), NOW)
    client = text.index("**Client · client_123456789** · 2024-01-15 10:30 UTC")
    client_words = text.index("```text\nHaving trouble integrating the biometric validation API.", client)
    agent = text.index("**Agent · agent_123456789** · 2024-01-15 11:00 UTC")
    agent_words = text.index("```text\nI've reviewed your API key", agent)
    assert text.index("## Description") < text.index("## Conversation (2)") < client < client_words < agent
    assert agent < agent_words < text.index("## Attachments (1)")


def test_markdown_lists_attachments_with_human_sizes() -> None:
    text = to_markdown(example(), NOW)
    assert "- error_logs.txt (1.0 KiB, text/plain)" in text


def test_markdown_of_a_resolved_ticket_without_attachments() -> None:
    data = dict(
        EXAMPLE["data"],
        status="resolved",
        resolution="Rotated the API key.",
        resolvedAt="2024-01-16T09:00:00Z",
        attachments=[],
        threads=None,
    )
    text = to_markdown(parse_ticket(json.dumps({"data": data}).encode()), NOW)
    assert "Resolved" in text and "## Resolution\n\n```text\nRotated the API key.\n```" in text
    assert "- **Resolved:** 2024-01-16 09:00 UTC" in text
    assert "## Conversation (0)" in text and "## Attachments (0)\n\nNone." in text


def test_markdown_of_a_hostile_ticket_has_no_raw_control_character() -> None:
    text = to_markdown(hostile(), NOW)
    assert unsafe_chars(text) == []
    assert "\r" not in text and "\t" not in text
    assert "Refund ^\\[\\]0;pwned^G" in text  # (brackets escaped: Markdown shows them as typed)
    assert "invoice\\<U+202E>fdp.exe^\\[" in text
    assert "## Description\n\n```text\nline one\nline two^Mover<U+009B>31m<U+202E>fdp.exe<U+200B>" in text


def test_markdown_shows_markup_literally() -> None:
    text = to_markdown(hostile(), NOW)
    assert "\\[bold\\]now\\[/\\] \\[@click=app.quit\\]x\\[/\\]" in text
    assert "\\[link=https://evil.example\\]me\\[/link\\]" in text
    assert "```text\nhi^[[2J    there\n[/" in text  # (in a fenced block nothing is markup: no escapes)
    assert "\\[b\\]t\\[/b\\]" in text and "\\[red\\]billing\\[/\\]" in text


def test_a_multi_line_message_stays_inside_its_block() -> None:
    data = dict(
        EXAMPLE["data"],
        threads=[{"type": "user", "message": "# not a heading\n\n## nor this"}],
    )
    text = to_markdown(parse_ticket(json.dumps({"data": data}).encode()), NOW)
    assert "```text\n# not a heading\n\n## nor this\n```" in text


@settings(max_examples=100, deadline=None)
@given(
    field=st.sampled_from(
        [
            "title",
            "description",
            "client",
            "status",
            "category",
            "resolution",
            "createdAt",
        ]
    ),
    value=st.text(st.characters(codec=None, exclude_categories=("Cs",)), max_size=40),
)
def test_exports_of_any_text_are_printable_and_json_is_exact(field: str, value: str) -> None:
    data = dict(EXAMPLE["data"], **{field: value})
    ticket = parse_ticket(json.dumps({"data": data}).encode())
    assert unsafe_chars(to_markdown(ticket, NOW)) == []
    exported = to_json(ticket)
    assert unsafe_chars(exported) == []
    assert json.loads(exported)[field] == value
