"""A shown ticket is frozen out of full garbage collections, and released when the next one comes."""

from __future__ import annotations

import gc
import weakref

from tests.helpers import make_app, open_ticket

EXAMPLE_ID = "support_ticket_123456789"
RESOLVED_ID = "support_ticket_204817365"


async def test_the_shown_ticket_is_frozen_and_unfrozen_when_the_next_one_comes(demo_server, monkeypatch) -> None:
    calls: list[str] = []
    freeze, unfreeze = gc.freeze, gc.unfreeze
    monkeypatch.setattr(gc, "freeze", lambda: (calls.append("freeze"), freeze())[1])
    monkeypatch.setattr(gc, "unfreeze", lambda: (calls.append("unfreeze"), unfreeze())[1])
    app = make_app(demo_server.base_url, demo=True)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await open_ticket(pilot, EXAMPLE_ID)
            await pilot.pause()
            assert calls[-2:] == ["unfreeze", "freeze"] and gc.get_freeze_count() > 0
            first = weakref.ref(app.ticket)
            calls.clear()
            await open_ticket(pilot, RESOLVED_ID)
            await pilot.pause()
            # The first ticket was released to the collector before the second was frozen.
            assert calls == ["unfreeze", "freeze"]
            assert first() is not app.ticket
    finally:
        unfreeze()
