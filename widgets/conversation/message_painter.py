"""How one conversation message is laid out and drawn: its side, bubble, head line and wrapped text.

Pure functions of a message, a width and the Rich styles to draw with, so the conversation view
(``widgets.conversation.thread_view``) can measure thousands of messages without drawing them, and draw only
those on screen. Every string from the ticket goes through ``app.core.text.safe_text`` first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from app.core.text.formatting import format_time, speaker_label
from app.core.text.safe_text import clean, clean_line
from widgets.cells import ellipsize
from widgets.conversation.text_wrap import wrap

if TYPE_CHECKING:
    from app.core.api.models import ThreadMessage

BAR = "▌ "
CURSOR_BAR = "┃ "
"""The selected message's bar: another glyph as well as another colour, so it never relies on colour."""
SEPARATOR_LINES = 1
READING_WIDTH = 100
"""Cells of text a message line runs to at most, however wide the view."""
HEAD_GAP = 2
"""Cells kept free between a message's author and its time, so a long name never runs into it."""
MIN_AUTHOR = 8
"""Cells of the author's name that a head line keeps before it gives up the time."""
MAX_LABEL = 20
"""Cells of a speaker label (a message ``type`` the app does not know is shown as sent)."""
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
    """The left margin and width of a message bubble in a view ``width`` cells wide.

    The client's messages sit on the left, the agents' on the right, others in the middle; in a
    wide view a bubble is no wider than ``READING_WIDTH`` cells of text, as lines much longer
    than that are hard to follow from one to the next.
    """
    margin = 0 if width < 40 else min(10, width // 8)
    bubble = min(width - margin, READING_WIDTH + len(BAR) + 1)
    if side == "user":
        return 0, bubble
    if side == "agent":
        return width - bubble, bubble
    return (width - bubble) // 2, bubble


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


def head_parts(message: ThreadMessage, room: int, zone: tzinfo | None = None) -> tuple[str, str, str]:
    """The head line of a message in ``room`` cells: the speaker, `` · author`` and the time (in ``zone``).

    The time keeps its room, right-aligned, with at least a gap of ``HEAD_GAP`` before it; a name
    too long for what is left is cut with ``…`` (never through a wide character). Only a view too
    narrow for a name and the time together drops the time.
    """
    label = ellipsize(speaker_label(message.type), min(MAX_LABEL, room))
    author = clean_line(message.author) or "unknown"
    when = format_time(message.timestamp, relative=False, zone=zone) if message.timestamp else ""
    fixed = cell_len(label) + len(" · ")
    if when and room - cell_len(when) - HEAD_GAP - fixed < MIN_AUTHOR:
        when = ""  # a very narrow view: the name matters more than the time
    name_room = room - fixed - (cell_len(when) + HEAD_GAP if when else 0)
    who = " · " + ellipsize(author, name_room) if name_room > 0 else ""
    return label, set_cell_size(who, room - cell_len(label) - cell_len(when)), when


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

    room = inner + 1
    tag = NEW_TAG if new is not None and room > 2 * len(NEW_TAG) else ""
    room -= len(tag) + 1 if tag else 0
    label, who, when = head_parts(message, room, zone)
    strips = [
        line(
            Segment(tag, (label_style + new) if new is not None else label_style),
            Segment(" " if tag else "", label_style),
            Segment(label, label_style),
            Segment(who, body),
            Segment(when, meta),
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
