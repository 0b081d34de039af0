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
from typing import Generic, TypeVar

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


class Started(Generic[T]):
    """Work running in a daemon thread from the moment it is made, its result awaited later within a budget.

    Starting work before anyone waits for it lets it run while the event loop does something
    else (a PDF's first page extracted while the viewer mounts its body).
    """

    def __init__(self, work: Callable[[], T], *, name: str = "decode") -> None:
        self._lock = threading.Lock()
        self._outcome: tuple[bool, object] | None = None
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[T]]] = []
        threading.Thread(target=self._run, args=(work,), name=f"ticketview-{name}", daemon=True).start()

    def _run(self, work: Callable[[], T]) -> None:
        try:
            outcome: tuple[bool, object] = (True, work())
        except BaseException as error:  # noqa: BLE001  # handed to the awaiting task, which re-raises it
            outcome = (False, error)
        with self._lock:
            self._outcome = outcome
            waiters, self._waiters = self._waiters, []
        for loop, future in waiters:
            try:
                loop.call_soon_threadsafe(_deliver, future, outcome)
            except RuntimeError:
                pass  # the loop closed while this ran (the app quit): nobody waits any more

    @property
    def done(self) -> bool:
        """Whether the work has ended (its result can be had at once)."""
        return self._outcome is not None

    async def result(self, seconds: float) -> T:
        """The work's result (or its exception), or ``TooSlow`` if it is not there within ``seconds``.

        Cancelling the awaiting task stops the wait at once; the thread finishes (or not) on its
        own, and its result is dropped.
        """
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        with self._lock:
            outcome = self._outcome
            if outcome is None:
                self._waiters.append((loop, future))
        if outcome is not None:
            _deliver(future, outcome)
        try:
            return await asyncio.wait_for(future, seconds)
        except TimeoutError:
            raise TooSlow(seconds) from None


def _deliver(future: asyncio.Future[T], outcome: tuple[bool, object]) -> None:
    if future.done():
        return  # given up on, or cancelled
    ok, value = outcome
    if ok:
        future.set_result(value)  # type: ignore[arg-type]  # `value` is work's T when ok
    else:
        future.set_exception(value)  # type: ignore[arg-type]  # a BaseException when not ok


async def in_thread(work: Callable[[], T], *, seconds: float, name: str = "decode") -> T:
    """Run ``work`` in a daemon thread and return its result, or raise ``TooSlow`` after ``seconds``.

    Cancelling the awaiting task stops the wait at once; the thread finishes (or not) on its own,
    and its result is dropped.
    """
    return await Started(work, name=name).result(seconds)
