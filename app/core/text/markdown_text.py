"""Ticket text put into Markdown as text: whatever a client typed renders as those very characters.

A title of ``**urgent** <img src=x onerror=...>``, a message line ``## Resolution`` or a
``[link](javascript:...)`` must not become emphasis, HTML, a forged section or a link when an
agent pastes the export into a tracker or a chat. CommonMark lets any ASCII punctuation be
escaped with a backslash; escaped here is what can start markup, and no more, so the raw text
stays readable: ``\\``, backticks, ``*``, ``[ ]``, ``<``, ``|``, ``~``, an ``_`` at a word's edge
(inside ``support_ticket_1`` it is plain), an ``&`` that starts an entity, and at the start of a
line what opens a block (``#``, ``>``, ``-``, ``+``, ``=``, and ``1.`` or ``1)``).

Input is already display-safe (``app.core.text.safe_text``); this only adds the escapes.
"""

from __future__ import annotations

import re

_INLINE = re.compile(
    r"[\\`*\[\]<|~]"  # code, emphasis, links and images, HTML and autolinks, table cells, strikethrough
    r"|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])"  # an underscore that could open or close emphasis
    r"|&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)"  # an entity: &lt; &#60;
)
_BLOCK_START = re.compile(r"^( {0,3})(?:([#>+=-])|([0-9]{1,9})([.)]))")


def inline(text: str) -> str:
    """``text`` (one line) escaped so that it renders as itself inside a Markdown line."""
    return _INLINE.sub(lambda match: "\\" + match.group(0), text)


def _line(line: str) -> str:
    escaped = inline(line)
    start = _BLOCK_START.match(escaped)
    if start is None:
        return escaped
    indent, mark, number, delimiter = start.groups()
    if mark is not None:
        return f"{indent}\\{escaped[len(indent) :]}"
    return f"{indent}{number}\\{delimiter}{escaped[start.end() :]}"


def block(text: str) -> str:
    """``text`` (any number of lines) escaped so that each line renders as itself, opening no block."""
    return "\n".join(_line(line) for line in text.split("\n"))
