"""A shown ticket is frozen out of full garbage collections, and released when the next one comes."""

from __future__ import annotations

import gc
import weakref

from tests.helpers import make_app, open_ticket

EXAMPLE_ID = "support_ticket_123456789"
RESOLVED_ID = "support_ticket_204817365"


async def test_the_shown_ticket_is_frozen_and_the_replaced_one_can_be_collected(demo_server) -> None:
    app = make_app(demo_server.base_url, demo=True)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await open_ticket(pilot, EXAMPLE_ID)
            await pilot.pause()
            assert gc.get_freeze_count() > 0  # the ticket and its layout are out of full collections
            first = weakref.ref(app.ticket)
            await open_ticket(pilot, RESOLVED_ID)
            await pilot.pause()
            gc.unfreeze()  # as the app would on the next ticket; here, so collect() can see it
            gc.collect()
            assert first() is None  # nothing keeps the replaced ticket alive
    finally:
        gc.unfreeze()
