"""Times on screen in the agent's zone, named; ages said the same way in the header and details."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from app.demo.server import DemoServer
from tests.helpers import EXAMPLE_ID, build_app, open_ticket
from widgets.conversation.thread_view import ThreadView
from widgets.ticket.details_pane import DetailsPane
from widgets.ticket.ticket_header import TicketHeader


@pytest.mark.parametrize(
    ("zone", "created", "first_message"),
    [
        ("America/Bogota", "2024-01-15 05:30 -05 (10mo 9d ago)", "2024-01-15 05:30 -05"),
        ("Europe/Madrid", "2024-01-15 11:30 CET (10mo 9d ago)", "2024-01-15 11:30 CET"),
        ("UTC", "2024-01-15 10:30 UTC (10mo 9d ago)", "2024-01-15 10:30 UTC"),
    ],
)
async def test_times_are_in_the_agents_zone(
    demo_server: DemoServer, zone: str, created: str, first_message: str
) -> None:
    app = build_app(demo_server.base_url, demo=True, timezone=zone)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, EXAMPLE_ID)
        details = "\n".join(str(part.render()) for part in app.query_one(DetailsPane).query(Static))
        assert created in details
        thread = app.query_one(ThreadView)
        assert thread.selected_text().startswith(f"Client · client_123456789 · {first_message}\n")
        header = str(app.query_one(TicketHeader).render())
        assert "updated 10mo 9d ago" in header  # the same words for an age as the queue's Age column
