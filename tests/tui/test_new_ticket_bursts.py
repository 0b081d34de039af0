"""The New ticket form under bursts of keys, as SSH and ``tmux send-keys`` deliver them: each key goes
where the keys before it sent the focus (``tab`` and ``shift+tab`` from every field, a choice's list,
``enter`` in a line field, ``ctrl+n``).

The keys are queued together (``burst``): ``pilot.press`` lets the app settle after each key and
would pass whether or not the form handled a burst.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from app.core.api.new_ticket import NewTicket
from app.demo.server import DemoServer
from tests.helpers import make_app, settle
from tests.new_ticket_helpers import GOOD, burst, open_form, user_data  # own_demo is a fixture
from widgets.new_ticket.form import NewTicketForm


def focused_id(form: NewTicketForm) -> str | None:
    focused = form.focused
    return focused.id if focused is not None else None


async def test_a_whole_ticket_typed_in_one_burst_lands_field_by_field(own_demo: DemoServer, tmp_path: Path) -> None:
    """Title, tab, description (with a new line), tab, a choice picked in its list, tab, the other by
    its letter, tab, tags, ctrl+s: all in one burst, and exactly that is created (not what the fields
    held when ctrl+s was read)."""
    app = make_app(own_demo.base_url, demo=True, user_data=user_data(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        burst(
            app,
            *"Kiosk 14 offline",
            "tab",
            *"It stopped at 9am.",
            "enter",
            *"Rebooted twice.",
            "tab",
            "enter",
            "down",
            "down",
            "down",
            "enter",  # the priority's list: high
            "tab",
            "b",  # the category by its letter: billing
            "tab",
            *"kiosk, store-14",
            "ctrl+s",
        )
        await settle(pilot)
        assert not isinstance(app.screen, NewTicketForm)
        created = app.main.ticket
        assert created is not None
        assert (created.title, created.description, created.priority, created.category, created.tags) == (
            "Kiosk 14 offline",
            "It stopped at 9am.\nRebooted twice.",
            "high",
            "billing",
            ["kiosk", "store-14"],
        )


async def test_tab_in_a_burst_leaves_the_title_before_the_text_after_it(demo_server: DemoServer) -> None:
    """The trial's own keys: the description never goes into the title; enter after it is a new line."""
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        burst(app, *"Kiosk 14 offline", "tab", *"It stopped at 9am.", "enter")
        await settle(pilot)
        assert form.query_one("#title", Input).value == "Kiosk 14 offline"
        assert form.query_one("#description", TextArea).text == "It stopped at 9am.\n"
        assert app.screen is form and focused_id(form) == "description"
        assert not form.query_one("#title-problem").display  # nothing was sent or checked


async def test_shift_tab_in_a_burst_goes_back_field_by_field(demo_server: DemoServer) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        form.query_one("#tags", Input).focus()
        await pilot.pause()
        burst(app, *"api", "shift+tab", "t", "shift+tab", "m", "shift+tab", *"Slow", "shift+tab", *"Title")
        await settle(pilot)
        ticket = form.ticket()
        assert (ticket.title, ticket.description, ticket.priority, ticket.category, ticket.tags) == (
            "Title",
            "Slow",
            "medium",
            "technical",
            ("api",),
        )
        assert focused_id(form) == "title"


async def test_tab_from_an_open_list_moves_on_and_the_list_keeps_no_focus(demo_server: DemoServer) -> None:
    """The list's late focus took the focus back from the next field: the text after it landed nowhere."""
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        burst(app, "tab", "tab", "enter", "down", "enter", "tab", "enter", "down", "tab", *"vip")
        await settle(pilot)
        assert form.ticket().priority == "low"  # the first option, picked
        assert form.ticket().category == ""  # its list was left open with tab: nothing picked
        assert form.query_one("#tags", Input).value == "vip"
        assert focused_id(form) == "tags"
        burst(app, "shift+tab", "shift+tab", "enter", "end", "enter", "shift+tab", "shift+tab", *"Printer")
        await settle(pilot)
        assert form.ticket().priority == "urgent"  # end of the list
        assert form.query_one("#title", Input).value == "Printer"


async def test_escape_closes_an_open_list_without_choosing_and_keeps_the_form(demo_server: DemoServer) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        burst(app, "tab", "tab", "enter", "down", "down", "escape", "u")
        await settle(pilot)
        assert app.screen is form and focused_id(form) == "priority"
        assert form.ticket().priority == "urgent"  # escape left it unset; u (closed) chose urgent


async def test_enter_in_the_title_marks_at_once_and_the_rest_of_the_burst_follows_the_focus(
    demo_server: DemoServer,
) -> None:
    """Enter in the title checks the form: the description is marked and focused before the text after it."""
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        burst(app, *"Kiosk", "enter", *"It stopped")
        await settle(pilot)
        assert form.query_one("#title", Input).value == "Kiosk"
        assert form.query_one("#description", TextArea).text == "It stopped"
        assert app.screen is form


async def test_ctrl_n_and_a_new_title_in_one_burst(demo_server: DemoServer, tmp_path: Path) -> None:
    """Starting empty over an offered draft and typing the new title at once: the title is all new."""
    data = user_data(tmp_path)
    data.drafts.save(GOOD)
    app = make_app(demo_server.base_url, demo=True, user_data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        form.query_one("#tags", Input).focus()
        await pilot.pause()
        burst(app, *"typed", "ctrl+n", *"Fresh")  # what was typed before ctrl+n is cleared with the draft
        await settle(pilot)
        assert form.ticket() == NewTicket.of(title="Fresh")


async def test_a_letter_in_an_open_list_goes_to_its_option_before_enter_picks(demo_server: DemoServer) -> None:
    app = make_app(demo_server.base_url, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        burst(app, "tab", "tab", "enter", "h", "x", "enter", "tab", "enter", "f", "enter", "tab", *"sso")
        await settle(pilot)
        assert (form.ticket().priority, form.ticket().category) == ("high", "feature_request")  # x: no option, nothing
        assert form.query_one("#tags", Input).value == "sso"
