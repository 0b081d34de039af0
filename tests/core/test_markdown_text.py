"""Ticket text put into Markdown renders as the very characters typed, checked with a real
CommonMark parser (markdown-it, with GitHub's tables and strikethrough): no emphasis, link, image,
HTML, heading, quote, list or rule comes out of what a client wrote, and several lines stay lines."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from app.core.api.models import parse_ticket
from app.core.export import to_markdown
from app.core.text.markdown_text import fenced, inline
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
    """The text a renderer shows for one line of ``markdown``."""
    return "".join(
        child.content
        for token in PARSER.parse(markdown)
        if token.type == "inline"
        for child in token.children or []
        if child.type == "text"
    )


def test_one_line_renders_as_typed() -> None:
    for text in NASTY + LINES + ["Export fails on page #", "C# and issue #12"]:
        escaped = inline(text)
        assert not [token.type for token in tokens(escaped) if token.type in BLOCKS + MARKUP], escaped
        assert shown(escaped) == text.strip()


def test_a_title_is_one_heading_with_its_words() -> None:
    for title in ["Export fails on page #", "# H1 injected", "**bold** <b>x</b>", "1. not a list"]:
        found = tokens(f"# {inline(title)}")
        assert [token.type for token in found if token.type in BLOCKS] == ["heading_open"]
        assert shown(f"# {inline(title)}") == title


def test_plain_text_keeps_its_look() -> None:
    text = "The refund (USD 1,284.50) arrived: thanks! See error_logs.txt, 2024-01-15."
    assert inline(text) == text


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=40))
def test_any_line_renders_as_typed(text: str) -> None:
    escaped = inline(text)
    assert not [token.type for token in tokens(escaped) if token.type in BLOCKS + MARKUP], escaped
    if text.strip():
        assert shown(escaped) == text.strip()


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="ascii", exclude_categories=("Cc",), include_characters="\n"), max_size=80))
def test_any_text_in_a_block_is_shown_exactly(text: str) -> None:
    """Lines, indentation, backticks, markup: a fenced block shows them all as they are."""
    (block,) = PARSER.parse(fenced(text))
    assert block.type == "fence" and block.content == text + "\n"


def test_a_log_keeps_its_lines_and_indentation_with_no_backslash() -> None:
    log = "Steps:\n1. Open the app\n- on Chrome\n    at Foo.bar(Foo.java:10) [main] <tag> x_y_ *\n```\n## Resolution"
    (block,) = PARSER.parse(fenced(log))
    assert block.type == "fence" and block.content == log + "\n" and "\\" not in fenced(log)


def test_an_exported_ticket_forges_no_section_and_no_html() -> None:
    data = dict(
        EXAMPLE["data"],
        title="T **bold** <img src=x onerror=alert(1)> # H1 injected #",
        description="line1\n\n## Resolution\n\nFAKE resolution <script>alert(1)</script> [click](javascript:alert(1))",
        threads=[{"type": "user", "author": "x** injected **y", "message": "## Attachments (0)\n```\nNone."}],
    )
    markdown = to_markdown(parse_ticket(json.dumps({"data": data}).encode()), NOW)
    found = tokens(markdown)
    headings = [
        "".join(child.content for child in found[index + 1].children or [])
        for index, token in enumerate(found)
        if token.type == "heading_open"
    ]
    assert headings == [data["title"], "Description", "Conversation (1)", "Attachments (1)"]
    assert not [token for token in found if token.type in ("html_inline", "html_block", "link_open", "image")]
    fences = [token.content for token in found if token.type == "fence"]
    assert fences == [data["description"] + "\n", data["threads"][0]["message"] + "\n"]
