"""The copy menu (`c`): the ticket ID, the title, the selected message or the whole ticket, by OSC 52."""

from __future__ import annotations

from app.core.export import to_markdown
from app.demo.samples import HOSTILE_ID
from tests.fault_server import FaultServer
from tests.helpers import EXAMPLE_ID, FILES_TICKET_ID, make_app, open_ticket, serve_files, settle
from widgets.shell.copy_menu import CopyMenu


def _toasts(app) -> list[str]:
    """The text of the notifications on screen (needs ``run_test(notifications=True)``)."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def _capture(app) -> list[str]:
    """Stand in for the clipboard: what would go out as OSC 52."""
    copied: list[str] = []
    app.copy_to_clipboard = copied.append
    return copied


async def test_each_letter_copies_its_part_and_says_what_and_how_much(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    copied = _capture(app)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        ticket = app.ticket
        await pilot.press("j")  # select the agent's answer
        for key, expected, said in (
            ("i", EXAMPLE_ID, f"Copied the ticket ID\n({len(EXAMPLE_ID)} B)"),
            ("t", ticket.title, f"Copied the title\n({len(ticket.title)} B)"),
            ("m", app.main.thread_view.selected_text(), "Copied message 2 of 2\n("),
            ("w", to_markdown(ticket), "Copied the ticket as Markdown\n("),
        ):
            app.clear_notifications()
            await pilot.press("c")
            assert isinstance(app.screen, CopyMenu)
            await pilot.press(key)
            await settle(pilot)
            assert not isinstance(app.screen, CopyMenu)
            assert copied[-1] == expected
            assert any(toast.startswith(said) for toast in _toasts(app)), _toasts(app)
        assert copied[2].startswith("Agent · agent_123456789 · ")  # what `y` copies
        assert copied[3].startswith(f"# {ticket.title}\n") and "## Conversation (2)" in copied[3]
        assert all(app.settings.token is None or app.settings.token not in toast for toast in _toasts(app))


async def test_enter_copies_the_highlighted_line_and_escape_copies_nothing(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    copied = _capture(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("c")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CopyMenu) and copied == []
        assert app.focused is app.main.thread_view  # back where the agent was
        await pilot.press("c")
        await pilot.press("down", "enter")  # the second line: the title
        await settle(pilot)
        assert copied == [app.ticket.title]


async def test_without_a_ticket_the_copy_menu_says_so_instead_of_opening_empty(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    copied = _capture(app)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        # At start `c` is typed into the ID bar (or filters the queue): ask through the palette.
        app.action_command_palette()
        await settle(pilot)
        await pilot.press(*"copy", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, CopyMenu) and copied == []
        assert any("No ticket is open" in toast for toast in _toasts(app)), _toasts(app)


async def test_the_menu_fits_80x24_and_offers_every_choice_with_its_letter(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        await pilot.press("c")
        await settle(pilot)
        menu = app.screen.query_one("#copy-menu")
        assert menu.region.right <= 80 and menu.region.bottom <= 24 and menu.region.height <= 10
        lines = [str(option.prompt) for option in app.screen.query_one("#copy-menu-options").options]
        assert [line.split()[0] for line in lines] == ["i", "t", "m", "w"]
        assert [" ".join(line.split()[1:]) for line in lines] == [
            "Ticket ID",
            "Title",
            "Selected message",
            "Whole ticket as Markdown",
        ]


async def test_hostile_text_is_copied_made_safe_and_never_read_as_markup(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    copied = _capture(app)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_ticket(pilot, HOSTILE_ID)
        for key in ("i", "t", "m", "w"):
            await pilot.press("c", key)
            await settle(pilot)
        assert len(copied) == 4 and app.is_running
        for text in copied:
            assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "[bold red]URGENT[/]" in copied[1]  # the title's markup, copied as the text it is
        # The toasts carry only our own words and sizes, never the ticket's text.
        assert not any("URGENT" in toast for toast in _toasts(app))


async def test_a_ticket_without_messages_offers_no_message_to_copy() -> None:
    with FaultServer() as server:
        serve_files(server, [])  # a ticket with neither messages nor attachments
        app = make_app(server.url, token="t0ken")
        copied = _capture(app)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_ticket(pilot, FILES_TICKET_ID)
            await pilot.press("c")
            await settle(pilot)
            options = app.screen.query_one("#copy-menu-options").options
            assert [option.disabled for option in options] == [False, False, True, False]
            assert str(options[2].prompt).endswith("(none)")
            await pilot.press("m")  # nothing to copy: the menu stays
            await settle(pilot)
            assert isinstance(app.screen, CopyMenu) and copied == []
            await pilot.press("i")
            await settle(pilot)
            assert copied == [FILES_TICKET_ID]
