"""What the App shares with its screens and controllers: settings, the API client, user data, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.api.client import TicketClient
    from app.core.browsing.notices import StartMode
    from app.core.config.settings import Settings
    from app.core.storage.user_data import UserData

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Services:
    """The App's global services, handed to the main screen and on to its controllers."""

    settings: Settings
    user_data: UserData
    """Recent tickets, the ticket cache and preferences."""
    clock: Clock
    client: Callable[[], TicketClient]
    """The API client, made on first use (httpx loads after the first frame)."""
    settle_heap: Callable[[], None]
    """Ask for the heap to be collected and frozen soon (after a ticket or a queue page arrives)."""

    @property
    def start_mode(self) -> StartMode:
        """What the start screen is about: ``offline``, ``no token``, ``demo`` or ``online``."""
        settings = self.settings
        if settings.offline:
            return "offline"
        if settings.needs_token:
            return "no token"
        return "demo" if settings.demo else "online"
