"""Ticket text put into Markdown as text: whatever a client typed renders as those very characters.

A title of ``**urgent** <img src=x onerror=...>``, a message line ``## Resolution`` or a
``[link](javascript:...)`` must not become emphasis, HTML, a forged section or a link when an
agent pastes the export into a tracker or a chat.

- One line (a title, a name, a tag): what can start markup is escaped with a backslash, and no
  more, so it stays readable: ``\\``, backticks, ``*``, ``[ ]``, ``<``, ``|``, ``~``, an ``_`` at a
  word's edge (inside ``support_ticket_1`` it is plain), an ``&`` that starts an entity, and the
  ``#`` that would close a heading.
- Several lines (a description, a message): a fenced block, longer than any run of backticks in the
  text. Nothing in it is markup, its lines stay lines, and code or a log keeps its indentation, with
  no backslash added.

Input is already display-safe (``app.core.text.safe_text``); this only adds the escapes.
"""

from __future__ import annotations

import re

_INLINE = re.compile(
    r"[\\`*\[\]<|~]"  # code, emphasis, links and images, HTML and autolinks, table cells, strikethrough
    r"|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])"  # an underscore that could open or close emphasis
    r"|&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)"  # an entity: &lt; &#60;
    r"|#(?=[#\s]*$)"  # a heading's closing #s ("Export fails on page #")
)
_BLOCK_START = re.compile(r"^( {0,3})(?:([#>+=-])|([0-9]{1,9})([.)]))")
_BACKTICKS = re.compile(r"`+")


def inline(text: str) -> str:
    """``text`` (one line) escaped so that it renders as itself inside a Markdown line."""
    escaped = _INLINE.sub(lambda match: "\\" + match.group(0), text)
    start = _BLOCK_START.match(escaped)  # as the first thing on a line (a list item, a cell) it opens nothing
    if start is None:
        return escaped
    indent, mark, number, delimiter = start.groups()
    if mark is not None:
        return f"{indent}\\{escaped[len(indent) :]}"
    return f"{indent}{number}\\{delimiter}{escaped[start.end() :]}"


def fenced(text: str) -> str:
    """``text`` (any number of lines) as a fenced block that shows exactly it."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"
