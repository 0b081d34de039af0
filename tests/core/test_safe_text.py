"""The safe-text policy: untrusted text is shown, never acted on (see app/core/text/safe_text.py)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.text.safe_text import clean, clean_line, excerpt

FORBIDDEN = {"Cc", "Cf", "Cs", "Zl", "Zp"}


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text", "plain text"),
        ("\x1b[31mred", "^[[31mred"),
        ("ding\x07", "ding^G"),
        ("over\rwrite", "over^Mwrite"),
        ("a\tb", "a    b"),
        ("del\x7f", "del^?"),
        ("nul\x00", "nul^@"),
        ("csi\x9b31m", "csi<U+009B>31m"),
        ("nel\x85", "nel<U+0085>"),
        ("invoice\u202efdp.exe", "invoice<U+202E>fdp.exe"),
        ("iso\u2066late\u2069", "iso<U+2066>late<U+2069>"),
        ("zero\u200bwidth", "zero<U+200B>width"),
        ("bom\ufeff", "bom<U+FEFF>"),
        ("lone\ud800", "lone<U+D800>"),
        ("line\u2028sep", "line<U+2028>sep"),
        ("para\u2029sep", "para<U+2029>sep"),
        ("no\xa0break", "no break"),
        ("thin\u2009space", "thin space"),
        ("[bold]x[/]", "[bold]x[/]"),
        ("[@click=app.quit]quit[/]", "[@click=app.quit]quit[/]"),
        (
            "[link=https://evil.example]x[/link] [/",
            "[link=https://evil.example]x[/link] [/",
        ),
        ("café 中文 😀", "café 中文 😀"),
        ("", ""),
    ],
)
def test_clean_line_and_clean_show_what_would_steer_the_terminal(raw: str, shown: str) -> None:
    assert clean_line(raw) == shown
    assert clean(raw) == shown


def test_clean_keeps_line_breaks_and_turns_crlf_into_one() -> None:
    assert clean("one\ntwo\r\nthree\n") == "one\ntwo\nthree\n"
    assert clean("\n\n") == "\n\n"


def test_a_lone_cr_is_shown_not_a_line_break() -> None:
    assert clean("safe\rEVIL") == "safe^MEVIL"
    assert clean("a\r\rb") == "a^M^Mb"
    assert clean("a\r\r\nb") == "a^M\nb"


def test_tabs_become_four_spaces_beside_other_controls() -> None:
    assert clean("\tx\x1b") == "    x^["
    assert clean("a\tb\nc\td") == "a    b\nc    d"


def test_clean_line_has_no_line_breaks() -> None:
    assert clean_line("one\ntwo\r\nthree") == "one two three"
    assert "\n" not in clean_line("\n\n\n")


def test_none_and_non_strings() -> None:
    assert clean(None) == "" and clean_line(None) == ""
    assert clean(42) == "42" and clean_line(1.5) == "1.5"


def test_a_whole_escape_sequence_is_defused() -> None:
    hostile = "\x1b]0;owned\x07\x1b[2J\x1b[?1049h\x9b6n\x1bP+q\x1b\\"
    for result in (clean(hostile), clean_line(hostile)):
        assert "\x1b" not in result and "\x07" not in result and "\x9b" not in result
        assert result == "^[]0;owned^G^[[2J^[[?1049h<U+009B>6n^[P+q^[\\"


# --- excerpt ---------------------------------------------------------------------------------------


def test_excerpt_is_short_printable_and_one_line() -> None:
    body = b"<html>\r\n<body>\x1b[31m" + "\u202e".encode() + b"\n\n  " + b"x" * 1000
    text = excerpt(body)
    assert len(text) <= 120 and text.isprintable() and text.endswith("…")
    assert text.startswith("<html> <body>^[[31m<U+202E> xxx")


def test_excerpt_keeps_a_short_body_whole_and_squeezes_whitespace() -> None:
    assert excerpt(b'  {"a":   1}\n') == '{"a": 1}'
    assert excerpt(b"") == ""


def test_excerpt_survives_invalid_utf8_and_honours_its_limit() -> None:
    text = excerpt(b"ok " + bytes(range(128, 256)) * 4, limit=40)
    assert len(text) <= 40 and text.isprintable()
    assert text.startswith("ok \ufffd")


# --- properties ------------------------------------------------------------------------------------

any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=60) | st.text(
    alphabet="a \t\n\r\x1b\x07\x7f\x9b\x85\u202e\u200b\ud800\u2028\u2029\xa0\u3000中😀[]/=@",
    max_size=60,
)


def _bad(char: str) -> bool:
    return unicodedata.category(char) in FORBIDDEN


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_clean_never_lets_a_control_through(text: str) -> None:
    result = clean(text)
    assert not any(_bad(char) for char in result if char != "\n")
    assert "\t" not in result and "\r" not in result
    assert result.count("\n") == text.replace("\r\n", "\n").count("\n")
    result.encode("utf-8")  # strict: no lone surrogate left
    assert clean(result) == result  # already safe text comes out unchanged


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_clean_line_never_lets_a_control_or_a_line_break_through(text: str) -> None:
    result = clean_line(text)
    assert not any(_bad(char) for char in result)
    assert "\n" not in result and "\t" not in result
    result.encode("utf-8")
    assert clean_line(result) == result


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_excerpt_of_any_bytes_is_short_and_printable(data: bytes) -> None:
    text = excerpt(data)
    assert len(text) <= 120 and (text == "" or text.isprintable())
    text.encode("utf-8")


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        st.characters(
            codec=None,
            exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"),
        )
    )
)
def test_printable_text_is_left_exactly_as_it_is(text: str) -> None:
    assert clean(text) == text and clean_line(text) == text
