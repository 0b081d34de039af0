"""The command palette (`ctrl+p`): every key that applies, with its key shown, and the recent tickets."""

from __future__ import annotations

from textual.command import CommandInput, CommandList, CommandPalette

from app.demo.samples import HOSTILE_ID, SAMPLE_IDS
from tests.helpers import EXAMPLE_ID, make_app, open_ticket, settle

LONG_ID = next(ticket_id for ticket_id, about in SAMPLE_IDS if about.startswith("Long conversation"))
UNOPENED_ID = next(ticket_id for ticket_id, _ in SAMPLE_IDS if ticket_id not in (EXAMPLE_ID, LONG_ID, HOSTILE_ID))


async def _palette(pilot, typed: str = "") -> list[str]:
    """Open the palette, type ``typed`` and return its entries as text (title, then help, by line)."""
    pilot.app.action_command_palette()
    await settle(pilot)
    assert isinstance(pilot.app.screen, CommandPalette)
    if typed:
        await pilot.press(*typed)
        await settle(pilot)
        assert pilot.app.screen.query_one(CommandInput).value == typed
    return [str(option.prompt) for option in pilot.app.screen.query_one(CommandList).options]


async def test_the_palette_lists_the_keys_that_apply_each_with_its_key(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        assert app.focused is app.main.thread_view
        entries = await _palette(pilot)
        # The App's keys (though the palette, on top, covers the screen they act on) ...
        for entry in (
            "Copy…\nKey: c",
            "Refresh\nKey: r",
            "Details\nKey: 1",
            "Ticket ID\nKey: / or ^l",
            "Theme\nKey: T",
        ):
            assert entry in entries, entries
        # ... and the focused conversation's, each key on its own (not the footer's "j k" pair).
        for entry in ("Filter\nKey: f", "Copy\nKey: y", "Message\nKey: j or n", "Find\nKey: ^f"):
            assert entry in entries, entries
        # Textual's own commands stay, but not twice over where a key of ours does the same.
        assert any(entry.startswith("Keys\n") for entry in entries)
        assert [entry for entry in entries if entry.split("\n")[0] in ("Quit", "Theme")] == [
            "Quit\nKey: ^q or q",
            "Theme\nKey: T",
        ]
        assert not any(entry.startswith("palette") for entry in entries)


async def test_from_the_id_bar_the_apps_keys_it_takes_as_typing_are_still_commands(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.focused is app.query_one("#id-input")  # `c`, `T` and `q` type into it here
        entries = await _palette(pilot)
        for entry in ("Copy…\nKey: c (elsewhere)", "Theme\nKey: T (elsewhere)", "Ticket ID\nKey: / or ^l"):
            assert entry in entries, entries
        # q types here too, but ctrl+q quits from anywhere: the palette names the key that works here.
        assert [entry for entry in entries if entry.startswith("Quit\n")] == ["Quit\nKey: ^q"]


async def test_keys_that_do_not_apply_are_left_out(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        entries = [entry.split("\n")[0] for entry in await _palette(pilot)]
        assert "Ticket ID" in entries
        for disabled in ("Refresh", "Details", "Conversation", "Attachments"):  # no ticket yet
            assert disabled not in entries, entries


async def test_a_command_runs_its_action_once_the_palette_has_closed(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        entries = await _palette(pilot, "details")
        assert entries[0] == "Details\nKey: 1"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, CommandPalette)
        assert app.focused is not None and app.focused.id == "details"


async def test_recent_tickets_are_listed_newest_first_and_open_from_the_palette(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        await open_ticket(pilot, LONG_ID)
        entries = await _palette(pilot)
        recent = [entry for entry in entries if entry.startswith("Open ")]
        assert recent[0].startswith(f"Open {LONG_ID} — ")
        assert recent[1] == f"Open {EXAMPLE_ID} — API Integration Issue\nRecent ticket · ◑ In progress"
        await pilot.press("escape")
        await settle(pilot)
        await _palette(pilot, "integration issue")
        await pilot.press("enter")
        await settle(pilot)
        assert app.ticket is not None and app.ticket.id == EXAMPLE_ID


async def test_typing_an_id_offers_to_open_it(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        entries = await _palette(pilot, UNOPENED_ID)
        assert entries[0] == f"Open ticket {UNOPENED_ID}"
        await pilot.press("enter")
        await settle(pilot)
        assert app.ticket is not None and app.ticket.id == UNOPENED_ID
        entries = await _palette(pilot, "quit now")  # not one word: not an ID
        assert not any(entry.startswith("Open ticket") for entry in entries)


async def test_hostile_titles_are_shown_as_text_and_never_acted_on(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, HOSTILE_ID)
        for typed in ("", "urgent"):
            entries = await _palette(pilot, typed)
            (entry,) = [entry for entry in entries if entry.startswith(f"Open {HOSTILE_ID}")]
            assert "— [bold red]URGENT[/] refund ^[[2J[@click=app.quit]click me" in entry
            assert "\x1b" not in entry and "\x07" not in entry
            await pilot.press("escape")
            await settle(pilot)
        assert app.is_running
