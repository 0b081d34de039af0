"""Make untrusted text safe to draw: no control sequence, bidi override or invisible character
ever reaches the terminal.

Policy (also in the README): line breaks are kept, tabs become four spaces, and every other
character that is not printable is shown visibly instead of being acted on: C0 controls in caret
notation (ESC as ``^[``, BEL as ``^G``, a lone CR as ``^M``, DEL as ``^?``), everything else (C1
controls, bidi overrides and isolates, zero-width characters, lone surrogates, line and paragraph
separators) as ``<U+XXXX>``. Non-breaking and other spaces become a plain space.

The result is plain text. Widgets still draw it with markup off; this module makes sure that what
they draw cannot steer the terminal or hide a file's real extension.
"""

from __future__ import annotations

import unicodedata

TAB = "    "


def _visible(char: str) -> str:
    """The visible stand-in for one non-printable character."""
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    if unicodedata.category(char) == "Zs":
        return " "
    return f"<U+{code:04X}>"


def _clean_line(line: str) -> str:
    if line.isprintable():
        return line
    if "\t" in line:
        line = line.replace("\t", TAB)
        if line.isprintable():
            return line
    return "".join(char if char.isprintable() else _visible(char) for char in line)


def clean(text: object) -> str:
    """Return ``text`` as one safe, printable string that may contain newlines."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n")
    return "\n".join(_clean_line(line) for line in text.split("\n"))


def clean_line(text: object) -> str:
    """Like ``clean`` but for one-line places (titles, names, table cells): newlines shown too."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if text.isprintable():
        return text
    return _clean_line(text.replace("\r\n", " ").replace("\n", " "))


def excerpt(data: bytes, limit: int = 120) -> str:
    """A short, printable excerpt of a response body for an error message."""
    text = data[: limit * 4].decode("utf-8", errors="replace")
    text = " ".join(clean_line(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


MAX_ID_LENGTH = 200
"""Characters of a ticket ID kept: a real one is a few dozen; a longer one is cut, marked with …."""


def safe_id(text: object) -> str:
    """A ticket ID as one display-safe, bounded line: control, bidi and format characters shown
    visibly (never acted on), surrounding spaces dropped."""
    line = clean_line(text).strip()
    return line if len(line) <= MAX_ID_LENGTH else line[: MAX_ID_LENGTH - 1] + "…"


def is_plain_ascii(ticket_id: str) -> bool:
    """Whether ``ticket_id`` is plain printable ASCII (else it may imitate another: ``１２３``, Cyrillic ``о``)."""
    return ticket_id.isascii() and ticket_id.isprintable()


def printable_only(text: str) -> str:
    """``text`` without any character that is not printable (what typing or pasting may insert)."""
    return text if text.isprintable() else "".join(char for char in text if char.isprintable())
