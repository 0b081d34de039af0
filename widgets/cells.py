"""Text cut to a number of terminal cells, never through a wide character, ending in ``…`` when cut."""

from __future__ import annotations

from rich.cells import cell_len, chop_cells

ELLIPSIS = "…"


def ellipsize(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: whole if it fits, else cut on a cell boundary with ``…``.

    A wide character (CJK, emoji) that would straddle the cut is left out whole, and zero-width
    marks stay with the character they belong to (a decomposed accent is never split from its letter).
    """
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    kept = chop_cells(text, width - 1)[0] if width > 1 else ""
    return kept.rstrip(" ") + ELLIPSIS
