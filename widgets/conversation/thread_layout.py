"""The conversation's layout: each message's height, where it starts, and the background pass.

The base of ``widgets.conversation.thread_view.ThreadView`` (through ``ThreadFind``), which draws only the lines on screen. Message
heights are known exactly for what has been laid out and estimated for the rest; a background pass
lays out the remainder in slices of a few milliseconds and applies the heights together, keeping
the message at the top of the view still as they settle.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from itertools import accumulate
from time import perf_counter
from typing import TYPE_CHECKING

from textual import work
from textual.geometry import Size
from textual.scroll_view import ScrollView

from widgets.conversation.message_painter import estimate_heights, measure, side_of, text_width

if TYPE_CHECKING:
    from textual.strip import Strip

    from app.core.api.models import ThreadMessage

LAYOUT_SLICE = 0.004
"""Seconds the background layout pass measures before it lets the UI run (keys, frames)."""
LAYOUT_IDLE_WAIT = 0.05
"""Before each slice the pass waits for the screen to be refreshed and idle, so keys and frames
go first (a key takes many turns of the event loop to bubble to its binding); at most this long."""
APPLY_EVERY = 0.5
"""Seconds between applying the heights a long background pass has measured so far."""


class ThreadLayout(ScrollView):
    """The messages shown, the selected one, heights (exact or estimated), offsets, and the pass
    that measures the rest in the background."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._messages: Sequence[ThreadMessage] = ()
        """The messages shown: all of them, or those the filter lets through."""
        self._all: Sequence[ThreadMessage] = ()
        self._cursor = 0
        """The selected message (an index into ``_messages``)."""
        self._cache: OrderedDict[int, list[Strip]] = OrderedDict()
        """The drawn lines of recently drawn messages."""
        self._heights: list[int] = []
        self._exact = bytearray()
        self._offsets: list[int] = [0]
        self._layout_width = 0
        self._fix_pending = False
        self._generation = 0
        self._inners: dict[tuple[str | None, int], int] = {}
        self._pending_top: int | None = None
        """Rows below the selected message's start to put at the top once laid out (a restored position)."""
        self._laid_out = asyncio.Event()
        """Set once the messages shown are laid out at a real width (a hidden view waits to be shown)."""

    # --- where messages are -------------------------------------------------------------

    @property
    def layout_complete(self) -> bool:
        """True once every message's height is exact (the background pass has finished)."""
        return len(self._exact) == len(self._messages) and 0 not in self._exact

    async def laid_out(self) -> None:
        """Wait until the messages shown are laid out at the view's width."""
        await self._laid_out.wait()

    def message_offset(self, index: int) -> int:
        """The virtual line where message ``index`` starts."""
        return self._offsets[index]

    def message_at(self, line: int) -> int:
        """The index of the message drawn at virtual line ``line``."""
        return max(0, min(len(self._messages) - 1, bisect_right(self._offsets, line) - 1))

    def scroll_to_message(self, index: int, *, animate: bool = False) -> None:
        """Scroll so that message ``index`` is at the top of the view."""
        self.scroll_to(y=self._offsets[index], animate=animate, immediate=not animate)

    def _show(self, messages: Sequence[ThreadMessage], *, cursor: int) -> None:
        self._messages = messages
        self._cursor = cursor
        self._layout_width = 0
        self._laid_out.clear()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._relayout()
        if 0 < cursor < len(self._offsets) - 1:  # laid out (a hidden pane lays out when shown)
            self.scroll_to_message(cursor)

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
        start, view = self._offsets[index], self.view_size.height
        top = int(self.scroll_y)
        if align == "top" or start < top:
            self.scroll_to(y=start, animate=False, immediate=True)
        elif start + min(self._heights[index], view) > top + view:
            self.scroll_to(y=start + min(self._heights[index], view) - view, animate=False, immediate=True)

    def _scroll_below(self, below: int) -> None:
        height = self._heights[self._cursor]
        # Above its start too (the message lower in the view), as long as all of it stays in view.
        lowest = min(0, height - self.view_size.height)
        top = self._offsets[self._cursor] + max(lowest, min(below, height - 1))
        self.scroll_to(y=top, animate=False, immediate=True)

    # --- layout -------------------------------------------------------------------------

    @property
    def view_size(self) -> Size:
        """The cells that messages are drawn in: the content area less the scrollbar.

        Worked out from the widget's own size, which is current when a Resize arrives (the screen's
        map of regions, which ``scrollable_content_region`` reads, can still hold the old one then).
        """
        size, scrollbar = self.size, self.scrollbar_gutter
        return Size(max(0, size.width - scrollbar.width), max(0, size.height - scrollbar.height))

    def _content_width(self) -> int:
        return max(1, self.view_size.width)

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
        width = self.view_size.width
        self._cache.clear()
        self._inners.clear()
        self._generation += 1
        messages = self._messages
        if width < 2:
            # Not on screen yet (a hidden pane): lay out when a real width arrives (on_resize).
            self._layout_width = 0
            self._heights, self._exact, self._offsets = [], bytearray(), [0]
            self.virtual_size = Size(0, 0)
            if not messages:
                self._laid_out.set()  # nothing to lay out at any width
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
        self._laid_out.set()
        if self._pending_top is not None:
            below, self._pending_top = self._pending_top, None
            self._scroll_below(below)
        if 0 in self._exact:
            self._layout_rest(self._generation)

    @work(group="thread-layout", exclusive=True)
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
        for index, height in zip(found, heights, strict=True):
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
            target = max(0, self._offsets[-1] - self.view_size.height)
        else:
            target = self._offsets[anchor] + min(within, self._heights[anchor] - 1)
        if target != top:
            self.scroll_to(y=target, animate=False, immediate=True)
        self.refresh()

    def on_resize(self) -> None:
        if self._messages and self.view_size.width != self._layout_width:
            top = self.message_at(int(self.scroll_y))
            self._relayout()
            self.scroll_to_message(top)
