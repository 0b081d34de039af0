"""Ticket text escaped for Markdown renders as the very characters typed, checked with a real
CommonMark parser (markdown-it, with GitHub's tables and strikethrough): no emphasis, link, image,
HTML, code, heading, quote, list or rule comes out of what a client wrote."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from app.core.api.models import parse_ticket
from app.core.export import to_markdown
from app.core.text.markdown_text import block, inline
from tests.core.test_export import EXAMPLE, NOW

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
MARKUP = ("em_open", "strong_open", "s_open", "link_open", "image", "code_inline", "html_inline", "html_block")
BLOCKS = ("heading_open", "blockquote_open", "bullet_list_open", "ordered_list_open", "hr", "fence", "table_open")
NASTY = [
    "**bold** _em_ *em* ~~gone~~ `code` <b>html</b> <https://evil.example>",
    "[click](javascript:alert(1)) ![img](http://evil.example/track.png) [ref]: http://evil.example",
    "&lt;script&gt; &#60; &#x3C; \\*not\\* a|b|c",
    "snake_case_id and support_ticket_123456789 stay plain",
]
LINES = [
    "# H1",
    "## Resolution",
    "> quoted",
    "- item",
    "+ item",
    "* item",
    "1. one",
    "2) two",
    "---",
    "===",
    "```",
    "~~~",
    "<div>",
    "   # indented heading",
    "| a | b |",
]


def tokens(markdown: str) -> list[Token]:
    found: list[Token] = []
    for token in PARSER.parse(markdown):
        found.append(token)
        found.extend(token.children or [])
    return found


def shown(markdown: str) -> str:
    """The text a renderer shows for ``markdown`` (one paragraph's lines)."""
    return "\n".join(
        "".join(child.content if child.type == "text" else "\n" for child in token.children or [])
        for token in PARSER.parse(markdown)
        if token.type == "inline"
    )


def test_inline_text_renders_as_typed() -> None:
    for text in NASTY:
        escaped = inline(text)
        assert not [token.type for token in tokens(escaped) if token.type in MARKUP], escaped
        assert shown(escaped) == text


def test_a_line_that_would_open_a_block_is_a_plain_line() -> None:
    for line in LINES:
        escaped = block(line)
        assert not [token.type for token in tokens(escaped) if token.type in BLOCKS + MARKUP], escaped
        assert shown(escaped) == line.strip()


def test_plain_text_keeps_its_look() -> None:
    text = "The refund (USD 1,284.50) arrived: thanks! See error_logs.txt, 2024-01-15."
    assert inline(text) == text and block(text) == text


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=40))
def test_any_line_renders_as_typed(text: str) -> None:
    escaped = block(text)
    assert not [token.type for token in tokens(escaped) if token.type in BLOCKS + MARKUP], escaped
    if text.strip() and not text.startswith("    "):  # (4 spaces: an indented code line, shown as typed)
        assert shown(escaped) == text.strip()


def test_an_exported_ticket_forges_no_section_and_no_html() -> None:
    data = dict(
        EXAMPLE["data"],
        title="T **bold** <img src=x onerror=alert(1)> # H1 injected",
        description="line1\n\n## Resolution\n\nFAKE resolution <script>alert(1)</script> [click](javascript:alert(1))",
        threads=[{"type": "user", "author": "x** injected **y", "message": "## Attachments (0)\n\nNone."}],
    )
    markdown = to_markdown(parse_ticket(json.dumps({"data": data}).encode()), NOW)
    found = tokens(markdown)
    headings = [
        "".join(child.content for child in found[index + 1].children or [])
        for index, token in enumerate(found)
        if token.type == "heading_open"
    ]
    assert headings == [
        "T **bold** <img src=x onerror=alert(1)> # H1 injected",
        "Description",
        "Conversation (1)",
        "Attachments (1)",
    ]
    assert not [token for token in found if token.type in ("html_inline", "html_block", "link_open", "image")]
