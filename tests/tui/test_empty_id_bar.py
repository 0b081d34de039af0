"""Enter in an empty ID bar: the bar says what to type, and an error an earlier ID left is cleared."""

from __future__ import annotations

from textual.widgets import Input

from tests.fault_server import FaultServer, Reply, fault_server_fixture  # noqa: F401
from tests.helpers import open_ticket, settle
from tests.tab_helpers import TICKET_PATH, notice_text, screen, serve, shown_title, tab_app, ticket
from widgets.shell.id_bar import IdBar

ALPHA = ticket("T-alpha", "Alpha: cannot log in")


async def empty_enter(pilot) -> None:  # type: ignore[no-untyped-def]  # a Pilot of any app
    await pilot.press("slash")
    pilot.app.query_one("#id-input", Input).value = "   "
    await pilot.press("enter")
    await settle(pilot)


async def test_enter_with_no_id_says_what_to_type_and_clears_the_stale_error(fault_server: FaultServer) -> None:
    fault_server.route(TICKET_PATH + "T-missing", Reply(404, {"message": "not found"}))
    app = tab_app(fault_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, "T-missing")
        assert "Ticket not found" in notice_text(app)

        await empty_enter(pilot)
        bar = app.query_one(IdBar)
        assert bar.nudging and bar.input.placeholder == IdBar.NUDGE and bar.input.value == ""
        assert "Ticket not found" not in notice_text(app) and "T-missing" not in notice_text(app)
        assert "Type or paste a ticket ID" in notice_text(app)  # the start screen again
        assert bar.input.has_focus
        assert fault_server.hits(TICKET_PATH) == []  # nothing was asked for

        await pilot.press("T")
        assert not bar.nudging and bar.input.placeholder == IdBar.PLACEHOLDER


async def test_after_a_failed_lookup_the_ticket_before_it_comes_back(fault_server: FaultServer) -> None:
    serve(fault_server, ALPHA)
    fault_server.route(TICKET_PATH + "T-missing", Reply(404, {"message": "not found"}))
    app = tab_app(fault_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, "T-alpha")
        await open_ticket(pilot, "T-missing")
        assert screen(app) == "notice"

        await empty_enter(pilot)
        assert shown_title(app) == "Alpha: cannot log in  T-alpha"
        assert app.query_one(IdBar).input.has_focus  # still typing: the focus stays in the bar
        await pilot.press("escape")
        assert app.query_one(IdBar).input.value == "T-alpha"


async def test_enter_with_no_id_over_a_ticket_leaves_the_ticket(fault_server: FaultServer) -> None:
    serve(fault_server, ALPHA)
    app = tab_app(fault_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_ticket(pilot, "T-alpha")
        asked = len(fault_server.requests)
        await empty_enter(pilot)
        assert shown_title(app) == "Alpha: cannot log in  T-alpha" and app.query_one(IdBar).nudging
        assert len(fault_server.requests) == asked
