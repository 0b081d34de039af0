"""Keys typed in one burst, as SSH delivers them, each go to the widget the keys before them chose:
the real ``ticketview`` on a pseudo-terminal, against its demo."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.bench.common import Terminal


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VERIFIK_", "TICKETVIEW_"))}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        TERM="xterm-256color",
    )
    return env


def test_ctrl_l_and_an_id_in_one_burst_open_that_ticket(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "app", "--demo", "support_ticket_123456789"]
    with Terminal(argv, env=environment(tmp_path), size=(120, 40)) as terminal:
        terminal.wait_for("API Integration Issue")
        mark = terminal.mark
        terminal.write("\x0csupport_ticket_871463576\r")  # ctrl+l, the ID and Enter, all at once
        terminal.wait_for("Rotate a leaked API token", since=mark)


def test_a_menu_key_and_the_choice_in_one_burst(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "app", "--demo", "support_ticket_123456789"]
    with Terminal(argv, env=environment(tmp_path), size=(120, 40)) as terminal:
        terminal.wait_for("API Integration Issue")
        terminal.wait_quiet(0.3)
        mark = terminal.mark
        terminal.write("cw")  # the copy menu, and "whole ticket" in it (not w, watch, on the screen below)
        terminal.wait_for("Copied the ticket as Markdown", since=mark)


def test_a_pane_key_and_the_key_for_that_pane_in_one_burst(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "app", "--demo", "support_ticket_123456789"]
    with Terminal(argv, env=environment(tmp_path), size=(80, 24)) as terminal:
        terminal.wait_for("API Integration Issue")
        mark = terminal.mark
        terminal.write("3\r")  # to the attachments, and Enter there: the viewer opens on the file
        terminal.wait_for("13 lines", since=mark)


async def test_a_ticket_arriving_leaves_the_focus_in_the_id_bar_the_agent_went_back_to() -> None:
    from textual.widgets import Input

    from tests.fault_server import FaultServer
    from tests.helpers import open_ticket, settle, wait_until
    from tests.tab_helpers import gate, serve, tab_app, ticket

    with FaultServer() as server:
        serve(server, ticket("T-alpha", "Alpha"), ticket("T-c", "Charlie"))
        held = gate(server, ticket("T-bravo", "Bravo"))
        app = tab_app(server.url)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_ticket(pilot, "T-alpha")
            await open_ticket(pilot, "T-bravo", wait=False)
            await wait_until(pilot, held.arrived.is_set)
            await pilot.press("ctrl+l", "T", "-")  # back to the ID bar while Bravo loads, typing the next
            held.release()
            await settle(pilot)
            field = app.query_one("#id-input", Input)
            assert app.focused is field and field.value == "T-"  # the arrival took neither focus nor keys
            await pilot.press("c", "enter")
            await settle(pilot)
            assert app.ticket is not None and app.ticket.title == "Charlie"
            assert app.focused is not field  # a ticket asked for from the ID bar takes the focus as before


async def test_keys_typed_behind_enter_in_the_id_bar_act_on_the_ticket_asked_for() -> None:
    """``/``, an ID, Enter and ``3`` in one burst: the ID asked for is the one typed before Enter, and
    the ticket opens on its attachments (Enter left the bar at once, and ``3`` waited for the ticket)."""
    from tests.fault_server import FaultServer
    from tests.helpers import open_ticket, settle, wait_until
    from tests.new_ticket_helpers import burst
    from tests.tab_helpers import gate, serve, tab_app, ticket

    with FaultServer() as server:
        serve(server, ticket("T-alpha", "Alpha"))
        held = gate(server, ticket("T-bravo", "Bravo"))
        app = tab_app(server.url)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_ticket(pilot, "T-alpha")
            burst(app, "slash", *"T-bravo", "enter", "3")
            await wait_until(pilot, held.arrived.is_set)
            held.release()
            await settle(pilot)
            assert app.ticket is not None and app.ticket.title == "Bravo"
            assert app.main.id_bar.input.value == "T-bravo"
            assert app.main.area.view.active_pane == "attachments" and app.main.area.has_focus_within


async def test_a_failed_id_from_the_id_bar_leaves_the_focus_there_to_type_it_again() -> None:
    from tests.fault_server import FaultServer, Reply
    from tests.helpers import settle
    from tests.tab_helpers import notice_text, tab_app

    with FaultServer() as server:
        server.route("/v2/support-tickets/T-typo", Reply(404, {"success": False, "message": "Not found"}))
        app = tab_app(server.url)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("slash", *"T-typo", "enter")
            await settle(pilot)
            field = app.main.id_bar.input
            assert app.focused is field and field.value == "T-typo"
            assert "not found" in notice_text(app).lower()


async def test_c_typed_behind_enter_does_not_copy_the_ticket_before() -> None:
    """The copy menu is for the ticket on screen: while the next one loads there is none."""
    from tests.fault_server import FaultServer
    from tests.helpers import open_ticket, settle, wait_until
    from tests.new_ticket_helpers import burst
    from tests.tab_helpers import gate, serve, tab_app, ticket
    from widgets.shell.copy_menu import CopyMenu

    with FaultServer() as server:
        serve(server, ticket("T-alpha", "Alpha"))
        held = gate(server, ticket("T-bravo", "Bravo"))
        app = tab_app(server.url)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await open_ticket(pilot, "T-alpha")
            burst(app, "slash", *"T-bravo", "enter", "c")
            await wait_until(pilot, held.arrived.is_set)
            await pilot.pause()
            assert not isinstance(app.screen, CopyMenu)
            assert any("still loading" in str(note.message) for note in app._notifications)
            held.release()
            await settle(pilot)
            assert app.ticket is not None and app.ticket.title == "Bravo"
