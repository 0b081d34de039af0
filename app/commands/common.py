"""What the one-shot commands share: the user's remembered data, the API client, and error reports."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.api.client import TicketClient
    from app.core.config.settings import Settings
    from app.core.errors import TicketViewError
    from app.core.storage.user_data import UserData


def user_data(settings: Settings) -> UserData:
    """What this user has remembered for this API (the demo keeps its own)."""
    from app.core.storage.user_data import UserData

    return UserData.for_user("demo" if settings.demo else settings.base_url, cache=settings.cache)


def api_client(settings: Settings) -> TicketClient:
    """A client for the API the settings name (use it as ``async with``)."""
    from app.core.heap import import_for_good

    import_for_good("app.core.api.client")  # httpx, pydantic, the models: the collector need not walk them
    from app.core.api.client import TicketClient

    return TicketClient(
        settings.base_url,
        settings.token,
        require_token=not settings.demo,
        deadline=settings.timeout,
        trusted_hosts=settings.trusted_hosts,
    )


def report(error: TicketViewError) -> int:
    """Say on stderr what went wrong (title, message, hint) and return the exit code it means."""
    print(f"ticketview: {error.title}: {error.message}", file=sys.stderr)
    if error.hint:
        print(error.hint, file=sys.stderr)
    return error.exit_code
