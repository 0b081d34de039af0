"""The conversation: every thread message, client and agents split by side, colour and label.

A line-API widget: it draws only the lines on screen, so a ticket of 10,000 messages opens as fast
as one of two. Message heights are known exactly for what has been laid out and estimated for the
rest; a background pass lays out the remainder in slices of a few milliseconds and applies the
heights together, keeping the message at the top of the view still as they settle.

Keys scroll at once, without Textual's scroll animation: over SSH every animation frame is a
redraw sent down the link, the first frame of an animation comes a tick or two late, and a paging
animation (50 lines a second) started while another is under way can take minutes to cross a
conversation of 85,000 lines. Keys also scroll straight away rather than after the next refresh,
which the background pass would otherwise hold back until it has finished.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from functools import partial
from itertools import accumulate
from time import perf_counter
from typing import TYPE_CHECKING

from rich.cells import set_cell_size
from rich.segment import Segment
from textual.actions import SkipAction
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from app.safe_text import clean
from widgets.message_painter import (
    SideStyles,
    draw,
    estimate_heights,
    measure,
    plain_text,
    side_of,
    text_width,
)

if TYPE_CHECKING:
    from app.models import ThreadMessage

FILTERS = ("all", "user", "agent")
FILTER_NAMES = {"all": "all messages", "user": "client only", "agent": "agents only"}
LAYOUT_SLICE = 0.004
"""Seconds the background layout pass measures before it lets the UI run (keys, frames)."""
LAYOUT_IDLE_WAIT = 0.05
"""Before each slice the pass waits for the screen to be refreshed and idle, so keys and frames
go first (a key takes many turns of the event loop to bubble to its binding); at most this long."""
APPLY_EVERY = 0.5
"""Seconds between applying the heights a long background pass has measured so far."""
CACHE_SIZE = 128
"""Messages whose drawn lines are kept: a score of screens. Each line is a Strip carrying seven
small caches of its own, so a bigger cache mostly makes Python's full garbage collections slower."""


class ThreadView(ScrollView, can_focus=True):
    """A virtualised, read-only view of a ticket's conversation."""

    COMPONENT_CLASSES = {
        "thread-view--user",
        "thread-view--user-bar",
        "thread-view--user-label",
        "thread-view--agent",
        "thread-view--agent-bar",
        "thread-view--agent-label",
        "thread-view--other",
        "thread-view--other-bar",
        "thread-view--other-label",
        "thread-view--meta",
        "thread-view--empty",
        "thread-view--cursor-bar",
        "thread-view--match",
        "thread-view--new",
    }

    BINDINGS = [
        Binding("j,n", "next_message", "Message", key_display="j k", id="thread.next"),
        Binding("k,p", "previous_message", "Previous message", show=False, id="thread.previous"),
        Binding("g", "first_message", "First message", show=False, id="thread.first"),
        Binding("G", "last_message", "Last message", show=False, id="thread.last"),
        Binding("f", "cycle_filter", "Filter", id="thread.filter"),
        Binding("y", "copy_message", "Copy", id="thread.copy"),
        Binding("ctrl+f", "find", "Find", id="thread.find"),
    ]

    class FindRequested(Message):
        """The agent asked to find text in the conversation (the ticket view shows its find bar)."""

    DEFAULT_CSS = """
    ThreadView {
        overflow-y: scroll;
        overflow-x: hidden;
        background: $surface;
        scrollbar-size-vertical: 1;
        scrollbar-background: $surface;
        scrollbar-background-hover: $surface;
        scrollbar-background-active: $surface;
        & > .thread-view--user { background: $accent 10%; color: $foreground; }
        & > .thread-view--user-bar { background: $accent 10%; color: $accent; }
        & > .thread-view--user-label { background: $accent 10%; color: $text-accent; text-style: bold; }
        & > .thread-view--agent { background: $primary 15%; color: $foreground; }
        & > .thread-view--agent-bar { background: $primary 15%; color: $primary; }
        & > .thread-view--agent-label { background: $primary 15%; color: $text-primary; text-style: bold; }
        & > .thread-view--other { background: $panel; color: $text-muted; }
        & > .thread-view--other-bar { background: $panel; color: $text-muted; }
        & > .thread-view--other-label { background: $panel; color: $text-muted; text-style: bold italic; }
        & > .thread-view--meta { color: $text-muted; }
        & > .thread-view--empty { color: $text-muted; text-style: italic; }
        & > .thread-view--cursor-bar { color: $text-warning; text-style: bold; }
        & > .thread-view--new { color: $text-warning; text-style: bold reverse; }
        & > .thread-view--match { background: $warning 60%; color: $foreground; text-style: bold underline; }
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._messages: Sequence[ThreadMessage] = ()
        """The messages shown: all of them, or those the filter lets through."""
        self._all: Sequence[ThreadMessage] = ()
        self._filter = "all"
        self._cursor = 0
        """The selected message (an index into ``_messages``)."""
        self._needle = ""
        """What find looks for, in lower case ("" when not finding)."""
        self._matches: list[int] = []
        """The shown messages whose text contains the needle, in order."""
        self._match_total = 0
        self._folded: dict[int, str] = {}
        """Each message's cleaned, lower-cased text, made on the first search (keyed by id)."""
        self._heights: list[int] = []
        self._exact = bytearray()
        self._offsets: list[int] = [0]
        self._layout_width = 0
        self._cache: OrderedDict[int, list[Strip]] = OrderedDict()
        self._fix_pending = False
        self._generation = 0
        self._styles: dict[str, SideStyles] = {}
        self._inners: dict[tuple[str | None, int], int] = {}
        self._new: frozenset[int] = frozenset()
        """The messages (by ``id``) that arrived since the agent last looked at the ticket."""
        self._pending_top: int | None = None
        """Rows below the selected message's start to put at the top once laid out (a restored position)."""

    # --- public API ---------------------------------------------------------------------

    @property
    def message_count(self) -> int:
        """How many messages the conversation holds."""
        return len(self._messages)

    @property
    def layout_complete(self) -> bool:
        """True once every message's height is exact (the background pass has finished)."""
        return len(self._exact) == len(self._messages) and 0 not in self._exact

    @property
    def cursor(self) -> int:
        """The index (among the messages shown) of the selected message."""
        return self._cursor

    @property
    def message_filter(self) -> str:
        """Which messages are shown: ``all``, ``user`` (the client's) or ``agent``."""
        return self._filter

    @property
    def new_count(self) -> int:
        """How many messages are marked new."""
        return len(self._new)

    def set_messages(self, messages: Sequence[ThreadMessage], *, new_from: int | None = None) -> None:
        """Show a new conversation, scrolled to its first message, with its first message selected.

        Messages from index ``new_from`` on are marked new (they arrived since the agent last looked).
        """
        self._all = messages
        self._new = frozenset(map(id, messages[new_from:])) if new_from is not None else frozenset()
        self._pending_top = None
        self._filter = "all"
        self._folded = {}
        self._needle, self._matches, self._match_total = "", [], 0
        self._show(messages, cursor=0)
        self._describe()

    def set_filter(self, which: str) -> None:
        """Show ``all`` messages, or only the client's (``user``) or the agents' (``agent``)."""
        if which not in FILTERS:
            raise ValueError(f"unknown filter {which!r}")
        selected = self._messages[self._cursor] if self._messages else None
        self._filter = which
        shown = self._all if which == "all" else [m for m in self._all if side_of(m.type) == which]
        # Keep the selected message if it is still shown, else the nearest one before it.
        cursor = 0
        if selected is not None and shown:
            position = {id(message): index for index, message in enumerate(self._all)}
            wanted = position[id(selected)]
            cursor = max(0, bisect_right([position[id(m)] for m in shown], wanted) - 1)
        self._show(shown, cursor=cursor)
        self._describe()
        if self._needle:
            self.search(self._needle)  # count what the filter lets through

    def _show(self, messages: Sequence[ThreadMessage], *, cursor: int) -> None:
        self._messages = messages
        self._cursor = cursor
        self._layout_width = 0
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._relayout()
        if 0 < cursor < len(self._offsets) - 1:  # laid out (a hidden pane lays out when shown)
            self.scroll_to_message(cursor)

    def reading_position(self) -> tuple[str, int, int]:
        """Where the agent is: the filter, the selected message (an index into the whole
        conversation) and how many rows the view's top sits below that message's start."""
        if not self._messages:
            return self._filter, 0, 0
        selected = self._messages[self._cursor]
        index = next((number for number, message in enumerate(self._all) if message is selected), 0)
        below = 0
        if self._layout_width and self._cursor < len(self._offsets) - 1:
            below = int(self.scroll_y) - self._offsets[self._cursor]
        return self._filter, index, below

    def restore_position(self, message_filter: str, message: int, below: int = 0) -> None:
        """Go back to a ``reading_position``: the same filter, message and rows from its start."""
        if not self._all:
            return
        if message_filter != self._filter and message_filter in FILTERS:
            self.set_filter(message_filter)
        if self._filter == "all":
            cursor = message
        else:
            wanted = self._all[min(message, len(self._all) - 1)]
            cursor = next((number for number, shown in enumerate(self._messages) if shown is wanted), 0)
        cursor = max(0, min(len(self._messages) - 1, cursor))
        self._cache.pop(self._cursor, None)
        self._cache.pop(cursor, None)
        self._cursor = cursor
        if self._layout_width:
            self._scroll_below(below)
        else:
            self._pending_top = below  # a hidden pane: where to be once it is laid out
        self.refresh()

    def _scroll_below(self, below: int) -> None:
        height = self._heights[self._cursor]
        # Above its start too (the message lower in the view), as long as all of it stays in view.
        lowest = min(0, height - self.scrollable_content_region.height)
        top = self._offsets[self._cursor] + max(lowest, min(below, height - 1))
        self.scroll_to(y=top, animate=False, immediate=True)

    def _describe(self) -> None:
        """Say under the pane which messages are shown, when not all are."""
        if self._filter == "all":
            self.border_subtitle = ""
        else:
            self.border_subtitle = f"{FILTER_NAMES[self._filter]} · {len(self._messages):,} of {len(self._all):,}"

    def select(self, index: int, *, align: str = "visible") -> None:
        """Select message ``index`` and bring it into view.

        ``align`` is ``visible`` (scroll only as far as needed to show its start), ``top``, or
        ``end`` (the end of the conversation).
        """
        if not self._messages:
            return
        index = max(0, min(len(self._messages) - 1, index))
        if index != self._cursor:
            self._cache.pop(self._cursor, None)
            self._cache.pop(index, None)
            self._cursor = index
            self.refresh()
        if align == "end":
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
            return
        start, view = self._offsets[index], self.scrollable_content_region.height
        top = int(self.scroll_y)
        if align == "top" or start < top:
            self.scroll_to(y=start, animate=False, immediate=True)
        elif start + min(self._heights[index], view) > top + view:
            self.scroll_to(y=start + min(self._heights[index], view) - view, animate=False, immediate=True)

    # --- find ---------------------------------------------------------------------------

    @property
    def matches(self) -> list[int]:
        """The shown messages that contain what find looks for."""
        return self._matches

    @property
    def match_total(self) -> int:
        """How many times it occurs in them, in all."""
        return self._match_total

    def _folded_text(self, message: ThreadMessage) -> str:
        key = id(message)
        folded = self._folded.get(key)
        if folded is None:
            folded = self._folded[key] = clean(message.message).lower()
        return folded

    def search(self, text: str) -> int:
        """Mark every occurrence of ``text`` (any case) and return how many messages hold it."""
        needle = text.lower()
        self._needle = needle
        self._matches, self._match_total = [], 0
        if needle:
            folded = self._folded_text
            for index, message in enumerate(self._messages):
                count = folded(message).count(needle)
                if count:
                    self._matches.append(index)
                    self._match_total += count
        self._cache.clear()
        self.refresh()
        return len(self._matches)

    def clear_search(self) -> None:
        """Stop marking matches."""
        if self._needle:
            self.search("")

    def next_match(self, step: int = 1, *, inclusive: bool = False) -> int | None:
        """Select the next (``step`` 1) or previous (-1) message holding a match, wrapping round.

        Returns its position among the matches, or ``None`` when there is none. With
        ``inclusive``, the selected message itself counts (for a search just typed).
        """
        matches = self._matches
        if not matches:
            return None
        cursor = self._cursor
        if step > 0:
            position = bisect_left(matches, cursor) if inclusive else bisect_right(matches, cursor)
            position = position % len(matches)
        else:
            position = (bisect_left(matches, cursor) - 1) % len(matches)
        self.select(matches[position], align="top" if self._heights[matches[position]] > self.size.height else "visible")
        return position

    def action_find(self) -> None:
        self.post_message(self.FindRequested())

    def message_offset(self, index: int) -> int:
        """The virtual line where message ``index`` starts."""
        return self._offsets[index]

    def message_at(self, line: int) -> int:
        """The index of the message drawn at virtual line ``line``."""
        return max(0, min(len(self._messages) - 1, bisect_right(self._offsets, line) - 1))

    def scroll_to_message(self, index: int, *, animate: bool = False) -> None:
        """Scroll so that message ``index`` is at the top of the view."""
        self.scroll_to(y=self._offsets[index], animate=animate, immediate=not animate)

    def message_lines(self, index: int) -> list[str]:
        """The plain text of the lines drawn for message ``index`` (for tests and copying)."""
        return [strip.text for strip in self._render_message(index)]

    # --- layout -------------------------------------------------------------------------

    def _content_width(self) -> int:
        return max(1, self.scrollable_content_region.width)

    def _inner(self, kind: str | None, width: int) -> int:
        """The text width of a message of type ``kind``, worked out once per type and width."""
        inner = self._inners.get((kind, width))
        if inner is None:
            inner = self._inners[kind, width] = text_width(side_of(kind), width)
        return inner

    def _estimates(self, messages: Sequence[ThreadMessage], width: int) -> list[int]:
        """A quick guess at every message's height."""
        return estimate_heights(messages, lambda kind: self._inner(kind, width))

    def _measure(self, message: ThreadMessage, width: int) -> int:
        """The exact height of a message at ``width``."""
        return measure(message, self._inner(message.type, width))

    def _relayout(self) -> None:
        """Lay out at the current width: exact for the first screens, estimated for the rest."""
        width = self.scrollable_content_region.width
        self._cache.clear()
        self._inners.clear()
        self._generation += 1
        messages = self._messages
        if width < 2:
            # Not on screen yet (a hidden pane): lay out when a real width arrives (on_resize).
            self._layout_width = 0
            self._heights, self._exact, self._offsets = [], bytearray(), [0]
            self.virtual_size = Size(0, 0)
            return
        self._layout_width = width
        self._heights = self._estimates(messages, width)
        self._exact = bytearray(len(messages))
        budget = max(self.size.height, 24) * 3
        for index, message in enumerate(messages):
            if budget <= 0:
                break
            self._heights[index] = self._measure(message, width)
            self._exact[index] = 1
            budget -= self._heights[index]
        self._offsets = [0, *accumulate(self._heights)]
        self.virtual_size = Size(width, self._offsets[-1] or 1)
        self.refresh()
        if self._pending_top is not None:
            below, self._pending_top = self._pending_top, None
            self._scroll_below(below)
        if 0 in self._exact:
            self.run_worker(partial(self._layout_rest, self._generation), group="thread-layout", exclusive=True)

    async def _layout_rest(self, generation: int) -> None:
        """Measure the remaining messages in slices of ``LAYOUT_SLICE``, letting the UI run between.

        Heights are applied together, when the pass ends (or every ``APPLY_EVERY`` seconds of a
        very long pass): each new virtual size costs a layout of the whole screen, and a key
        pressed meanwhile would wait behind it.
        """
        width = self._layout_width
        messages, exact = self._messages, self._exact
        measure = self._measure
        count = len(messages)
        found: list[int] = []
        heights: list[int] = []
        index = exact.find(0)
        applied = perf_counter()
        while index >= 0:
            await self._after_ui()
            if generation != self._generation:
                return
            deadline = perf_counter() + LAYOUT_SLICE
            while index < count:
                if not exact[index]:
                    found.append(index)
                    heights.append(measure(messages[index], width))
                index += 1
                if not index % 32 and perf_counter() >= deadline:
                    break
            finished = index >= count
            if finished or perf_counter() - applied >= APPLY_EVERY:
                self._merge_heights(found, heights)
                found, heights = [], []
                applied = perf_counter()
                if finished:
                    return

    async def _after_ui(self) -> None:
        """Wait until the screen has refreshed and has nothing left to do (at most a moment)."""
        try:
            await asyncio.wait_for(self.wait_for_refresh(), LAYOUT_IDLE_WAIT)
        except TimeoutError:
            pass  # never idle (an animation somewhere): measure anyway

    def _merge_heights(self, found: list[int], heights: list[int]) -> None:
        """Take the heights the background pass measured (those drawn meanwhile are already exact)."""
        own, exact = self._heights, self._exact
        for index, height in zip(found, heights):
            if not exact[index]:
                own[index] = height
                exact[index] = 1
        self._apply_heights()

    def _apply_heights(self) -> None:
        """Recompute offsets after heights changed, keeping the top message of the view still."""
        self._fix_pending = False
        if not self._messages:
            return
        at_end = self.scroll_y >= self.max_scroll_y > 0
        top = int(self.scroll_y)
        anchor = self.message_at(top)
        within = top - self._offsets[anchor]
        self._offsets = [0, *accumulate(self._heights)]
        self.virtual_size = Size(self._layout_width, self._offsets[-1] or 1)
        if at_end:
            target = max(0, self._offsets[-1] - self.scrollable_content_region.height)
        else:
            target = self._offsets[anchor] + min(within, self._heights[anchor] - 1)
        if target != top:
            self.scroll_to(y=target, animate=False, immediate=True)
        self.refresh()

    def on_resize(self) -> None:
        if self._messages and self.scrollable_content_region.width != self._layout_width:
            top = self.message_at(int(self.scroll_y))
            self._relayout()
            self.scroll_to_message(top)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        self._styles.clear()

    # --- keys ---------------------------------------------------------------------------

    def _scroll_now(self, y: float) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()  # nothing to scroll: let the key reach other bindings
        self.scroll_to(y=y, animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self._scroll_now(self.scroll_y - 1)

    def action_scroll_down(self) -> None:
        self._scroll_now(self.scroll_y + 1)

    def _page(self, step: int) -> None:
        """Scroll a page; the selection moves a page too, to the first message starting in view."""
        if not self._messages:
            raise SkipAction()
        view = self.scrollable_content_region.height
        top = int(self.scroll_y)
        target = max(0, min(int(self.max_scroll_y), top + step * view))
        if target == top:  # nothing left to scroll that way: go to the last (first) message shown
            edge = top + view - 1 if step > 0 else top
            self.select(self.message_at(min(edge, self._offsets[-1] - 1)))
            return
        self.scroll_to(y=target, animate=False, immediate=True)
        first = self.message_at(target)
        if self._offsets[first] < target and first + 1 < len(self._messages):
            first += 1  # that message began above the view: select the next, which begins in it
        self._cache.pop(self._cursor, None)
        self._cache.pop(first, None)
        self._cursor = first
        self.refresh()

    def action_page_up(self) -> None:
        self._page(-1)

    def action_page_down(self) -> None:
        self._page(1)

    def action_scroll_home(self) -> None:
        self.action_first_message()

    def action_scroll_end(self) -> None:
        self.action_last_message()

    def action_first_message(self) -> None:
        """Select the first message and show the start of the conversation."""
        if not self._messages:
            raise SkipAction()
        self.select(0, align="top")

    def action_last_message(self) -> None:
        """Select the last message and show the end of the conversation."""
        if not self._messages:
            raise SkipAction()
        self.select(len(self._messages) - 1, align="end")

    def action_next_message(self) -> None:
        self.select(self._cursor + 1)

    def action_previous_message(self) -> None:
        self.select(self._cursor - 1)

    def action_cycle_filter(self) -> None:
        """All messages, then the client's only, then the agents' only."""
        self.set_filter(FILTERS[(FILTERS.index(self._filter) + 1) % len(FILTERS)])
        shown = f"{len(self._messages):,} of {len(self._all):,}"
        self.notify(f"Showing {FILTER_NAMES[self._filter]} ({shown}).", markup=False, timeout=2)

    def selected_text(self) -> str:
        """The selected message as plain text: who, when, then what they wrote (made safe)."""
        return plain_text(self._messages[self._cursor])

    def action_copy_message(self) -> None:
        """Copy the selected message to the clipboard (OSC 52 over SSH too)."""
        if not self._messages:
            return
        self.app.copy_to_clipboard(self.selected_text())
        self.notify(f"Copied message {self._cursor + 1:,} of {len(self._messages):,}.", markup=False, timeout=2)

    # --- drawing ------------------------------------------------------------------------

    def _render_message(self, index: int) -> list[Strip]:
        cached = self._cache.get(index)
        if cached is not None:
            self._cache.move_to_end(index)
            return cached
        message = self._messages[index]
        width = self._layout_width
        style = self.get_component_rich_style
        cursor = style("thread-view--cursor-bar", partial=True) if index == self._cursor else None
        mark = style("thread-view--match", partial=True) if self._needle else None
        new = style("thread-view--new", partial=True) if id(message) in self._new else None
        strips = draw(
            message, width, self._side_styles(side_of(message.type)), cursor, needle=self._needle, mark=mark, new=new
        )
        self._cache[index] = strips
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        if not self._exact[index]:
            self._heights[index] = len(strips)
            self._exact[index] = 1
            if not self._fix_pending:
                self._fix_pending = True
                self.call_after_refresh(self._apply_heights)
        return strips

    def _side_styles(self, side: str) -> SideStyles:
        styles = self._styles.get(side)
        if styles is None:
            style = self.get_component_rich_style
            body = style(f"thread-view--{side}")
            styles = self._styles[side] = SideStyles(
                base=self.rich_style,
                body=body,
                bar=style(f"thread-view--{side}-bar"),
                label=style(f"thread-view--{side}-label"),
                meta=body + style("thread-view--meta", partial=True),
                empty=body + style("thread-view--empty", partial=True),
            )
        return styles

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if not self._layout_width and self._messages and width >= 2:
            # Shown for the first time (set while its pane was hidden): lay out now, so this very
            # frame draws the messages rather than the next one, after the Resize event.
            self._relayout()
        line_number = int(self.scroll_y) + y
        if not self._messages:
            if y == 1:
                note = set_cell_size("  No messages in this conversation.", width)
                return Strip([Segment(note, self.get_component_rich_style("thread-view--empty"))], width)
            return Strip.blank(width, self.rich_style)
        if line_number >= self._offsets[-1]:
            return Strip.blank(width, self.rich_style)
        index = self.message_at(line_number)
        strips = self._render_message(index)
        within = line_number - self._offsets[index]
        if within < len(strips) and strips[within].cell_length == width:
            return strips[within]
        return Strip.blank(width, self.rich_style)
