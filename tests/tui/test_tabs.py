"""Tabs as an agent uses them: several tickets open at once, each tab with its own history and place.

Real HTTP against FaultServers on 127.0.0.1 (and the demo API for the queue's ``t``); slow answers
are held by a ``Gate`` until the test lets them go, so "slow" never means a sleep.
"""

from __future__ import annotations

from textual.widgets import Input

from app.demo.server import DemoServer
from tests.fault_server import FaultServer, Reply, fault_server_fixture  # noqa: F401
from tests.helpers import settle, wait_until
from tests.queue_helpers import queue_ready
from tests.tab_helpers import (
    TICKET_PATH,
    gate,
    notice_text,
    screen,
    serve,
    shown_title,
    strip_text,
    tab_app,
    tab_settled,
    ticket,
)
from widgets.conversation.thread_view import ThreadView

ALPHA = ticket("T-alpha", "Alpha: cannot log in", messages=3)
BRAVO = ticket("T-bravo", "Bravo: refund", messages=2, status="pending")
CHARLIE = ticket("T-charlie", "Charlie: webhook", messages=4, status="resolved")
DELTA = ticket("T-delta", "Delta: invoices", messages=1)
LONG = ticket("T-long", "Long: a conversation of sixty messages", messages=60)


async def type_id(pilot, ticket_id: str) -> None:
    """Type ``ticket_id`` into the focused ID bar and press Enter, then wait for the answer."""
    pilot.app.query_one("#id-input", Input).value = ticket_id
    await pilot.press("enter")
    await settle(pilot)


async def open_id(pilot, ticket_id: str) -> None:
    await pilot.press("slash")
    await type_id(pilot, ticket_id)


async def test_ctrl_t_opens_an_empty_tab_and_each_tab_keeps_its_ticket(fault_server: FaultServer) -> None:
    serve(fault_server, ALPHA, BRAVO)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_id(pilot, "T-alpha")
        assert shown_title(app) == "Alpha: cannot log in  T-alpha"
        assert strip_text(app) == ""  # one tab: no strip, not a row spent on it

        await pilot.press("ctrl+t")
        id_input = app.query_one("#id-input", Input)
        assert app.focused is id_input and id_input.value == ""
        assert screen(app) == "notice" and "Look up a ticket" in notice_text(app)
        assert len(app.main.tickets.tabs) == 2 and app.main.tickets.tabs.index == 1
        strip = strip_text(app)
        assert "1 Alpha: cannot log in" in strip and "▸2 New tab" in strip

        await type_id(pilot, "T-bravo")
        assert shown_title(app) == "Bravo: refund  T-bravo"
        assert app.focused is app.query_one(ThreadView)
        strip = strip_text(app)
        assert " 1 Alpha" in strip and "▸2 Bravo: refund" in strip

        # Switching back shows tab 1's ticket at once, from memory, while its refresh is held.
        held = gate(fault_server, ALPHA)
        hits = len(fault_server.hits(TICKET_PATH + "T-alpha"))
        await pilot.press("ctrl+pageup")
        assert shown_title(app) == "Alpha: cannot log in  T-alpha"
        assert app.query_one("#id-input", Input).value == "T-alpha"
        assert "▸1 Alpha" in strip_text(app)
        await wait_until(pilot, held.arrived.is_set)  # and it refreshes in the background
        assert len(fault_server.hits(TICKET_PATH + "T-alpha")) == hits + 1
        held.release()
        await settle(pilot)
        assert shown_title(app) == "Alpha: cannot log in  T-alpha"


async def test_switch_keys_wrap_and_alt_number_goes_to_tab_n(fault_server: FaultServer) -> None:
    serve(fault_server, ALPHA, BRAVO, CHARLIE)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_id(pilot, "T-alpha")
        for ticket_id in ("T-bravo", "T-charlie"):
            await pilot.press("ctrl+t")
            await type_id(pilot, ticket_id)
        assert [tab.requested for tab in app.main.tickets.tabs.tabs] == ["T-alpha", "T-bravo", "T-charlie"]
        assert app.main.tickets.tabs.index == 2

        expected = [
            ("ctrl+pagedown", "Alpha"),  # past the last: round to the first
            ("ctrl+pagedown", "Bravo"),
            ("ctrl+pageup", "Alpha"),
            ("ctrl+pageup", "Charlie"),  # before the first: round to the last
            ("left_curly_bracket", "Bravo"),
            ("right_curly_bracket", "Charlie"),
            ("alt+1", "Alpha"),
            ("alt+3", "Charlie"),
            ("alt+2", "Bravo"),
            ("alt+9", "Bravo"),  # no tab 9: stay
        ]
        for key, title in expected:
            await pilot.press(key)
            assert (shown_title(app) or "").startswith(title), (key, shown_title(app))
            assert f"▸{app.main.tickets.tabs.index + 1} {title}" in strip_text(app)
        await settle(pilot)


async def test_ctrl_w_closes_the_tab_and_the_last_tab_closes_to_an_empty_one(fault_server: FaultServer) -> None:
    serve(fault_server, ALPHA, BRAVO, CHARLIE)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_id(pilot, "T-alpha")
        for ticket_id in ("T-bravo", "T-charlie"):
            await pilot.press("ctrl+t")
            await type_id(pilot, ticket_id)
        await pilot.press("alt+2")
        await pilot.press("ctrl+w")  # closing the middle tab shows the one after it
        assert [tab.requested for tab in app.main.tickets.tabs.tabs] == ["T-alpha", "T-charlie"]
        assert shown_title(app).startswith("Charlie")
        await pilot.press("ctrl+w")  # closing the last shows the one before it
        assert [tab.requested for tab in app.main.tickets.tabs.tabs] == ["T-alpha"]
        assert shown_title(app).startswith("Alpha")
        assert strip_text(app) == ""  # one tab left: the strip goes
        await pilot.press("ctrl+w")  # the last tab closes to an empty one
        assert len(app.main.tickets.tabs) == 1 and app.main.tickets.tabs.active.requested is None
        assert screen(app) == "notice" and "Look up a ticket" in notice_text(app)
        id_input = app.query_one("#id-input", Input)
        assert app.focused is id_input and id_input.value == ""
        assert app.ticket is None
        await pilot.press("ctrl+w")  # nothing left to close: the app stays
        assert app.is_running and len(app.main.tickets.tabs) == 1
        # The empty tab has no history of the closed one.
        await pilot.press("escape")
        await pilot.press("left_square_bracket")
        assert app.main.tickets.tabs.active.requested is None and screen(app) == "notice"
        await settle(pilot)


async def test_each_tab_keeps_its_own_history(fault_server: FaultServer) -> None:
    serve(fault_server, ALPHA, BRAVO, CHARLIE, DELTA)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_id(pilot, "T-alpha")
        await open_id(pilot, "T-bravo")
        await pilot.press("ctrl+t")
        await type_id(pilot, "T-charlie")
        await open_id(pilot, "T-delta")

        await pilot.press("left_square_bracket")
        assert shown_title(app).startswith("Charlie")
        await pilot.press("left_square_bracket")  # tab 2 began at Charlie: nothing before it
        assert shown_title(app).startswith("Charlie")

        await pilot.press("alt+1")
        assert shown_title(app).startswith("Bravo")
        await pilot.press("alt+left")
        assert shown_title(app).startswith("Alpha")
        await pilot.press("alt+right")
        assert shown_title(app).startswith("Bravo")

        await pilot.press("alt+2")  # tab 2 is where it was left: back at Charlie, Delta ahead
        assert shown_title(app).startswith("Charlie")
        await pilot.press("right_square_bracket")
        assert shown_title(app).startswith("Delta")
        await settle(pilot)
        assert [tab.requested for tab in app.main.tickets.tabs.tabs] == ["T-bravo", "T-delta"]


async def test_each_tab_keeps_its_place_in_the_conversation(fault_server: FaultServer) -> None:
    serve(fault_server, LONG, ALPHA)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_id(pilot, "T-long")
        thread = app.query_one(ThreadView)
        await pilot.press("ctrl+t")
        await type_id(pilot, "T-long")  # the same ticket on a second tab: a place of its own
        await pilot.press("alt+1")
        await settle(pilot)
        for _ in range(30):
            await pilot.press("j")
        assert thread.cursor == 30 and thread.scroll_y > 0
        top = thread.scroll_y

        await pilot.press("alt+2")
        assert thread.cursor == 0 and thread.scroll_y == 0
        await pilot.press("G")
        assert thread.cursor == 59
        bottom = thread.scroll_y

        await pilot.press("alt+1")
        assert thread.cursor == 30 and thread.scroll_y == top
        assert app.focused is thread
        assert "Message number 30 of" in "\n".join(thread.message_lines(30))
        await pilot.press("alt+2")
        assert thread.cursor == 59 and thread.scroll_y == bottom
        await settle(pilot)
        # A refresh of the tab on screen keeps the place too.
        await pilot.press("alt+1")
        await pilot.press("r")
        await settle(pilot)
        assert thread.cursor == 30 and thread.scroll_y == top


async def test_a_slow_answer_for_tab_1_never_shows_on_tab_2(fault_server: FaultServer) -> None:
    held = gate(fault_server, ALPHA)
    serve(fault_server, BRAVO)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        app.query_one("#id-input", Input).value = "T-alpha"
        await pilot.press("enter")
        await wait_until(pilot, held.arrived.is_set)
        assert "Loading T-alpha" in notice_text(app)

        await pilot.press("ctrl+t")
        app.query_one("#id-input", Input).value = "T-bravo"
        await pilot.press("enter")
        await tab_settled(pilot)  # Bravo's answer: Alpha's is still held
        assert shown_title(app).startswith("Bravo")
        first = app.main.tickets.tabs.tabs[0]
        assert first.requested == "T-alpha" and first.shown is None

        held.release()
        await wait_until(pilot, lambda: first.shown == "T-alpha")
        await pilot.pause()
        assert shown_title(app).startswith("Bravo")  # tab 2 still shows its own ticket
        assert app.ticket is not None and app.ticket.id == "T-bravo"
        assert app.query_one("#id-input", Input).value == "T-bravo"
        assert app.focused is app.query_one(ThreadView)
        assert " 1 Alpha: cannot log in" in strip_text(app)  # the strip names what tab 1 now holds

        await pilot.press("alt+1")  # and tab 1 has it, at once
        assert shown_title(app).startswith("Alpha")
        await settle(pilot)


async def test_a_slow_failure_for_tab_1_never_shows_on_tab_2(fault_server: FaultServer) -> None:
    fault_server.route(
        TICKET_PATH + "T-gone", Reply(404, {"error": "Ticket not found", "code": "NOT_FOUND"}, delay=0.3)
    )
    serve(fault_server, BRAVO)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        app.query_one("#id-input", Input).value = "T-gone"
        await pilot.press("enter")
        await pilot.press("ctrl+t")
        await type_id(pilot, "T-bravo")
        first = app.main.tickets.tabs.tabs[0]
        await wait_until(pilot, lambda: first.error is not None)
        await pilot.pause()
        assert shown_title(app).startswith("Bravo") and "not found" not in notice_text(app).lower()
        await pilot.press("alt+1")
        assert screen(app) == "notice" and "T-gone" in notice_text(app)
        await settle(pilot)


async def test_queue_t_opens_the_highlighted_ticket_in_a_new_tab(demo_server: DemoServer) -> None:
    app = tab_app(demo_server.base_url, demo=True, queue=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await queue_ready(pilot)
        first = app.main.queue.selected
        await pilot.press("enter")
        await settle(pilot)
        assert app.ticket is not None and app.ticket.id == first.id
        await pilot.press("ctrl+o")  # back to the queue, the ticket still open on tab 1
        await pilot.press("down", "down")
        third = app.main.queue.selected
        assert third.id != first.id
        await pilot.press("t")
        await settle(pilot)
        assert len(app.main.tickets.tabs) == 2 and app.main.tickets.tabs.index == 1
        assert app.ticket is not None and app.ticket.id == third.id
        assert [tab.requested for tab in app.main.tickets.tabs.tabs] == [first.id, third.id]
        assert app.main.tickets.tabs.tabs[0].ticket.id == first.id
        await pilot.press("ctrl+o", "down", "t")  # from the queue again: a third tab
        await settle(pilot)
        assert len(app.main.tickets.tabs) == 3 and app.main.tickets.tabs.index == 2
        await pilot.press("alt+1")
        assert app.ticket.id == first.id
        await settle(pilot)


async def test_tab_titles_are_plain_text(fault_server: FaultServer) -> None:
    serve(fault_server, ALPHA, ticket("T-markup", "[bold]Refund[/] [@click=app.quit]now[/]\x1b[31m"))
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_id(pilot, "T-alpha")
        await pilot.press("ctrl+t")
        await type_id(pilot, "T-markup")
        strip = strip_text(app)
        assert "[bold]Refund[/] [@click=app.quit]now[/]^[[31m" in strip
        await pilot.click("#tab-strip", offset=(2, 0))  # a click on tab 1 switches to it
        assert shown_title(app).startswith("Alpha")
        assert app.is_running
        await settle(pilot)


async def test_queue_t_at_the_start_uses_the_empty_first_tab(demo_server: DemoServer) -> None:
    app = tab_app(demo_server.base_url, demo=True, queue=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await queue_ready(pilot)
        first = app.main.queue.selected
        await pilot.press("t")
        await settle(pilot)
        assert [tab.requested for tab in app.main.tickets.tabs.tabs] == [first.id]  # no empty tab left behind
        assert app.ticket is not None and app.ticket.id == first.id


async def test_many_tabs_keep_the_active_one_in_the_strip(fault_server: FaultServer) -> None:
    bodies = [ticket(f"T-{n}", f"#{n}") for n in range(12)]
    serve(fault_server, *bodies)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_id(pilot, "T-0")
        for n in range(1, 12):
            await pilot.press("ctrl+t")
            await type_id(pilot, f"T-{n}")
        assert len(app.main.tickets.tabs) == 12
        strip = strip_text(app)
        assert strip.rstrip().endswith("▸· #11")  # tabs past 9 have no alt+number: a dot, not a number
        assert "1 #0" not in strip  # the first ones scrolled off to make room
        await pilot.press("alt+1")
        strip = strip_text(app)
        assert strip.startswith("▸1 #0") and "#11" not in strip
        await pilot.press("ctrl+pageup")  # round to the last tab: the strip scrolls to it
        assert strip_text(app).rstrip().endswith("▸· #11")
        # A click lands on the tab drawn there, wherever the strip starts.
        first_drawn = int(strip_text(app).split("#")[1].split()[0])
        assert first_drawn > 0
        await pilot.click("#tab-strip", offset=(1, 0))
        assert app.main.tickets.tabs.index == first_drawn and shown_title(app).startswith(f"#{first_drawn} ")
        await settle(pilot)


async def test_ctrl_w_closes_a_new_tab_from_the_id_bar(fault_server: FaultServer) -> None:
    serve(fault_server, ALPHA)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_id(pilot, "T-alpha")
        await pilot.press("ctrl+t")  # a tab opened by mistake: the cursor is in the ID bar
        assert app.focused is app.query_one("#id-input", Input)
        await pilot.press("ctrl+w")
        assert len(app.main.tickets.tabs) == 1 and shown_title(app).startswith("Alpha")
        await settle(pilot)


async def test_ctrl_w_typed_behind_an_id_closes_the_tab_and_the_bar_shows_the_tab_left(
    fault_server: FaultServer,
) -> None:
    """``/abc`` then ctrl+w in one burst: what was typed goes with the closed tab."""
    from tests.new_ticket_helpers import burst

    serve(fault_server, ALPHA, BRAVO)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_id(pilot, "T-alpha")
        await pilot.press("ctrl+t")
        await type_id(pilot, "T-bravo")
        burst(app, "slash", *"abc", "ctrl+w")
        await settle(pilot)
        assert [tab.requested for tab in app.main.tickets.tabs.tabs] == ["T-alpha"]
        assert app.main.id_bar.input.value == "T-alpha"
