"""A file's path as people read it: the home folder as ``~``, and broken into lines at ``/``.

A path in a narrow toast wrapped like prose breaks in the middle of a folder's name; broken after
a ``/`` each line stays a whole part of it. A part wider than the line is cut where it must be.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from app.core.text.safe_text import clean_line


def cell_len(text: str) -> int:
    """Terminal cells ``text`` takes: wide (East Asian) characters two, combining marks none."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text
    )


def short_path(path: Path | str, home: Path | str | None = None) -> str:
    """``path`` made display-safe, with the home folder (``home``, default the user's) shown as ``~``."""
    text = clean_line(str(path))
    home_text = clean_line(str(home if home is not None else os.path.expanduser("~"))).rstrip("/")
    if home_text and (text == home_text or text.startswith(home_text + "/")):
        return "~" + text[len(home_text) :]
    return text


def wrap_path(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` cells, after a ``/`` wherever it can be."""
    width = max(1, width)
    parts = [part + "/" for part in text.split("/")]
    parts[-1] = parts[-1][:-1]
    lines: list[str] = []
    line = ""
    for part in filter(None, parts):
        if line and cell_len(line + part) > width:
            lines.append(line)
            line = ""
        while cell_len(part) > width:  # one folder name wider than the line: cut it
            cut = _fit(part, width - cell_len(line))
            lines.append(line + part[:cut])
            line, part = "", part[cut:]
        line += part
    if line or not lines:
        lines.append(line)
    return "\n".join(lines)


def _fit(text: str, cells: int) -> int:
    """How many characters of ``text`` fit in ``cells`` cells (at least one)."""
    used = 0
    for index, char in enumerate(text):
        used += cell_len(char)
        if used > cells:
            return max(1, index)
    return len(text)
