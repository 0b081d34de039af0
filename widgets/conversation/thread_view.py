"""The conversation: every thread message, client and agents split by side, colour and label.

A line-API widget: it draws only the lines on screen, so a ticket of 10,000 messages opens as fast
as one of two. Its layout (each message's height and where it starts, measured in the background)
is ``widgets.conversation.thread_layout``; its filter, find and reading position are ``widgets.conversation.thread_find``.

Keys scroll at once, without Textual's scroll animation: over SSH every animation frame is a
redraw sent down the link, the first frame of an animation comes a tick or two late, and a paging
animation (50 lines a second) started while another is under way can take minutes to cross a
conversation of 85,000 lines. Keys also scroll straight away rather than after the next refresh,
which the background pass would otherwise hold back until it has finished.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.actions import SkipAction
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from widgets.conversation.message_painter import SideStyles, draw, plain_text, side_of
from widgets.conversation.thread_find import FILTER_NAMES, FILTERS, ThreadFind
from widgets.conversation.thread_layout import APPLY_EVERY, LAYOUT_IDLE_WAIT, LAYOUT_SLICE
from widgets.readable import readable_words

if TYPE_CHECKING:
    from app.core.api.models import ThreadMessage

# What other modules import from here, the layout's and the filter's constants included.
__all__ = [
    "APPLY_EVERY",
    "CACHE_SIZE",
    "FILTERS",
    "FILTER_NAMES",
    "LAYOUT_IDLE_WAIT",
    "LAYOUT_SLICE",
    "ThreadView",
]

CACHE_SIZE = 128
"""Messages whose drawn lines are kept: a score of screens. Each line is a Strip carrying seven
small caches of its own, so a bigger cache mostly makes Python's full garbage collections slower."""


class ThreadView(ThreadFind, can_focus=True):
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
    ]

    class CopyRequested(Message):
        """The agent asked to copy the selected message."""

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
        /* Found text: on the full warning colour, in black or white words, whichever reads better
           (see get_component_rich_style); the terminal's own colours reversed where it has only 16. */
        & > .thread-view--match { background: $warning; text-style: bold; }
        &:ansi > .thread-view--match { background: ansi_default; color: ansi_default; text-style: bold reverse; }
        &:nocolor > .thread-view--match { text-style: bold reverse; }
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._styles: dict[str, SideStyles] = {}
        self._new: frozenset[int] = frozenset()
        """The messages (by ``id``) that arrived since the agent last looked at the ticket."""
        self.zone: tzinfo | None = None
        """The zone the messages' times are shown in (UTC if none)."""

    # --- public API ---------------------------------------------------------------------

    @property
    def message_count(self) -> int:
        """How many messages the conversation holds."""
        return len(self._messages)

    @property
    def cursor(self) -> int:
        """The index (among the messages shown) of the selected message."""
        return self._cursor

    @property
    def new_count(self) -> int:
        """How many messages are marked new."""
        return len(self._new)

    def set_messages(
        self, messages: Sequence[ThreadMessage], *, new_from: int | None = None, zone: tzinfo | None = None
    ) -> None:
        """Show a new conversation, scrolled to its first message, with its first message selected.

        Messages from index ``new_from`` on are marked new (they arrived since the agent last looked);
        times are shown in ``zone`` (UTC if none).
        """
        self.zone = zone
        self._all = messages
        self._new = frozenset(map(id, messages[new_from:])) if new_from is not None else frozenset()
        self._pending_top = None
        self.init_find()
        self._show(messages, cursor=0)
        self._describe()

    def message_lines(self, index: int) -> list[str]:
        """The plain text of the lines drawn for message ``index`` (for tests and copying)."""
        return [strip.text for strip in self._render_message(index)]

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
        view = self.view_size.height
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
        # No toast: the pane's bottom border says what the filter shows, where a toast would cover it.
        self.set_filter(FILTERS[(FILTERS.index(self._filter) + 1) % len(FILTERS)])

    def selected_text(self) -> str:
        """The selected message as plain text: who, when, then what they wrote (made safe)."""
        return plain_text(self._messages[self._cursor], self.zone)

    def action_copy_message(self) -> None:
        """Copy the selected message (the screen copies it as ``c m`` does: too big, to a file)."""
        if self._messages:
            self.post_message(self.CopyRequested())

    # --- drawing ------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        self._styles.clear()

    def get_component_rich_style(self, *names: str, partial: bool = False, default: Style | None = None) -> Style:
        style = super().get_component_rich_style(*names, partial=partial, default=default)
        # Found text: black or white words on the highlight, whichever reads better in this theme.
        return readable_words(style) if names == ("thread-view--match",) else style

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
            message,
            width,
            self._side_styles(side_of(message.type)),
            cursor,
            needle=self._needle,
            mark=mark,
            new=new,
            zone=self.zone,
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
        width = self.view_size.width
        if self._messages and width >= 2 and width != self._layout_width:
            # Shown for the first time (set while its pane was hidden), or resized: lay out now, so
            # this very frame draws the messages rather than the next one, after the Resize event.
            top = self.message_at(int(self.scroll_y)) if self._layout_width else None
            self._relayout()
            if top is not None:
                self.scroll_to_message(top)
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
