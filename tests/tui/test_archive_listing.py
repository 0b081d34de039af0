"""An archive's listing of 10,000 members: only the rows on screen are drawn, and the keys and the
mouse move the cursor as in a table (pilot tests on the widget alone)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.app import App, ComposeResult

from app.core.attachments.archives import Listing, Member
from widgets.attachments import archive_listing
from widgets.attachments.archive_listing import ArchiveListing

MEMBERS = 10_000


def _listing(count: int = MEMBERS, *, names: dict[int, str] | None = None) -> Listing:
    when = datetime(2024, 6, 3, 9, 12, tzinfo=UTC)
    members = tuple(
        Member(
            index=number,
            name=(names or {}).get(number, f"logs/{number // 100:03d}/kiosk-{number:05d}.log"),
            size=1000 + number,
            compressed=400,
            modified=when,
            type="file",
            outside=number == 3,
        )
        for number in range(count)
    )
    return Listing("zip", "ZIP archive", members, count, sum(member.size or 0 for member in members))


class ListingApp(App[None]):
    def __init__(self, listing: Listing) -> None:
        super().__init__()
        self.listing = listing
        self.highlighted: list[int] = []
        self.chosen: list[int] = []

    def compose(self) -> ComposeResult:
        yield ArchiveListing(self.listing, id="archive-listing")

    def on_mount(self) -> None:
        self.query_one(ArchiveListing).focus()

    def on_archive_listing_member_highlighted(self, event: ArchiveListing.MemberHighlighted) -> None:
        self.highlighted.append(event.member.index)

    def on_archive_listing_member_chosen(self, event: ArchiveListing.MemberChosen) -> None:
        self.chosen.append(event.member.index)


def _line(table: ArchiveListing, y: int) -> str:
    return table.render_line(y).text


async def test_only_the_rows_on_screen_are_formatted(monkeypatch: pytest.MonkeyPatch) -> None:
    formatted: list[str] = []
    label = archive_listing.member_label

    def counting(member: Member) -> str:
        formatted.append(member.name)
        return label(member)

    monkeypatch.setattr(archive_listing, "member_label", counting)
    app = ListingApp(_listing())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(ArchiveListing)
        assert table.row_count == MEMBERS and table.cursor_row == 0 and app.highlighted == [0]
        assert 0 < len(formatted) <= 2 * 23  # a screenful (23 rows under the header), not 10,000
        assert _line(table, 0).split() == ["Name", "Size", "Packed", "Modified"]  # a zip keeps no zone with its times
        assert "logs/000/kiosk-00000.log" in _line(table, 1) and "2024-06-03 09:12" in _line(table, 1)
        assert _line(table, 4).lstrip().startswith("⚠ logs/000/kiosk-00003.log")
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == MEMBERS - 1 and app.highlighted[-1] == MEMBERS - 1
        assert "kiosk-09999.log" in _line(table, 23)  # the last row, at the bottom of the screen
        assert len(formatted) <= 4 * 23


async def test_the_keys_move_the_cursor_as_in_a_table() -> None:
    app = ListingApp(_listing())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(ArchiveListing)
        page = table.scrollable_content_region.height - 1  # rows under the header
        await pilot.press("down", "down")
        assert table.cursor_row == 2 and app.highlighted[-2:] == [1, 2]
        await pilot.press("up")
        assert table.cursor_row == 1
        await pilot.press("pagedown")
        assert table.cursor_row == 1 + page and table.scroll_y == page
        await pilot.press("pagedown", "pageup")
        assert table.cursor_row == 1 + page and table.scroll_y == page
        await pilot.press("G")
        assert table.cursor_row == MEMBERS - 1 and table.scroll_y == table.max_scroll_y
        await pilot.press("down")  # no row after the last
        assert table.cursor_row == MEMBERS - 1
        await pilot.press("g")
        assert table.cursor_row == 0 and table.scroll_y == 0
        await pilot.press("ctrl+end")
        assert table.cursor_row == MEMBERS - 1
        await pilot.press("home", "up")  # none before the first
        assert table.cursor_row == 0
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.chosen == [1]


async def test_a_click_moves_the_cursor_and_a_click_on_it_chooses() -> None:
    app = ListingApp(_listing(50))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(ArchiveListing)
        await pilot.click(ArchiveListing, offset=(5, 5))  # the fifth row under the header
        assert table.cursor_row == 4 and app.chosen == []
        await pilot.click(ArchiveListing, offset=(5, 5))
        await pilot.pause()
        assert app.chosen == [4]
        await pilot.click(ArchiveListing, offset=(5, 0))  # the header: nothing
        assert table.cursor_row == 4


async def test_names_are_shown_as_text_and_cut_to_the_column() -> None:
    long = "x" * 200
    app = ListingApp(_listing(3, names={0: "[bold]not markup[/bold]", 1: long}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(ArchiveListing)
        assert "[bold]not markup[/bold]" in _line(table, 1)
        row = _line(table, 2)
        assert "x…" in row and "2024-06-03 09:12" in row  # the name cut, the other columns in place
        assert len(row) == table.scrollable_content_region.width
