"""Decoding off the event loop, within a time budget, in threads that can never hold the app open.

A decoder (pypdf, zipfile, tarfile, Pillow) cannot be interrupted, and a thread cannot be killed.
So each decode runs in a *daemon* thread (the interpreter does not wait for it at exit, as it
would for the default executor's threads), the caller stops waiting after its budget, and the
decoders bound their own work (sizes, member counts, time checks between pages and members) so a
thread given up on ends soon by itself. Nothing here imports Textual.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class TooSlow(Exception):
    """A decode went past its time budget; the caller stopped waiting for it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


class Deadline:
    """A point in time that loops check between steps (pages, members) to stop in time."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._end = clock() + seconds

    def expired(self) -> bool:
        """Whether the time is up."""
        return self._clock() >= self._end


async def in_thread(work: Callable[[], T], *, seconds: float, name: str = "decode") -> T:
    """Run ``work`` in a daemon thread and return its result, or raise ``TooSlow`` after ``seconds``.

    Cancelling the awaiting task stops the wait at once; the thread finishes (or not) on its own,
    and its result is dropped.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def deliver(ok: bool, value: object) -> None:
        if future.done():
            return  # given up on, or cancelled
        if ok:
            future.set_result(value)  # type: ignore[arg-type]  # `value` is work's T when ok
        else:
            future.set_exception(value)  # type: ignore[arg-type]  # a BaseException when not ok

    def run() -> None:
        try:
            result: object = work()
            ok = True
        except BaseException as error:  # noqa: BLE001  # handed to the awaiting task, which re-raises it
            result, ok = error, False
        try:
            loop.call_soon_threadsafe(deliver, ok, result)
        except RuntimeError:
            pass  # the loop closed while this ran (the app quit): nobody waits any more

    threading.Thread(target=run, name=f"ticketview-{name}", daemon=True).start()
    try:
        return await asyncio.wait_for(future, seconds)
    except TimeoutError:
        raise TooSlow(seconds) from None
