"""A second after a ticket arrives, the heap is collected once and frozen out of full collections."""

from __future__ import annotations

import gc
import weakref

from tests.helpers import make_app, open_ticket, wait_until

EXAMPLE_ID = "support_ticket_123456789"
RESOLVED_ID = "support_ticket_204817365"


async def test_a_shown_ticket_is_frozen_and_the_replaced_one_freed(demo_server, monkeypatch) -> None:
    calls: list[str] = []
    for name in ("freeze", "unfreeze", "collect"):
        real = getattr(gc, name)
        monkeypatch.setattr(gc, name, lambda *a, real=real, name=name: (calls.append(name), real(*a))[1])
    app = make_app(demo_server.base_url, demo=True)
    app.HEAP_SETTLE_DELAY = 0.01
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await open_ticket(pilot, EXAMPLE_ID)
            await wait_until(pilot, lambda: "freeze" in calls)
            assert calls[-3:] == ["unfreeze", "collect", "freeze"] and gc.get_freeze_count() > 0
            first = weakref.ref(app.ticket)
            calls.clear()
            await open_ticket(pilot, RESOLVED_ID)
            await wait_until(pilot, lambda: "freeze" in calls)
            assert calls[-3:] == ["unfreeze", "collect", "freeze"]
            assert app.ticket.id == RESOLVED_ID and first() is not app.ticket
    finally:
        gc.unfreeze()
