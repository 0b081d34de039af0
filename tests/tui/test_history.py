"""Back and forward through the tickets a tab has shown: instant, from memory, at the same message.

Real HTTP against a FaultServer on 127.0.0.1; a ``Gate`` holds a refresh so a test sees what is on
screen before the fresh copy arrives.
"""

from __future__ import annotations

from textual.widgets import Input

from app.core.browsing.tabs import TicketMemory
from tests.fault_server import FaultServer, fault_server_fixture  # noqa: F401
from tests.helpers import open_ticket, settle, wait_until
from tests.tab_helpers import (
    TICKET_PATH,
    found,
    gate,
    header_text,
    notice_text,
    screen,
    serve,
    shown_title,
    tab_app,
    tab_settled,
    ticket,
)
from widgets.conversation.thread_view import ThreadView

ALPHA = ticket("T-alpha", "Alpha: cannot log in", messages=3)
BRAVO = ticket("T-bravo", "Bravo: refund", messages=2)
CHARLIE = ticket("T-charlie", "Charlie: webhook", messages=4)
LONG = ticket("T-long", "Long: sixty messages", messages=60)


async def test_back_and_forward_keys_walk_the_tabs_history(fault_server: FaultServer) -> None:
    serve(fault_server, ALPHA, BRAVO, CHARLIE)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        for ticket_id in ("T-alpha", "T-bravo", "T-charlie"):
            await open_ticket(pilot, ticket_id)
        id_input = app.query_one("#id-input", Input)
        steps = [
            ("alt+left", "Bravo"),
            ("left_square_bracket", "Alpha"),
            ("left_square_bracket", "Alpha"),  # nothing earlier: it stays, and says so
            ("alt+right", "Bravo"),
            ("right_square_bracket", "Charlie"),
            ("right_square_bracket", "Charlie"),  # nothing later
        ]
        for key, title in steps:
            await pilot.press(key)
            assert shown_title(app).startswith(title), (key, shown_title(app))
            assert id_input.value == app.ticket.id  # the ID bar follows, as a browser's address bar
            await settle(pilot)
        messages = [notification.message for notification in app._notifications]
        assert "No earlier ticket on this tab." in messages and "No later ticket on this tab." in messages

        # Visiting another ticket from the middle of the history drops what was ahead.
        await pilot.press("alt+left", "alt+left")
        await settle(pilot)
        await open_ticket(pilot, "T-charlie")
        assert app.main.tickets.tab.back == ["T-alpha"] and app.main.tickets.tab.forward == []
        await pilot.press("alt+right")
        assert shown_title(app).startswith("Charlie")
        await settle(pilot)


async def test_going_back_is_instant_from_memory_while_a_fresh_copy_loads(fault_server: FaultServer) -> None:
    serve(fault_server, ALPHA, BRAVO)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
        await open_ticket(pilot, "T-bravo")
        changed = dict(ALPHA, title="Alpha: cannot log in (escalated)")
        held = gate(fault_server, changed)

        await pilot.press("alt+left")
        # The copy in memory is on screen before the server has answered.
        assert shown_title(app) == "Alpha: cannot log in  T-alpha"
        assert screen(app) == "ticket" and app.focused is app.query_one(ThreadView)
        assert "refreshing…" in header_text(app)
        await wait_until(pilot, held.arrived.is_set)

        held.release()
        await tab_settled(pilot)
        assert shown_title(app) == "Alpha: cannot log in (escalated)  T-alpha"  # the fresh copy replaced it
        assert "refreshing" not in header_text(app) and "copy from" not in header_text(app)


async def test_going_back_lands_on_the_message_being_read(fault_server: FaultServer) -> None:
    serve(fault_server, LONG, ALPHA)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-long")
        thread = app.query_one(ThreadView)
        for _ in range(40):
            await pilot.press("j")
        await pilot.press("k", "k")
        assert thread.cursor == 38
        top = thread.scroll_y
        assert top > 0

        await open_ticket(pilot, "T-alpha")
        assert thread.cursor == 0 and thread.scroll_y == 0

        await pilot.press("alt+left")
        assert thread.cursor == 38 and thread.scroll_y == top
        await settle(pilot)
        assert thread.cursor == 38 and thread.scroll_y == top  # the refresh keeps it there

        await pilot.press("alt+right")  # forward: Alpha, at its start as it was left
        assert shown_title(app).startswith("Alpha") and thread.cursor == 0
        await settle(pilot)


async def test_going_back_keeps_the_place_when_the_fresh_copy_differs(fault_server: FaultServer) -> None:
    serve(fault_server, LONG, ALPHA)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-long")
        thread = app.query_one(ThreadView)
        for _ in range(25):
            await pilot.press("j")
        top = thread.scroll_y
        await open_ticket(pilot, "T-alpha")
        grown = ticket("T-long", "Long: sixty messages", messages=61)  # one more message at the end
        held = gate(fault_server, grown)

        await pilot.press("alt+left")
        assert thread.message_count == 60 and thread.cursor == 25
        held.release()
        await tab_settled(pilot)
        assert thread.message_count == 61
        assert thread.cursor == 25 and thread.scroll_y == top
        assert app.focused is thread


async def test_going_back_keeps_the_filter_and_the_pane(fault_server: FaultServer) -> None:
    serve(fault_server, LONG, ALPHA)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, "T-long")
        thread = app.query_one(ThreadView)
        await pilot.press("f")  # the client's messages only
        await pilot.press("j", "j", "j")
        assert thread.message_filter == "user"
        selected = thread.reading_position()[1]
        assert selected == 6  # the fourth client message is the seventh of all
        await pilot.press("3")  # then to the attachments pane
        await open_ticket(pilot, "T-alpha")
        assert thread.message_filter == "all"

        await pilot.press("left_square_bracket")
        assert app.query_one("#ticket").active_pane == "attachments"
        assert thread.message_filter == "user" and thread.reading_position()[1] == selected
        await settle(pilot)


async def test_square_brackets_type_in_the_id_bar(fault_server: FaultServer) -> None:
    serve(fault_server, ALPHA, BRAVO)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
        await open_ticket(pilot, "T-bravo")
        await pilot.press("slash", "left_square_bracket", "x", "right_square_bracket")
        assert app.query_one("#id-input", Input).value == "[x]"
        assert shown_title(app).startswith("Bravo")
        await pilot.press("escape", "alt+left")  # outside the ID bar the key goes back again
        assert shown_title(app).startswith("Alpha")
        await settle(pilot)


async def test_a_superseded_fetch_never_replaces_the_newer_ticket(fault_server: FaultServer) -> None:
    held = gate(fault_server, ALPHA)
    serve(fault_server, BRAVO)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha", wait=False)
        await wait_until(pilot, held.arrived.is_set)
        await open_ticket(pilot, "T-bravo", wait=False)
        await tab_settled(pilot)
        assert shown_title(app).startswith("Bravo")
        held.release()
        await settle(pilot)
        assert shown_title(app).startswith("Bravo") and app.ticket.id == "T-bravo"
        assert app.query_one("#id-input", Input).value == "T-bravo"
        # The superseded ticket is still in the history, as it was asked for.
        assert app.main.tickets.tab.back == ["T-alpha"]


async def test_stepping_back_during_a_slow_fetch_stays_back(fault_server: FaultServer) -> None:
    serve(fault_server, ALPHA)
    held = gate(fault_server, BRAVO)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
        await open_ticket(pilot, "T-bravo", wait=False)
        await wait_until(pilot, held.arrived.is_set)
        assert screen(app) == "notice"
        await pilot.press("alt+left")  # alt+left works in the ID bar too (escape would cancel)
        assert shown_title(app).startswith("Alpha")
        assert app.main.tickets.tab.forward == ["T-bravo"]
        held.release()
        await settle(pilot)
        assert shown_title(app).startswith("Alpha") and app.ticket.id == "T-alpha"
        # Forward then shows Bravo (its slow answer was never kept, so it is fetched again).
        serve(fault_server, BRAVO)
        await pilot.press("alt+right")
        await settle(pilot)
        assert shown_title(app).startswith("Bravo")


async def test_escape_cancels_a_slow_fetch_and_the_history_has_no_second_copy(fault_server: FaultServer) -> None:
    serve(fault_server, ALPHA)
    held = gate(fault_server, BRAVO)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
        await open_ticket(pilot, "T-bravo", wait=False)
        await wait_until(pilot, held.arrived.is_set)
        await pilot.press("escape")  # the ID bar is not focused: escape cancels the fetch
        assert shown_title(app).startswith("Alpha")
        assert (
            app.main.tickets.tab.requested == "T-alpha"
            and app.main.tickets.tab.back == []
            and app.main.tickets.tab.forward == []
        )
        assert app.query_one("#id-input", Input).value == "T-alpha"
        held.release()
        await settle(pilot)
        assert shown_title(app).startswith("Alpha")
        assert len(fault_server.hits(TICKET_PATH + "T-bravo")) == 1


async def test_back_to_a_ticket_that_failed_shows_its_error_again_and_r_retries(fault_server: FaultServer) -> None:
    serve(fault_server, ALPHA)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-missing")
        assert screen(app) == "notice"
        await open_ticket(pilot, "T-alpha")
        await pilot.press("alt+left")
        await settle(pilot)
        assert screen(app) == "notice" and app.main.tickets.tab.requested == "T-missing"
        assert "T-missing" in notice_text(app)
        # The keys still act (the focus did not fall into the ID bar, where they would be typed).
        assert app.focused is not app.query_one("#id-input", Input)
        await pilot.press("right_square_bracket")
        assert shown_title(app).startswith("Alpha")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen(app) == "notice" and app.focused is not app.query_one("#id-input", Input)
        fault_server.route(TICKET_PATH + "T-missing", found(ticket("T-missing", "Found at last")))
        await pilot.press("r")
        await settle(pilot)
        assert shown_title(app) == "Found at last  T-missing"


async def test_escape_while_going_back_to_a_ticket_not_in_memory_keeps_the_history(fault_server: FaultServer) -> None:
    serve(fault_server, BRAVO)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        app.main.tickets.memory = TicketMemory(limit=1)
        await open_ticket(pilot, "T-missing")  # not found: nothing of it is kept in memory
        await open_ticket(pilot, "T-bravo")
        held = gate(fault_server, ticket("T-missing", "Found later"))
        await pilot.press("alt+left")
        await wait_until(pilot, held.arrived.is_set)
        assert screen(app) == "notice" and app.main.tickets.tab.requested == "T-missing"
        await pilot.press("escape")  # cancel: stay on Bravo, with the history as it was
        assert shown_title(app).startswith("Bravo")
        assert (app.main.tickets.tab.back, app.main.tickets.tab.requested, app.main.tickets.tab.forward) == (
            ["T-missing"],
            "T-bravo",
            [],
        )
        await pilot.press("right_square_bracket")  # nothing ahead
        assert shown_title(app).startswith("Bravo") and app.main.tickets.tab.requested == "T-bravo"
        held.release()
        await settle(pilot)
        assert shown_title(app).startswith("Bravo")

        # And cancelling a step forward keeps the ticket ahead.
        serve(fault_server, ticket("T-missing", "Found later"))
        await pilot.press("alt+left")
        await settle(pilot)
        assert shown_title(app).startswith("Found later")
        held = gate(fault_server, BRAVO)  # and Bravo is no longer in memory (it keeps one ticket here)
        await pilot.press("alt+right")
        await wait_until(pilot, held.arrived.is_set)
        await pilot.press("escape")
        assert shown_title(app).startswith("Found later")
        assert (app.main.tickets.tab.back, app.main.tickets.tab.requested, app.main.tickets.tab.forward) == (
            [],
            "T-missing",
            ["T-bravo"],
        )
        held.release()
        await settle(pilot)


def test_a_tabs_history_steps_and_undoes_like_a_browsers() -> None:
    from app.core.browsing.tabs import Tab

    tab = Tab(1)
    for ticket_id in ("A", "B", "C"):
        tab.visit(ticket_id)
    assert (tab.back, tab.requested, tab.forward) == (["A", "B"], "C", [])
    assert tab.step(-1) == "B" and tab.step(-1) == "A" and tab.step(-1) is None
    assert (tab.back, tab.requested, tab.forward) == ([], "A", ["C", "B"])
    tab.undo()  # the last step (to A) is taken back
    assert (tab.back, tab.requested, tab.forward) == (["A"], "B", ["C"])
    tab.visit("D")  # a visit drops what was ahead...
    assert (tab.back, tab.requested, tab.forward) == (["A", "B"], "D", [])
    tab.undo()  # ...unless it is taken back
    assert (tab.back, tab.requested, tab.forward) == (["A"], "B", ["C"])
    tab.visit("B")  # the ticket already on the tab: nothing changes
    assert (tab.back, tab.requested, tab.forward) == (["A"], "B", ["C"])
