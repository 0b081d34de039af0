"""Helpers for driving the app in tests: a fixed clock, an app against a given server."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerFailed

from app.client import TicketClient
from app.config import Settings
from app.ticket_app import TicketViewApp

FIXED_NOW = datetime(2024, 11, 24, 12, 0, tzinfo=timezone.utc)
EXAMPLE_ID = "support_ticket_123456789"


def make_app(
    base_url: str,
    *,
    token: str | None = None,
    demo: bool = False,
    download_dir: Path | None = None,
    ticket_id: str | None = None,
    samples: list[tuple[str, str]] | None = None,
    **client_options: object,
) -> TicketViewApp:
    """A TicketViewApp with a real client against ``base_url`` and a fixed clock."""
    settings = Settings(
        base_url=base_url,
        token=token,
        download_dir=download_dir or Path("/nonexistent-download-dir"),
        demo=demo,
        theme="textual-dark",
    )
    client = TicketClient(base_url, token, require_token=not demo, **client_options)
    return TicketViewApp(
        settings, client=client, ticket_id=ticket_id, samples=samples or [], clock=lambda: FIXED_NOW
    )


async def _wait_for_workers(pilot: Pilot) -> None:
    try:
        await pilot.app.workers.wait_for_complete()
    except WorkerFailed:
        pass  # the app reports a failed worker itself (Worker.StateChanged); tests check the screen


async def settle(pilot: Pilot) -> None:
    """Wait until every worker has finished and the screen has caught up."""
    await _wait_for_workers(pilot)
    await pilot.pause()
    await _wait_for_workers(pilot)
    await pilot.pause()


async def open_ticket(pilot: Pilot, ticket_id: str) -> None:
    """Type ``ticket_id`` into the ID bar, press Enter and wait for the result."""
    await pilot.press("slash")
    pilot.app.query_one("#id-input", Input).value = ticket_id
    await pilot.press("enter")
    await settle(pilot)


def no_blink(pilot: Pilot) -> None:
    """Stop the ID bar's cursor blinking, so snapshots are stable."""
    pilot.app.query_one("#id-input", Input).cursor_blink = False
