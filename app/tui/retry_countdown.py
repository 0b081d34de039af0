"""The countdown to the next attempt while a fetch waits to ask the API again.

Under a loading notice the notice's words count down each second; over a ticket already on screen
(a refresh) a toast says when the next attempt is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.browsing.notices import retry_countdown

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from app.core.api.retry import RetryNotice
    from widgets.shell.ticket_area import TicketArea


class RetryCountdown:
    """One countdown at a time, on the ticket area of ``screen``."""

    def __init__(self, screen: Screen[object], area: TicketArea) -> None:
        self._screen = screen
        self._area = area
        self._timer: Timer | None = None

    def start(self, notice: RetryNotice) -> None:
        """Count down to the attempt ``notice`` announces (replacing any countdown running)."""
        self.stop()
        remaining = max(0, round(notice.wait))
        if self._area.ticket_shown:
            self._screen.notify(f"{notice.reason}: retrying in {remaining} s", markup=False)
            return

        def tick() -> None:
            nonlocal remaining
            self._area.update_notice_body(retry_countdown(notice.reason, remaining, notice.attempt, notice.attempts))
            remaining = max(0, remaining - 1)

        tick()
        self._timer = self._screen.set_interval(1, tick)

    def stop(self) -> None:
        """No countdown any more (the answer came, or the agent cancelled)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
