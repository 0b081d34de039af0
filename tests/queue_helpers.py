"""Helpers for the queue's tests: an app with queue options, a scripted list endpoint, what is drawn."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from textual.pilot import Pilot

from app.core.api.ticket_filters import TicketFilters
from app.demo.listing import InvalidQuery, list_response, parse_query
from app.tui.app import TicketViewApp
from tests.fault_server import Recorded, Reply
from tests.helpers import build_app, settle, wait_until

LIST_PATH = "/v2/support-tickets"
INVALID = {"success": False, "error": "Invalid query parameters", "code": "INVALID_PARAMETERS"}


def queue_app(
    base_url: str,
    *,
    token: str | None = "tok-queue",
    demo: bool = False,
    queue: bool = False,
    filters: TicketFilters | None = None,
    ticket_id: str | None = None,
) -> TicketViewApp:
    """The App against ``base_url`` with a fixed clock, as ``ticketview [--queue ...]`` makes it."""
    return build_app(
        base_url,
        token=token,
        demo=demo,
        ticket_id=ticket_id,
        queue=queue,
        filters=filters,
        retry_wait_initial=0.001,
        retry_wait_max=0.002,
    )


def item(ticket_id: str, title: str = "A ticket", **fields: object) -> dict:
    """A list item in the API's shape."""
    base = {
        "_id": ticket_id,
        "title": title,
        "status": "open",
        "priority": "medium",
        "category": "technical",
        "assignedTo": "agent_1",
        "createdAt": "2024-11-20T09:00:00Z",
        "updatedAt": "2024-11-23T09:00:00Z",
    }
    base.update(fields)
    return base


def list_endpoint(items: Callable[[], Sequence[dict]] | Sequence[dict]) -> Callable[[Recorded], Reply]:
    """A FaultServer route answering the list endpoint for ``items`` with the demo API's rules."""

    def reply(request: Recorded) -> Reply:
        try:
            query = parse_query(urlsplit(request.path).query)
        except InvalidQuery:
            return Reply(400, INVALID)
        rows = list(items() if callable(items) else items)
        return Reply(200, list_response(rows, query))

    return reply


def row_texts(app: TicketViewApp) -> list[str]:
    """The rows of the queue as drawn on screen (the header left out), trailing spaces cut."""
    table = app.main.queue.table
    height = table.scrollable_content_region.height
    return [table.render_line(y).text.rstrip() for y in range(1, height) if table.render_line(y).text.strip()]


def row_ids(app: TicketViewApp) -> list[str]:
    """The IDs of the queue's rows, in the order drawn."""
    return [row.id for row in app.main.queue.table.rows]


async def queue_ready(pilot: Pilot, rows: int | None = None) -> None:
    """Wait until the queue has loaded (``rows`` of them, if given) and the screen caught up."""
    app = pilot.app
    await wait_until(pilot, lambda: app.main.arrangement.queue is not None)  # just after the first frame
    queue = app.main.queue
    await wait_until(
        pilot, lambda: queue.started and not queue.busy and (rows is None or queue.table.row_count == rows)
    )
    await settle(pilot)
