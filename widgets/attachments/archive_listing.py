"""An archive's members as a table (name, size, packed size, date), keyboard only, at 80 columns.

A line-API widget: only the rows on screen are formatted, each once until something changes, so a
listing of 10,000 members opens and scrolls like one of ten. It looks and answers the keys as
Textual's ``DataTable`` with a row cursor did: a fixed header, ``up`` / ``down``, ``pageup`` /
``pagedown``, ``home`` / ``end`` (and ``g`` / ``G``), ``enter``; a click moves the cursor, a click
on the cursor's row chooses it.

Names arrive display-safe from the core; they are drawn as plain text (never markup). A name
that would land outside the archive's folder is marked ``⚠``; folders end in ``/``, links show
where they point. ``enter`` asks for the highlighted member to be shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from app.core.text.formatting import format_size

if TYPE_CHECKING:
    from textual import events

    from app.core.attachments.archives import Listing, Member

SIZE_WIDTH = 10
DATE_WIDTH = 16
NAME_MIN = 20
PADDING = 1
"""Blank cells on each side of every column."""
CACHE_SIZE = 400
"""Rows drawn and kept (a screenful is under 100)."""


def member_label(member: Member) -> str:
    """The name as the table shows it: ``⚠`` first when outside, ``/`` after a folder, ``→`` to a link's target."""
    name = member.name
    if member.type == "dir" and not name.endswith("/"):
        name += "/"
    if member.type == "link" and member.link_target:
        name += f" → {member.link_target}"
    if member.encrypted:
        name = "🔒 " + name
    if member.outside:
        name = "⚠ " + name
    return name


def _fit(text: str, width: int, *, right: bool = False) -> str:
    """``text`` in exactly ``width`` cells: cut with an ellipsis, or padded (on the left if ``right``)."""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…" if width > 0 else ""
    padding = " " * (width - length)
    return padding + text if right else text + padding


def _size(value: int | None) -> str:
    return "" if value is None else format_size(value)


class ArchiveListing(ScrollView, can_focus=True):
    """The members of one archive; ``enter`` posts ``MemberChosen``."""

    COMPONENT_CLASSES = {"archive-listing--header", "archive-listing--cursor", "archive-listing--hover"}

    # As Textual's DataTable draws itself, so the listing looks as it did when it was one.
    DEFAULT_CSS = """
    ArchiveListing {
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        &:focus {
            background-tint: $foreground 5%;
            & > .archive-listing--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .archive-listing--header { background-tint: $foreground 5%; }
        }
        & > .archive-listing--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .archive-listing--header { background: ansi_bright_blue; color: ansi_default; }
        & > .archive-listing--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .archive-listing--hover { background: $block-hover-background; }
    }
    """

    BINDINGS = [
        Binding("enter", "select_cursor", "Show member", id="viewer.show-member"),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g,ctrl+home", "first_row", "First", show=False, id="viewer.first-member"),
        Binding("end,G,ctrl+end", "last_row", "Last", show=False, id="viewer.last-member"),
    ]

    class MemberChosen(Message):
        """The agent asked to see a member."""

        def __init__(self, member: Member) -> None:
            super().__init__()
            self.member = member

    class MemberHighlighted(Message):
        """The cursor moved onto a member (its full name and notes go under the table)."""

        def __init__(self, member: Member) -> None:
            super().__init__()
            self.member = member

    def __init__(self, listing: Listing, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.listing = listing
        self._cursor = 0
        self._hover: int | None = None
        """The row under the mouse pointer, shown while the mouse moves (the keys hide it)."""
        self._packed = listing.format in ("zip", "gzip")
        # A zip keeps its times as the packing computer's clock read, with no zone; tar and gzip in UTC.
        self._modified = "Modified" if listing.format == "zip" else "Modified (UTC)"
        self._columns: list[tuple[str, int, bool]] = []
        """Each column's heading, width in cells and alignment (right or not), for ``_columns_width``."""
        self._columns_width = -1
        self._cache: dict[int, Strip] = {}
        self._styles: dict[str, Style] = {}

    # --- what the listing holds -----------------------------------------------------------

    @property
    def row_count(self) -> int:
        """How many members are listed."""
        return len(self.listing.members)

    @property
    def cursor_row(self) -> int:
        """The index of the highlighted member."""
        return self._cursor

    @property
    def member(self) -> Member | None:
        """The highlighted member."""
        members = self.listing.members
        return members[self._cursor] if 0 <= self._cursor < len(members) else None

    def on_mount(self) -> None:
        self.virtual_size = Size(self.size.width, self.row_count + 1)
        if (member := self.member) is not None:
            self.post_message(self.MemberHighlighted(member))

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.row_count + 1)
        self._scroll_to_cursor()

    # --- the cursor -----------------------------------------------------------------------

    @property
    def _visible_rows(self) -> int:
        return self.scrollable_content_region.height - 1  # under the header

    def move_cursor(self, row: int) -> None:
        """Highlight member ``row`` (clamped) and scroll it into view."""
        row = max(0, min(row, self.row_count - 1))
        self._set_hover(None)
        old, self._cursor = self._cursor, row
        self._scroll_to_cursor()
        if old != row:
            for index in (old, row):
                self._cache.pop(index, None)
                self.refresh_line(index + 1)  # in the virtual space: the header is line 0
            if (member := self.member) is not None:
                self.post_message(self.MemberHighlighted(member))

    def _scroll_to_cursor(self) -> None:
        visible, top = self._visible_rows, int(self.scroll_y)
        if visible < 1:
            return  # hidden (a member is shown in its place): scrolled into view when shown again
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + visible:
            self.scroll_to(y=self._cursor - visible + 1, animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        self.move_cursor(self._cursor + step)

    def action_page(self, step: int) -> None:
        """A screen of rows on, the cursor keeping its place on screen."""
        page = max(1, self._visible_rows)
        self.scroll_to(y=self.scroll_y + step * page, animate=False, immediate=True)
        self.move_cursor(self._cursor + step * page)

    def action_first_row(self) -> None:
        self.move_cursor(0)

    def action_last_row(self) -> None:
        self.move_cursor(self.row_count - 1)

    def action_select_cursor(self) -> None:
        if (member := self.member) is not None:
            self.post_message(self.MemberChosen(member))

    # --- the mouse ------------------------------------------------------------------------

    def _row_at(self, y: int) -> int | None:
        row = int(self.scroll_y) + y - 1
        return row if y >= 1 and 0 <= row < self.row_count else None

    def on_click(self, event: events.Click) -> None:
        row = self._row_at(event.y)
        if row is None:
            return
        event.stop()
        chosen = row == self._cursor
        self.move_cursor(row)
        if chosen:
            self.action_select_cursor()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._row_at(event.y))

    def on_leave(self) -> None:
        self._set_hover(None)

    def _set_hover(self, row: int | None) -> None:
        if row == self._hover:
            return
        for index in (self._hover, row):
            if index is not None:
                self._cache.pop(index, None)
                self.refresh_line(index + 1)  # in the virtual space: the header is line 0
        self._hover = row

    # --- drawing --------------------------------------------------------------------------

    def _layout(self) -> list[tuple[str, int, bool]]:
        """The columns at this width: the name takes what the others leave."""
        width = self.size.width
        if width != self._columns_width:
            others = [("Size", SIZE_WIDTH, True)]
            if self._packed:
                others.append(("Packed", SIZE_WIDTH, True))
            others.append((self._modified, DATE_WIDTH, False))
            used = sum(cells + 2 * PADDING for _, cells, _ in others)
            name = max(NAME_MIN, width - used - 2 * PADDING - 1)  # and one for the scrollbar
            self._columns = [("Name", name, False), *others]
            self._columns_width = width
            self._cache.clear()
        return self._columns

    def _style(self, name: str) -> Style:
        """The listing's style (``""``) or a component's over it, looked up once per change of styles."""
        style = self._styles.get(name)
        if style is None:
            if name == "header":
                style = self.get_component_rich_style("archive-listing--header")
            elif name:
                style = self._style("") + self.get_component_rich_style(f"archive-listing--{name}")
            else:
                style = self.rich_style
            self._styles[name] = style
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    def _line(self, row: int, texts: list[str], style: Style, *, bold_first: bool = False) -> Strip:
        """One line of cells (``row`` -1: the header, its headings all to the left); the rest of the
        width in the row's style."""
        segments: list[Segment] = []
        used = 0
        pad = " " * PADDING
        for column, ((_, cells, right), text) in enumerate(zip(self._layout(), texts, strict=True)):
            cell_style = style + Style.from_meta({"row": row, "column": column})
            text = _fit(text, cells, right=right and row >= 0)
            if bold_first and column == 0 and text:
                segments.append(Segment(pad, cell_style))
                segments.append(Segment(text[0], cell_style + Style(bold=True)))
                segments.append(Segment(text[1:] + pad, cell_style))
            else:
                segments.append(Segment(pad + text + pad, cell_style))
            used += cells + 2 * PADDING
        width = self.scrollable_content_region.width
        if used < width:
            segments.append(
                Segment(" " * (width - used), style + Style.from_meta({"row": row, "column": 0, "out_of_bounds": True}))
            )
        return Strip(segments).crop(0, width) if used > width else Strip(segments, width)

    def _row(self, index: int) -> Strip:
        member = self.listing.members[index]
        file = member.type == "file"
        texts = [member_label(member), _size(member.size if file else None)]
        if self._packed:
            texts.append(_size(member.compressed if file else None))
        texts.append(member.modified.strftime("%Y-%m-%d %H:%M") if member.modified else "")
        style = self._style("")
        if index == self._hover:
            style = self._style("hover")
        if index == self._cursor:
            cursor = self.get_component_rich_style("archive-listing--cursor")
            # Over the hover, and over any style of the text (as DataTable's CSS priority does).
            style = style + cursor
        return self._line(index, texts, style, bold_first=member.outside)

    def render_line(self, y: int) -> Strip:
        self._layout()
        if y == 0:
            return self._line(-1, [label for label, _, _ in self._columns], self._style("header"))
        index = int(self.scroll_y) + y - 1
        if not 0 <= index < self.row_count:
            return Strip.blank(self.scrollable_content_region.width, self._style(""))
        strip = self._cache.get(index)
        if strip is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            strip = self._cache[index] = self._row(index)
        return strip
