"""A second after a ticket arrives, the heap is collected once and frozen out of full collections."""

from __future__ import annotations

import gc

from tests.helpers import make_app, open_ticket, wait_until

EXAMPLE_ID = "support_ticket_123456789"
RESOLVED_ID = "support_ticket_204817365"


async def test_each_shown_ticket_is_collected_for_then_frozen(demo_server, monkeypatch) -> None:
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
            calls.clear()
            await open_ticket(pilot, RESOLVED_ID)
            await wait_until(pilot, lambda: "freeze" in calls)
            # The first ticket's objects are released and collected before the heap is frozen again.
            assert calls[-3:] == ["unfreeze", "collect", "freeze"] and app.ticket.id == RESOLVED_ID
    finally:
        gc.unfreeze()
