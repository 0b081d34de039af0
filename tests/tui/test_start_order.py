"""What a start with a ticket ID does first: the ticket, then the queue hidden behind it.

The queue pane is mounted once the ticket named on the command line is on screen (or its fetch
failed, or ``QUEUE_WAIT`` passed), so mounting it does not hold the ticket up; ctrl+o before then
mounts it at once and shows it, and keys typed after it in the same burst reach it. Keys typed
straight after the command, before the terminal left line mode, work too (Enter arrives as a line
feed).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.strip import Strip

from app.tui.queue_mount import QueueMount
from tests.bench.common import Terminal, app_env, fresh_folders, ticketview_command
from tests.fault_server import FaultServer, Recorded, Reply
from tests.helpers import settle, wait_until
from tests.queue_helpers import LIST_PATH, item, list_endpoint, queue_app
from widgets.conversation.thread_view import ThreadView
from widgets.shell.ticket_area import TicketArea

TICKET_ID = "T-start"


@pytest.fixture
def gated(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FaultServer, threading.Event]]:
    """A server whose ticket answers only once the event is set; its queue holds three tickets.
    The queue waits for the ticket as long as the test needs (``QUEUE_WAIT`` a minute)."""
    monkeypatch.setattr(QueueMount, "QUEUE_WAIT", 60.0)
    gate = threading.Event()

    def ticket(request: Recorded) -> Reply:
        gate.wait(30)
        return Reply(200, {"data": item(TICKET_ID, "The ticket asked for")})

    with FaultServer() as server:
        server.route(f"{LIST_PATH}/{TICKET_ID}", ticket)
        server.route(LIST_PATH, list_endpoint([item("T-2"), item(TICKET_ID, "The ticket asked for"), item("T-3")]))
        try:
            yield server, gate
        finally:
            gate.set()


async def ticket_asked(pilot: Pilot, server: FaultServer, *keys: str) -> None:
    """Wait until the app has asked for the ticket named at start, then press ``keys`` in one burst."""
    await wait_until(pilot, lambda: server.hits(f"{LIST_PATH}/{TICKET_ID}"))
    await pilot.press(*keys)


async def test_the_queue_is_mounted_once_the_ticket_is_on_screen(gated: tuple[FaultServer, threading.Event]) -> None:
    server, gate = gated
    app = queue_app(server.url, ticket_id=TICKET_ID)
    async with app.run_test(size=(120, 40)) as pilot:
        await ticket_asked(pilot, server)
        await pilot.pause()
        assert app.main.arrangement.queue is None  # the ticket is still on its way: no queue yet
        gate.set()
        await wait_until(pilot, lambda: app.main.arrangement.queue is not None)
        await settle(pilot)
        assert app.main.ticket is not None and app.main.ticket.id == TICKET_ID
        assert app.main.arrangement.mode == "content"  # hidden: the ticket keeps the screen
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: app.main.queue.table.row_count == 3)
        assert app.focused is app.main.queue.table


def route_with_messages(server: FaultServer, gate: threading.Event) -> None:
    """The ticket asked for at start, with one message, once ``gate`` is set."""
    thread = [{"author": "client_1", "message": "The first words", "timestamp": "2024-01-15T10:30:00Z", "type": "user"}]
    reply = Reply(200, {"data": item(TICKET_ID, threads=thread)})
    server.route(f"{LIST_PATH}/{TICKET_ID}", lambda request: gate.wait(30) and reply)


async def test_the_queue_waits_until_the_ticket_is_drawn(
    gated: tuple[FaultServer, threading.Event], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ticket view shown for the first time is laid out in the frame after: the queue's mount waits
    for that, so it never stands between the ticket and its conversation."""
    server, gate = gated
    route_with_messages(server, gate)
    drawn = asyncio.Event()

    async def ticket_drawn(area: TicketArea) -> None:
        await drawn.wait()

    monkeypatch.setattr(TicketArea, "ticket_drawn", ticket_drawn, raising=False)
    app = queue_app(server.url, ticket_id=TICKET_ID)
    async with app.run_test(size=(120, 40)) as pilot:
        await ticket_asked(pilot, server)
        gate.set()
        await wait_until(pilot, lambda: app.main.ticket is not None)
        for _ in range(3):
            await pilot.pause()  # frames go by (settle would wait for the queue's own wait)
        assert app.main.arrangement.queue is None  # the ticket is in, not yet drawn: no queue
        drawn.set()
        await wait_until(pilot, lambda: app.main.arrangement.queue is not None)


async def test_a_ticket_is_drawn_once_its_conversation_is_drawn(
    gated: tuple[FaultServer, threading.Event], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, gate = gated
    route_with_messages(server, gate)
    drawn: list[int] = []
    draw_message = ThreadView._render_message

    def draw_noting(view: ThreadView, index: int) -> list[Strip]:
        drawn.append(index)
        return draw_message(view, index)

    monkeypatch.setattr(ThreadView, "_render_message", draw_noting)
    app = queue_app(server.url, ticket_id=TICKET_ID)
    async with app.run_test(size=(120, 40)) as pilot:
        await ticket_asked(pilot, server)
        gate.set()
        await wait_until(pilot, lambda: app.main.ticket is not None)
        await app.main.area.ticket_drawn()
        assert 0 in drawn  # its one message


async def test_a_ticket_that_takes_long_does_not_keep_the_queue_away(
    gated: tuple[FaultServer, threading.Event], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, gate = gated
    monkeypatch.setattr(QueueMount, "QUEUE_WAIT", 0.05)
    app = queue_app(server.url, ticket_id=TICKET_ID)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.main.arrangement.queue is not None)
        assert app.main.ticket is None  # still loading, and the queue is there for ctrl+o
        gate.set()  # and the ticket still arrives: the queue's wait for it did not end its fetch
        await wait_until(pilot, lambda: app.main.ticket is not None)
        assert app.main.ticket.id == TICKET_ID and len(server.hits(f"{LIST_PATH}/{TICKET_ID}")) == 1


async def test_without_a_ticket_id_the_queue_comes_right_after_the_first_frame() -> None:
    with FaultServer() as server:
        server.route(LIST_PATH, list_endpoint([item("T-1"), item("T-2")]))
        app = queue_app(server.url)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.main.arrangement.queue is not None)
            await wait_until(pilot, lambda: app.main.queue.table.row_count == 2)
            assert app.main.arrangement.mode == "queue"


async def test_ctrl_o_before_the_ticket_arrives_shows_the_queue_and_keeps_the_burst_there(
    gated: tuple[FaultServer, threading.Event],
) -> None:
    server, gate = gated
    app = queue_app(server.url, ticket_id=TICKET_ID)
    async with app.run_test(size=(80, 24)) as pilot:
        await ticket_asked(pilot, server, "ctrl+o", "j")  # j is read before the queue would otherwise exist
        assert app.main.arrangement.queue is not None and app.focused is app.main.queue.table
        assert app.main.id_bar.input.value == TICKET_ID  # j did not land in the ID bar
        assert app.main.arrangement.mode == "split"  # beside the ticket being loaded
        await wait_until(pilot, lambda: app.main.queue.table.row_count == 3)
        gate.set()
        await wait_until(pilot, lambda: app.main.ticket is not None)
        await settle(pilot)
        assert app.focused is app.main.queue.table  # the ticket arriving left the agent in the queue
        await pilot.press("ctrl+o")  # and the same key hides it again
        await pilot.pause()
        assert app.main.arrangement.mode == "content" and len(app.query("#queue-pane")) == 1


async def test_a_line_feed_in_the_id_bar_opens_the_ticket_as_enter_does(
    gated: tuple[FaultServer, threading.Event],
) -> None:
    server, gate = gated
    gate.set()
    app = queue_app(server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *TICKET_ID, "ctrl+j")
        await wait_until(pilot, lambda: app.main.ticket is not None)
        assert app.main.ticket.id == TICKET_ID


def test_a_burst_typed_straight_after_the_command_opens_the_ticket(tmp_path: Path) -> None:
    """The real path: keys written to the terminal before the app has even started reading it."""
    with FaultServer() as server:
        server.route(f"{LIST_PATH}/{TICKET_ID}", Reply(200, {"data": item(TICKET_ID, "Opened by type-ahead")}))
        server.route(LIST_PATH, list_endpoint([item("T-2")]))
        env = app_env(VERIFIK_TOKEN="tok", **fresh_folders(str(tmp_path)))
        with Terminal(ticketview_command() + ["--base-url", server.url], env=env, size=(80, 24)) as terminal:
            terminal.write(f"/{TICKET_ID}\r")  # at once: the terminal is still in line mode
            terminal.wait_for("Opened by type-ahead", timeout=30)
            terminal.write("\x11")  # ctrl+q


async def test_a_pane_key_typed_while_the_ticket_named_at_start_loads_opens_it_there(
    gated: tuple[FaultServer, threading.Event],
) -> None:
    server, gate = gated
    app = queue_app(server.url, ticket_id=TICKET_ID)
    async with app.run_test(size=(80, 24)) as pilot:
        await ticket_asked(pilot, server, "3")
        assert app.main.id_bar.input.value == TICKET_ID  # not typed into the ID
        gate.set()
        await wait_until(pilot, lambda: app.main.ticket is not None)
        await settle(pilot)
        assert app.main.area.view.active_pane == "attachments" and app.main.area.has_focus_within
