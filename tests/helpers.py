"""Helpers for driving the app in tests: a fixed clock, an app against a given server."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled, WorkerFailed

from app.core.api.client import TicketClient
from app.core.api.ticket_filters import TicketFilters
from app.core.config.settings import DEFAULT_PREVIEW_BYTES, Settings
from app.core.storage.user_data import UserData
from app.tui.app import TicketViewApp
from tests.fault_server import FaultServer, Reply

if TYPE_CHECKING:
    from widgets.attachments.attachment_viewer import AttachmentViewer

FIXED_NOW = datetime(2024, 11, 24, 12, 0, tzinfo=UTC)
EXAMPLE_ID = "support_ticket_123456789"


def build_app(
    base_url: str,
    *,
    settings: Settings | None = None,
    token: str | None = None,
    demo: bool = False,
    download_dir: Path | None = None,
    preview_bytes: int = DEFAULT_PREVIEW_BYTES,
    theme: str | None = "textual-dark",
    cache: bool = True,
    offline: bool = False,
    watch: float | None = None,
    bell: bool = False,
    timezone: str = "UTC",
    own_client: bool = False,
    ticket_id: str | None = None,
    samples: Sequence[tuple[str, str]] = (),
    queue: bool = False,
    filters: TicketFilters | None = None,
    user_data: UserData | None = None,
    clock: Callable[[], datetime] = lambda: FIXED_NOW,
    **client_options: Any,
) -> TicketViewApp:
    """The one way tests build the App: against ``base_url``, with a fixed clock, zone and theme.

    ``settings`` given whole (read from an environment, say) replaces the options that make them.
    The App gets a real client for ``base_url`` (``client_options`` passed on), or with
    ``own_client`` makes its own from the settings, as ``ticketview`` does.
    """
    if settings is None:
        settings = Settings(
            base_url=base_url,
            token=None if demo else token,
            download_dir=download_dir or Path("/nonexistent-download-dir"),
            demo=demo,
            theme=theme,
            preview_bytes=preview_bytes,
            cache=cache,
            offline=offline,
            watch=watch,
            bell=bell,
            timezone=timezone,  # UTC unless a test asks for a zone: never the machine's
        )
    client = None
    if not own_client:
        client = TicketClient(settings.base_url, settings.token, require_token=not settings.demo, **client_options)
    return TicketViewApp(
        settings,
        client=client,
        ticket_id=ticket_id,
        samples=samples,
        clock=clock,
        queue=queue,
        filters=filters,
        user_data=user_data,
    )


def make_app(base_url: str, **options: Any) -> TicketViewApp:
    """The App against ``base_url`` with a real client and a fixed clock (see ``build_app``)."""
    return build_app(base_url, **options)


async def _wait_for_workers(pilot: Pilot) -> None:
    while True:
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerFailed:
            pass  # the app reports a failed worker itself (Worker.StateChanged); tests check the screen
        except WorkerCancelled:
            continue  # superseded while waited for (an exclusive worker replaced): wait for its successor
        return


async def settle(pilot: Pilot) -> None:
    """Wait until every worker has finished and the screen has caught up."""
    await _wait_for_workers(pilot)
    await pilot.pause()
    await _wait_for_workers(pilot)
    await pilot.pause()


async def open_ticket(pilot: Pilot, ticket_id: str, *, wait: bool = True) -> None:
    """Type ``ticket_id`` into the ID bar, press Enter and (unless not ``wait``) wait for the result."""
    await pilot.press("slash")
    pilot.app.query_one("#id-input", Input).value = ticket_id
    await pilot.press("enter")
    if wait:
        await settle(pilot)


FILES_TICKET_ID = "T-files"


def serve_files(server: FaultServer, files: list[tuple[str, str, Reply]]) -> list[str]:
    """Serve ticket ``FILES_TICKET_ID`` whose attachments are ``(name, type, reply)``; their URLs.

    Each attachment's listed size is the length of its reply's body, when that is bytes or text.
    """
    attachments, urls = [], []
    for number, (name, kind, reply) in enumerate(files):
        path = f"/files/{number}/{quote(name, safe='')}"
        server.route(path, reply)
        body = reply.body.encode() if isinstance(reply.body, str) else reply.body
        size = len(body) if isinstance(body, bytes) else None
        urls.append(server.url + path)
        attachments.append({"filename": name, "url": urls[-1], "size": size, "type": kind})
    ticket = {"_id": FILES_TICKET_ID, "title": "Files", "status": "open", "attachments": attachments}
    server.route(f"/v2/support-tickets/{FILES_TICKET_ID}", Reply(200, {"success": True, "data": ticket}))
    return urls


def no_blink(pilot: Pilot) -> None:
    """Stop the ID bar's cursor blinking, so snapshots are stable."""
    pilot.app.query_one("#id-input", Input).cursor_blink = False


async def open_attachment(pilot: Pilot, ticket_id: str, index: int) -> AttachmentViewer:
    """Open ticket ``ticket_id`` (the ID bar's cursor not blinking), then its attachment ``index`` in the viewer."""
    # imported here: the benchmarks' children import this module and time the viewer's first import
    from widgets.attachments.attachment_viewer import AttachmentViewer
    from widgets.attachments.attachments_pane import AttachmentList

    no_blink(pilot)
    await open_ticket(pilot, ticket_id)
    await pilot.press("3")
    pilot.app.query_one(AttachmentList).highlighted = index
    await pilot.press("enter")
    await settle(pilot)
    viewer = pilot.app.screen
    assert isinstance(viewer, AttachmentViewer), f"the viewer did not open: {viewer!r}"
    return viewer


async def wait_until(pilot: Pilot, condition: Callable[[], object], *, timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds (for progress from a real server); fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {condition}")
        await pilot.pause(0.01)


def run_process(argv: Sequence[str], *, cwd: Path, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` to its end as a script would (no input), its output captured as text."""
    return subprocess.run(
        list(argv),
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
