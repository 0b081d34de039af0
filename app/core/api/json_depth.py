"""JSON nested deeper than the parser goes, made shallow, so one deep value costs only itself.

The JSON parser behind the models stops at 200 levels and refuses the whole body: a ticket whose
description alone is nested 500 levels deep would be lost whole. Here every value that opens
deeper than ``LIMIT`` is replaced by ``null`` (what holds it is then a value of the wrong kind,
shown as unreadable), and the rest of the body is left exactly as it was. One pass over the body,
each byte looked at once; a body over ``MAX_BYTES``, or with a string that never ends, is left as
it is (and refused as it was).
"""

from __future__ import annotations

import re

LIMIT = 64
"""Levels kept; a ticket's own structure is five deep."""
MAX_BYTES = 256 * 1024
"""The largest body made shallow: the pass is Python's, on the UI's loop, up to a quarter of a second
for a body that is all brackets; a bigger one nested too deep is refused in words."""

_NEXT = re.compile(rb'["\[\]{}]')
"""The next quote or bracket."""
_STRING_REST = re.compile(rb'(?:[^"\\]|\\.)*"', re.DOTALL)
"""A string's rest, from just after its opening quote to its closing one."""


def too_deep(error_message: str) -> bool:
    """Whether a JSON error is the parser's depth limit."""
    return "recursion limit" in error_message


def flatten(body: bytes, limit: int = LIMIT) -> bytes:
    """``body`` with every value opening below ``limit`` levels replaced by ``null``."""
    if len(body) > MAX_BYTES:
        return body
    pieces: list[bytes] = []
    depth = kept_to = 0
    cut_from = -1  # where the value being dropped opened, while dropping
    position = 0
    while (found := _NEXT.search(body, position)) is not None:
        mark, position = found.group(), found.end()
        if mark == b'"':
            rest = _STRING_REST.match(body, position)
            if rest is None:
                return body  # a string that never ends: not JSON, whatever its depth
            position = rest.end()
        elif mark in b"[{":
            depth += 1
            if depth > limit and cut_from < 0:
                cut_from = found.start()
        else:
            depth -= 1
            if cut_from >= 0 and depth == limit:
                pieces += [body[kept_to:cut_from], b"null"]
                kept_to, cut_from = position, -1
    pieces.append(body[kept_to:] if cut_from < 0 else body[kept_to:cut_from])
    return b"".join(pieces)
