"""Helpers for the tests of tabs, history, the ticket cache, watching and recent tickets.

An app with any of the new settings and its own ``UserData``, tickets in the API's shape, a
route that holds its answers until the test lets them go, and what the screen shows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import ContentSwitcher

from app.core.browsing.tabs import Tab
from app.core.storage.user_data import Preferences, RecentTickets, TicketCache, UserData
from app.tui.app import TicketViewApp
from tests.fault_server import FaultServer, Recorded, Reply
from tests.helpers import FIXED_NOW, build_app, wait_until

TOKEN = "tok-SECRET-7d1e95c2b04a"
"""A token no ticket holds, so finding it in a file means the token leaked there."""
TICKET_PATH = "/v2/support-tickets/"


def tab_app(
    base_url: str,
    *,
    token: str | None = TOKEN,
    demo: bool = False,
    user_data: UserData | None = None,
    offline: bool = False,
    cache: bool = True,
    watch: float | None = None,
    bell: bool = False,
    ticket_id: str | None = None,
    samples: Sequence[tuple[str, str]] = (),
    clock: Callable[[], datetime] = lambda: FIXED_NOW,
    queue: bool = False,
) -> TicketViewApp:
    """The App against ``base_url`` with a real client, fast retries and a fixed clock."""
    return build_app(
        base_url,
        token=token,
        demo=demo,
        user_data=user_data,
        offline=offline,
        cache=cache,
        watch=watch,
        bell=bell,
        ticket_id=ticket_id,
        samples=samples,
        clock=clock,
        queue=queue,
        retry_wait_initial=0.001,
        retry_wait_max=0.002,
    )


def disk_user_data(root: Path, scope: str, *, cache: bool = True) -> UserData:
    """User data kept in files under ``root`` (as ``UserData.for_user`` keeps them in the user's folders)."""
    return UserData(
        RecentTickets(root / "data" / "recent.json"),
        TicketCache(root / "cache" / "tickets" if cache else None, scope),
        Preferences(root / "data" / "preferences.json"),
    )


def ticket(ticket_id: str, title: str = "A ticket", *, messages: int = 2, status: str = "open", **fields: Any) -> dict:
    """A ticket in the API's shape, with ``messages`` thread messages alternating client and agent."""
    threads = [
        {
            "author": "client_1" if n % 2 == 0 else "agent_1",
            "message": f"Message number {n} of {title}",
            "timestamp": f"2024-11-2{n // 24 % 4}T{n % 24:02d}:00:00Z",
            "type": "user" if n % 2 == 0 else "agent",
        }
        for n in range(messages)
    ]
    body = {
        "_id": ticket_id,
        "title": title,
        "description": f"About {title}",
        "status": status,
        "priority": "medium",
        "category": "technical",
        "client": "client_1",
        "assignedTo": "agent_1",
        "threads": threads,
        "attachments": [],
        "tags": [],
        "createdAt": "2024-11-20T09:00:00Z",
        "updatedAt": "2024-11-23T09:00:00Z",
    }
    body.update(fields)
    return body


def found(body: dict, **reply: Any) -> Reply:
    """The API's 200 answer for ``body``."""
    return Reply(200, {"success": True, "data": body}, **reply)


def serve(server: FaultServer, *bodies: dict) -> None:
    """Serve each ticket at its path."""
    for body in bodies:
        server.route(TICKET_PATH + body["_id"], found(body))


class Gate:
    """A route script that holds every answer until ``release()`` (or until the server stops).

    ``arrived`` is set when a request is waiting, so a test knows the fetch is in flight.
    """

    def __init__(self, server: FaultServer, reply: Reply) -> None:
        self._server = server
        self._reply = reply
        self._open = threading.Event()
        self.arrived = threading.Event()

    def __call__(self, request: Recorded) -> Reply:
        self.arrived.set()
        while not self._open.wait(0.02):
            if self._server.stopping.is_set():
                break
        return self._reply

    def release(self) -> None:
        self._open.set()


def gate(server: FaultServer, body: dict) -> Gate:
    """Serve ``body`` only once the test releases it."""
    held = Gate(server, found(body))
    server.route(TICKET_PATH + body["_id"], held)
    return held


def screen(app: TicketViewApp) -> str:
    """What stands where the ticket would be: ``ticket`` or ``notice``."""
    return app.query_one(ContentSwitcher).current or ""


def shown_title(app: TicketViewApp) -> str | None:
    """The title of the ticket drawn in the header, if a ticket is on screen."""
    if screen(app) != "ticket":
        return None
    return header_text(app).splitlines()[0]


def header_text(app: TicketViewApp) -> str:
    """The ticket header as drawn (title line, then badges and the freshness note)."""
    return str(app.query_one("#ticket-header").render())


def notice_text(app: TicketViewApp) -> str:
    """The notice's title, body and hint."""
    return "\n".join(str(app.query_one(f"#notice-{part}").render()) for part in ("title", "body", "hint"))


def choice_texts(app: TicketViewApp) -> list[str]:
    """The notice's list of tickets to open, as drawn."""
    options = app.query_one("#notice-choices")
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def strip_text(app: TicketViewApp) -> str:
    """The tab strip as drawn ("" while it is hidden)."""
    strip = app.query_one("#tab-strip")
    return str(strip.render()) if strip.display else ""


def conversation(app: TicketViewApp) -> list[str]:
    """Each shown message's drawn text, joined per message."""
    thread = app.main.thread_view
    return ["\n".join(thread.message_lines(i)) for i in range(thread.message_count)]


async def tab_settled(pilot: Pilot, tab: Tab | None = None) -> None:
    """Wait for the fetch of ``tab`` (default: the active tab) only, then for the screen.

    ``settle`` waits for every worker, so it would wait for an answer a ``Gate`` holds.
    """
    tab = tab or pilot.app.main.tickets.tab
    await wait_until(pilot, lambda: tab.worker is None or tab.worker.is_finished)
    await pilot.pause()
