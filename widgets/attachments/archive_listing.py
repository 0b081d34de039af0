"""An archive's members as a table (name, size, packed size, date), keyboard only, at 80 columns.

Names arrive display-safe from the core; they are drawn as plain text (never markup). A name
that would land outside the archive's folder is marked ``⚠``; folders end in ``/``, links show
where they point. ``enter`` asks for the highlighted member to be shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from app.core.text.formatting import format_size

if TYPE_CHECKING:
    from app.core.attachments.archives import Listing, Member

SIZE_WIDTH = 10
DATE_WIDTH = 16
NAME_MIN = 20


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


def _size(value: int | None) -> Text:
    return Text("" if value is None else format_size(value), justify="right")


class ArchiveListing(DataTable[Text]):
    """The members of one archive; ``enter`` posts ``MemberChosen``."""

    DEFAULT_CSS = """
    ArchiveListing { height: 1fr; border: none; scrollbar-size-vertical: 1; &:focus { border: none; } }
    """

    BINDINGS = [
        Binding("enter", "select_cursor", "Show member", id="viewer.show-member"),
        Binding("home,g", "first_row", "First", show=False, id="viewer.first-member"),
        Binding("end,G", "last_row", "Last", show=False, id="viewer.last-member"),
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
        super().__init__(cursor_type="row", zebra_stripes=False, id=id)
        self.listing = listing

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        packed = self.listing.format in ("zip", "gzip")
        fixed = SIZE_WIDTH + DATE_WIDTH + (SIZE_WIDTH if packed else 0)
        columns = 3 if packed else 2
        # Each column has a cell padding of 1 on both sides; the scrollbar takes one more.
        name_width = max(NAME_MIN, self.size.width - fixed - 2 * (columns + 1) - 1)
        self.add_column("Name", width=name_width, key="name")
        self.add_column("Size", width=SIZE_WIDTH, key="size")
        if packed:
            self.add_column("Packed", width=SIZE_WIDTH, key="packed")
        self.add_column("Modified (UTC)", width=DATE_WIDTH, key="modified")
        rows = []
        for member in self.listing.members:
            # Text, never str: DataTable would read a str as markup, and names are the archive's.
            name = Text(member_label(member), no_wrap=True, overflow="ellipsis")
            if member.outside:
                name.stylize("bold", 0, 1)
            file = member.type == "file"
            cells = [name, _size(member.size if file else None)]
            if packed:
                cells.append(_size(member.compressed if file else None))
            cells.append(Text(member.modified.strftime("%Y-%m-%d %H:%M") if member.modified else ""))
            rows.append(cells)
        self.add_rows(rows)  # at once: one layout for 10,000 rows, not one each

    def on_resize(self) -> None:
        if self.columns and self.size.width:
            column = self.columns.get(next(iter(self.columns)))
            if column is not None:
                others = sum(c.width + 2 for key, c in self.columns.items() if key != column.key)
                column.width = max(NAME_MIN, self.size.width - others - 3)
                self.refresh()

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=max(0, self.row_count - 1))

    @property
    def member(self) -> Member | None:
        """The highlighted member."""
        row = self.cursor_row
        members = self.listing.members
        return members[row] if 0 <= row < len(members) else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if (member := self.member) is not None:
            self.post_message(self.MemberChosen(member))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if (member := self.member) is not None:
            self.post_message(self.MemberHighlighted(member))
