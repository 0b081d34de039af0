"""The editor's form of a new ticket, read back as hostile text, and a description read from a file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.core.api.new_ticket import MAX_DESCRIPTION, NewTicket
from app.core.ticket_form import InputRefused, parse_form, read_description, render_form

FULL = NewTicket.of(
    title='Refund "twice", =SUM(A1)',
    description="# Not a comment: Markdown\n\nSecond paragraph\n---\nafter a rule",
    priority="urgent",
    category="billing",
    tags=["refund", "vip"],
)


def test_the_form_reads_back_as_it_was_written() -> None:
    form = parse_form(render_form(FULL))
    assert form.problems == [] and form.ticket == FULL


def test_the_form_names_the_allowed_values_and_is_prefilled() -> None:
    text = render_form(NewTicket.of(title="From a flag", priority="high"))
    assert "low, medium, high, urgent" in text and "technical, billing, account, feature_request, general" in text
    assert "title: From a flag\n" in text and "priority: high\n" in text and "category: \n" in text


def test_an_untouched_empty_form_is_an_empty_ticket() -> None:
    assert parse_form(render_form(NewTicket())).ticket.empty


def test_what_the_agent_typed_is_cleaned_and_spelled_as_the_api_does() -> None:
    text = "\r\n".join(
        [
            "\ufeff---",
            "Title:   Spaces\tand\x1b[31m escapes ",
            "PRIORITY: High",
            "category: Feature request",
            "tag: a, b,, a",
            "---",
            "Body\x07 line",
            "",
        ]
    )
    form = parse_form(text)
    assert form.problems == []
    assert form.ticket == NewTicket(
        title="Spaces and[31m escapes",
        description="Body line",
        priority="high",
        category="feature_request",
        tags=("a", "b"),
    )


def test_lines_that_are_not_fields_are_named() -> None:
    text = "---\ntitel: typo\nno colon here\n\x1b]0;evil\x07: x\ntitle: ok\n---\nbody\n"
    form = parse_form(text)
    assert form.ticket.title == "ok"
    assert len(form.problems) == 3
    assert form.problems[0].startswith("Line 2 ") and "titel" in form.problems[0]
    assert all("\x1b" not in problem and "\x07" not in problem for problem in form.problems)


def test_a_field_block_never_closed_is_a_problem_and_keeps_what_was_known() -> None:
    before = NewTicket.of(title="Known")
    form = parse_form("---\ntitle: changed\nbody without a fence\n", before)
    assert form.problems and "not closed" in form.problems[0]
    assert form.ticket == before


def test_without_a_field_block_the_whole_text_is_the_description() -> None:
    before = NewTicket.of(title="Kept", priority="low", category="general")
    form = parse_form("Just the story.\nTwo lines.\n", before)
    assert form.ticket == before.with_values(description="Just the story.\nTwo lines.")


def test_a_huge_value_is_kept_for_the_checks_to_refuse() -> None:
    form = parse_form("---\ntitle: " + "x" * 10_000 + "\n---\nd\n")
    assert "title" in form.ticket.problems()


# --- a description from a file or standard input -----------------------------------------------


def test_a_description_is_read_from_a_file_or_standard_input(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_bytes("\ufeffLínea uno\n".encode())
    assert read_description(str(path), io.BytesIO()) == "Línea uno\n"
    assert read_description("-", io.BytesIO(b"from stdin")) == "from stdin"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"caf\xe9 latin-1", "not UTF-8 text (byte 0xe9 at offset 3)"),
        (b"\x7fELF\x00\x00binary", "not text"),
        (b"x" * (4 * MAX_DESCRIPTION + 1), "at most 50,000 characters"),
    ],
)
def test_a_description_that_is_not_text_or_too_big_is_refused_in_words(
    tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "d.txt"
    path.write_bytes(content)
    with pytest.raises(InputRefused) as caught:
        read_description(str(path), io.BytesIO())
    assert words in caught.value.message and caught.value.exit_code == 2
    with pytest.raises(InputRefused) as from_stdin:
        read_description("-", io.BytesIO(content))
    assert "standard input" in from_stdin.value.message


def test_a_missing_file_or_a_folder_is_said(tmp_path: Path) -> None:
    with pytest.raises(InputRefused, match="There is no file"):
        read_description(str(tmp_path / "absent.txt"), io.BytesIO())
    with pytest.raises(InputRefused, match="is a folder"):
        read_description(str(tmp_path), io.BytesIO())
