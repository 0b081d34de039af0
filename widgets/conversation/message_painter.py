"""How one conversation message is laid out and drawn: its side, bubble, head line and wrapped text.

Pure functions of a message, a width and the Rich styles to draw with, so the conversation view
(``widgets.conversation.thread_view``) can measure thousands of messages without drawing them, and draw only
those on screen. Every string from the ticket goes through ``app.core.text.safe_text`` first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from app.core.text.formatting import format_time, speaker_label
from app.core.text.safe_text import clean, clean_line
from widgets.conversation.text_wrap import wrap

if TYPE_CHECKING:
    from app.core.api.models import ThreadMessage

BAR = "▌ "
CURSOR_BAR = "┃ "
"""The selected message's bar: another glyph as well as another colour, so it never relies on colour."""
SEPARATOR_LINES = 1
NEW_TAG = " NEW "
"""Before the speaker of a message that arrived since the agent last looked."""


def side_of(kind: str | None) -> str:
    """Which side of the conversation a message type belongs to: user, agent or other."""
    key = (kind or "").strip().lower()
    return key if key in ("user", "agent") else "other"


class SideStyles(NamedTuple):
    """The Rich styles a message of one side is drawn with, looked up once per style change."""

    base: Style
    body: Style
    bar: Style
    label: Style
    meta: Style
    empty: Style


def geometry(side: str, width: int) -> tuple[int, int]:
    """The left margin and width of a message bubble in a view ``width`` cells wide."""
    margin = 0 if width < 40 else min(10, width // 8)
    if side == "user":
        return 0, width - margin
    if side == "agent":
        return margin, width - margin
    return margin // 2, width - margin


def text_width(side: str, width: int) -> int:
    """The width the text of a message of ``side`` wraps at."""
    return max(1, geometry(side, width)[1] - len(BAR) - 1)


def estimate_heights(messages: Sequence[ThreadMessage], inner_for: Callable[[str | None], int]) -> list[int]:
    """A quick guess at every message's height: its characters over the line width."""
    fixed = 2 + SEPARATOR_LINES  # the head line, at least one line of text, the separator
    heights: list[int] = []
    append = heights.append
    for message in messages:
        inner = inner_for(message.type)
        text = message.message
        append(fixed + text.count("\n") + len(text) // inner if text else fixed)
    return heights


def measure(message: ThreadMessage, inner: int) -> int:
    """The exact height of a message with text ``inner`` wide: what ``draw`` makes of it, undrawn."""
    text = clean(message.message)
    lines = len(wrap(text, inner)) if text.strip() else 1  # "(no text)"
    return 1 + lines + SEPARATOR_LINES


def _marked(text: str, style: Style, needle: str, mark: Style | None) -> list[Segment]:
    """``text`` in ``style``, with each case-insensitive occurrence of ``needle`` in ``mark`` too."""
    if not needle or mark is None:
        return [Segment(text, style)]
    folded = text.lower()
    if len(folded) != len(text):  # lowering changed the length (e.g. "İ"): positions would drift
        return [Segment(text, style)]
    segments, start = [], 0
    found = folded.find(needle)
    while found >= 0:
        if found > start:
            segments.append(Segment(text[start:found], style))
        end = found + len(needle)
        segments.append(Segment(text[found:end], style + mark))
        start = end
        found = folded.find(needle, end)
    if start < len(text):
        segments.append(Segment(text[start:], style))
    return segments


def draw(
    message: ThreadMessage,
    width: int,
    styles: SideStyles,
    cursor: Style | None = None,
    *,
    needle: str = "",
    mark: Style | None = None,
    new: Style | None = None,
    zone: tzinfo | None = None,
) -> list[Strip]:
    """The lines of ``message`` in a view ``width`` wide.

    ``cursor`` styles the bar when the message is selected; occurrences of ``needle`` (lower case)
    in its text are drawn in ``mark`` as well (a match that a line break splits is not marked).
    ``new`` marks a message that arrived since the agent last looked: a ``NEW`` tag (words, not
    colour alone) drawn in that style before the speaker.
    """
    left, bubble = geometry(side_of(message.type), width)
    right = width - left - bubble
    inner = max(1, bubble - len(BAR) - 1)
    base, body, bar, label_style, meta, empty = styles
    glyph = BAR
    if cursor is not None:
        glyph, bar = CURSOR_BAR, bar + cursor

    def line(*parts: Segment) -> Strip:
        segments = [Segment(" " * left, base)] if left else []
        segments.append(Segment(glyph, bar))
        segments.extend(parts)
        if right:
            segments.append(Segment(" " * right, base))
        return Strip(segments, width)

    label = speaker_label(message.type)
    author = clean_line(message.author) or "unknown"
    when = format_time(message.timestamp, relative=False, zone=zone) if message.timestamp else ""
    room = inner + 1
    tag = NEW_TAG if new is not None and room > 2 * len(NEW_TAG) else ""
    room -= len(tag) + 1 if tag else 0
    head = f"{label} · {author}"
    if len(when) + 2 + len(head) > room:
        when = "" if room < 30 else when
    head_room = room - (len(when) + 1 if when else 0)
    head = set_cell_size(head, head_room)
    strips = [
        line(
            Segment(tag, (label_style + new) if new is not None else label_style),
            Segment(" " if tag else "", label_style),
            Segment(head[: len(label)], label_style),
            Segment(head[len(label) :], body),
            Segment((" " + when) if when else "", meta),
        )
    ]
    text = clean(message.message)
    if text.strip():
        for text_line in wrap(text, inner):
            strips.append(line(*_marked(set_cell_size(text_line, inner) + " ", body, needle, mark)))
    else:
        strips.append(line(Segment(set_cell_size("(no text)", inner) + " ", empty)))
    strips.extend(Strip.blank(width, base) for _ in range(SEPARATOR_LINES))
    return strips


def plain_text(message: ThreadMessage, zone: tzinfo | None = None) -> str:
    """The message as plain text for the clipboard: who, when (in ``zone``), then what they wrote (made safe)."""
    when = format_time(message.timestamp, relative=False, zone=zone) if message.timestamp else ""
    who = (speaker_label(message.type), clean_line(message.author) or "unknown", when)
    return f"{' · '.join(part for part in who if part)}\n{clean(message.message)}"
