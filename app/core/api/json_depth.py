"""JSON nested deeper than the parser goes, made shallow, so one deep value costs only itself.

The JSON parser behind the models stops at 200 levels and refuses the whole body: a ticket whose
description alone is nested 500 levels deep would be lost whole. Here every value that opens
deeper than ``LIMIT`` is replaced by ``null`` (what holds it is then a value of the wrong kind,
shown as unreadable), and the rest of the body is left exactly as it was.
"""

from __future__ import annotations

import re

LIMIT = 64
"""Levels kept; a ticket's own structure is five deep."""

_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
"""Strings (skipped whole: brackets inside them are text) and brackets."""


def too_deep(error_message: str) -> bool:
    """Whether a JSON error is the parser's depth limit."""
    return "recursion limit" in error_message


def flatten(body: bytes, limit: int = LIMIT) -> bytes:
    """``body`` with every value opening below ``limit`` levels replaced by ``null``."""
    pieces: list[bytes] = []
    depth = 0
    kept_to = 0
    cut_from = -1  # where the value being dropped opened, while dropping
    for token in _TOKENS.finditer(body):
        mark = token.group()[:1]
        if mark == b"[" or mark == b"{":
            depth += 1
            if depth > limit and cut_from < 0:
                cut_from = token.start()
        elif mark == b"]" or mark == b"}":
            depth -= 1
            if cut_from >= 0 and depth == limit:
                pieces += [body[kept_to:cut_from], b"null"]
                kept_to, cut_from = token.end(), -1
    pieces.append(body[kept_to:] if cut_from < 0 else body[kept_to:cut_from])
    return b"".join(pieces)
