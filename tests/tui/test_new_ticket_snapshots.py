"""What the agent sees of the "New ticket" form: empty, with its fields marked, with the API's refusal.

Fixed clock, fixed theme, no blinking cursor; the servers are real, on 127.0.0.1 (a demo API of
these tests' own, so the queue behind the form is the sample set whatever other tests created).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from app.core.api.new_ticket import NewTicket
from app.demo.server import DemoServer, start_demo_server
from tests.fault_server import FaultServer, Reply
from tests.helpers import make_app, no_blink, settle
from widgets.new_ticket.form import NewTicketForm

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@pytest.fixture(scope="module")
def form_demo() -> Iterator[DemoServer]:
    server = start_demo_server()
    try:
        yield server
    finally:
        server.stop()


async def open_form(pilot: Pilot) -> NewTicketForm:
    """The form over the demo's queue, its cursors still."""
    no_blink(pilot)
    await settle(pilot)
    await pilot.press("tab", "n")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, NewTicketForm)
    for field in form.query(Input):
        field.cursor_blink = False
    form.query_one("#description", TextArea).cursor_blink = False
    await pilot.pause()
    return form


@SIZES
def test_new_ticket_form_empty(snap_compare, form_demo: DemoServer, size: tuple[int, int]) -> None:
    app = make_app(form_demo.base_url, demo=True)

    async def run_before(pilot: Pilot) -> None:
        await open_form(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_new_ticket_form_with_fields_marked(snap_compare, form_demo: DemoServer, size: tuple[int, int]) -> None:
    """ctrl+s on a form with only a title: the description, priority and category say what they need."""
    app = make_app(form_demo.base_url, demo=True)

    async def run_before(pilot: Pilot) -> None:
        await open_form(pilot)
        await pilot.press(*"Export", "space", *"fails", "ctrl+s")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_new_ticket_form_refused_by_the_api_80x24(snap_compare) -> None:
    """The API refuses the priority: the words at the field, where the draft is kept at the top."""
    with FaultServer() as server:
        server.route(
            "/v2/support-tickets", Reply(400, {"error": "Invalid priority level", "message": "INVALID_PRIORITY"})
        )
        app = make_app(server.url, token="tok_snapshot_secret")

        async def run_before(pilot: Pilot) -> None:
            form = await open_form(pilot)
            form.fill(
                NewTicket.of(
                    title="Webhook retries stop after one",
                    description="The client's endpoint was down for a minute;\nonly one retry arrived.",
                    priority="urgent",
                    category="technical",
                    tags="webhooks, retries",
                )
            )
            await pilot.press("ctrl+s")
            await settle(pilot)

        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
