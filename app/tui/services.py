"""What the App shares with its screens and controllers: settings, the API client, user data, the clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from app.core.heap import import_for_good

if TYPE_CHECKING:
    from app.core.api.client import TicketClient
    from app.core.browsing.notices import StartMode
    from app.core.config.settings import Settings
    from app.core.storage.user_data import UserData

Clock = Callable[[], datetime]
CLIENT_MODULE = "app.core.api.client"


_client_prepared = False


def prepare_client() -> None:
    """Most of what making the first client costs, for a thread: its imports (httpx, pydantic, the
    models) and its TLS context (the CA bundle loads with the interpreter lock released)."""
    global _client_prepared
    import_for_good(CLIENT_MODULE)
    from app.core.api.connections import tls_context

    tls_context()
    _client_prepared = True


@dataclass(frozen=True)
class Services:
    """The App's global services, handed to the main screen and on to its controllers."""

    settings: Settings
    user_data: UserData
    """Recent tickets, the ticket cache and preferences."""
    clock: Clock
    client: Callable[[], TicketClient]
    """The API client, made on first use (prefer ``api``, which imports it off the UI thread)."""
    settle_heap: Callable[[], None]
    """Ask for the heap to be collected and frozen soon (after a ticket or a queue page arrives)."""

    @property
    def zone(self) -> tzinfo:
        """The zone times are shown in (the settings' ``timezone``; the computer's by default)."""
        from app.core.text.zones import zone_for

        return zone_for(self.settings.timezone)

    def now(self) -> datetime:
        """The clock's time in the agent's zone: widgets show times in the zone of the ``now`` they get."""
        return self.clock().astimezone(self.zone)

    async def api(self) -> TicketClient:
        """The API client. Its modules (httpx, pydantic, the models) take a few hundred milliseconds
        to import: the first time, that happens in a thread, so the UI goes on drawing."""
        if not _client_prepared:
            await asyncio.to_thread(prepare_client)
        return self.client()

    @property
    def start_mode(self) -> StartMode:
        """What the start screen is about: ``offline``, ``no token``, ``demo`` or ``online``."""
        settings = self.settings
        if settings.offline:
            return "offline"
        if settings.needs_token:
            return "no token"
        return "demo" if settings.demo else "online"
