"""What fits in a toast: Textual draws them at most 60 cells wide and half the screen, and a path in
one should break after a ``/``, not in the middle of a name (see ``app.core.text.paths``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.text.paths import wrap_path

if TYPE_CHECKING:
    from textual.app import App

TOAST_WIDTH = 60
"""Textual's toast width; no more than half the screen."""
TOAST_FRAME = 4
"""Cells of a toast that are not text: its coloured left edge, one cell of padding each side, and
the column the toast rack keeps for its scrollbar."""


def toast_text_width(app: App[object]) -> int:
    """How many cells of text a toast holds on a line at the app's size."""
    return max(10, min(TOAST_WIDTH, app.size.width // 2) - TOAST_FRAME)


def path_lines(app: App[object], path: str, lead: str = "") -> str:
    """``lead`` and then ``path`` (already display-safe), broken after ``/`` to fit a toast's lines."""
    width = toast_text_width(app)
    if lead and len(lead) + 1 + len(path) <= width:
        return f"{lead} {path}"
    return (f"{lead}\n" if lead else "") + wrap_path(path, width)
