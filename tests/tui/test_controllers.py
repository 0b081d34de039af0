"""The controllers on their own: Tickets, Layout and Watcher driven in a bare harness, without the
main screen, against a stand-in client. What they need comes in through their constructors."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Container

from app.core.api.models import Fetched, Ticket
from app.core.config.settings import Settings
from app.core.storage.user_data import UserData
from app.tui.layout import Layout
from app.tui.services import Services
from app.tui.tickets import Tickets
from app.tui.watching import Watcher
from tests.helpers import FIXED_NOW, settle
from widgets.shell.id_bar import IdBar
from widgets.shell.tab_strip import TabStrip
from widgets.shell.ticket_area import TicketArea


def ticket(ticket_id: str, title: str, messages: int = 2) -> Ticket:
    threads = [{"author": "c", "message": f"message {n}", "type": "user"} for n in range(messages)]
    return Ticket.model_validate({"_id": ticket_id, "title": title, "threads": threads})


class StandInClient:
    """Answers ``fetch_ticket`` from a dict; a held ID waits until released."""

    def __init__(self, tickets: dict[str, Ticket]) -> None:
        self.tickets = tickets
        self.asked: list[str] = []
        self.held: dict[str, asyncio.Event] = {}

    async def fetch_ticket(self, ticket_id: str, *, known: Fetched | None = None, on_retry: object = None) -> Fetched:
        self.asked.append(ticket_id)
        if ticket_id in self.held:
            await self.held[ticket_id].wait()
        ticket = self.tickets[ticket_id]
        digest = f"{id(ticket):x}"  # the same object answered again stands for the same body
        return known if known is not None and known.digest == digest else Fetched(ticket, digest)


class Harness(App[None]):
    """The widgets the controllers drive, on a bare screen, and the controllers wired by hand."""

    def __init__(self, client: StandInClient) -> None:
        super().__init__()
        settings = Settings(base_url="http://127.0.0.1:9", token="t", download_dir=Path("/nonexistent"))
        self.services = Services(
            settings, UserData.in_memory(), lambda: FIXED_NOW, lambda: client, lambda: None
        )  # a stand-in client

    def compose(self) -> ComposeResult:
        self.id_bar = IdBar(id="id-bar")
        self.strip = TabStrip(id="tab-strip")
        self.area = TicketArea(id="switcher")
        self.main_area = Container(id="main")
        yield self.id_bar
        yield self.strip
        with self.main_area:
            yield self.area

    def on_mount(self) -> None:
        self.layout = Layout(self.screen, self.main_area, self.area, self.id_bar, "content")
        self.tickets = Tickets(
            self.services,
            self.screen,
            area=self.area,
            id_bar=self.id_bar,
            strip=self.strip,
            layout=self.layout,
            samples=[],
        )
        self.watcher = Watcher(self.services, self.screen, self.tickets, self.area)
        self.tickets.show_start()


async def test_tickets_fetch_show_and_go_back_from_memory() -> None:
    client = StandInClient({"A": ticket("A", "Alpha"), "B": ticket("B", "Bravo")})
    app = Harness(client)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.area.current == "notice"
        app.tickets.fetch("A")
        await settle(pilot)
        app.tickets.fetch("B")
        await settle(pilot)
        assert app.area.current == "ticket" and app.tickets.ticket is not None and app.tickets.ticket.title == "Bravo"
        client.held["A"] = asyncio.Event()  # the fresh copy of A is held: what shows comes from memory
        app.tickets.history(-1)
        await pilot.pause()
        assert app.tickets.ticket.title == "Alpha" and app.area.current == "ticket"
        assert app.tickets.tab.stale and "refreshing" in app.tickets.note(app.tickets.tab)
        client.held["A"].set()
        await settle(pilot)
        assert not app.tickets.tab.stale and client.asked == ["A", "B", "A"]


async def test_tickets_cancel_goes_back_to_the_ticket_on_screen() -> None:
    client = StandInClient({"A": ticket("A", "Alpha"), "SLOW": ticket("SLOW", "Slow")})
    app = Harness(client)
    async with app.run_test(size=(120, 40)) as pilot:
        app.tickets.fetch("A")
        await settle(pilot)
        client.held["SLOW"] = asyncio.Event()
        app.tickets.fetch("SLOW")
        await pilot.pause()
        assert app.tickets.waiting() and app.area.current == "notice"
        app.tickets.cancel()
        await pilot.pause()
        tab = app.tickets.tab
        assert not app.tickets.waiting() and (tab.back, tab.requested) == ([], "A")
        assert app.area.current == "ticket" and app.id_bar.input.value == "A"


async def test_watcher_marks_what_arrived_and_says_so() -> None:
    client = StandInClient({"A": ticket("A", "Alpha", messages=2)})
    app = Harness(client)
    async with app.run_test(size=(120, 40)) as pilot:
        app.tickets.fetch("A")
        await settle(pilot)
        client.tickets["A"] = ticket("A", "Alpha", messages=5)
        app.watcher.poll_all()
        await settle(pilot)
        assert app.tickets.tab.new_from == 2 and app.area.thread.new_count == 3
        assert any("3 new messages in Alpha" in str(note.message) for note in app._notifications)
        app.watcher.start()
        assert app.watcher.watching and app.tickets.note(app.tickets.tab) == "watching every 60 s"
