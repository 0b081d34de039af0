"""``ticketview ID --json`` / ``--markdown``: print one ticket and exit."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from app.commands.common import api_client, report, user_data

if TYPE_CHECKING:
    from app.core.api.models import Ticket
    from app.core.config.settings import Settings


def print_ticket(settings: Settings, ticket_id: str, *, as_json: bool) -> int:
    """Print the ticket (from the API, or under --offline from the cache) and return the exit code."""
    import asyncio
    from datetime import datetime

    from app.core.errors import TicketViewError
    from app.core.export import to_json, to_markdown

    async def fetch() -> Ticket:
        if settings.offline:
            cached = user_data(settings).cache.load(ticket_id)
            if cached is None:
                from app.core.storage.offline import not_cached

                output = "--json" if as_json else "--markdown"
                raise not_cached(ticket_id, demo=settings.demo, needs_token=settings.needs_token, output=output)
            return cached.ticket
        async with api_client(settings) as client:
            return await client.get_ticket(ticket_id)

    try:
        ticket = asyncio.run(fetch())
    except TicketViewError as error:
        return report(error)
    if settings.demo:
        from app.demo.printed_urls import with_lasting_urls

        ticket = with_lasting_urls(ticket)  # the demo API's port is gone once this command exits
    from app.core.text.zones import zone_for

    # JSON keeps the API's own timestamps; Markdown says them in the zone the screen uses
    text = to_json(ticket) if as_json else to_markdown(ticket, datetime.now(zone_for(settings.timezone)))
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
