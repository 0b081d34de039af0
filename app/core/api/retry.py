"""Retrying an idempotent request with ``stamina``, within one overall deadline, telling the UI.

stamina is imported only when a first attempt fails in a way worth retrying: most calls never need it.

A failed attempt that may succeed next time raises ``Retryable`` carrying the typed error to report
if it was the last; ``with_retries`` asks again after the server's ``Retry-After`` (capped) or an
exponential backoff with jitter, calling ``on_retry`` before each wait so a UI can count down.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from app.core.errors import RateLimited, RequestTimeout, TicketViewError
from app.core.heap import import_for_good

# stamina logs each retry at WARNING; without this, a script (or a TUI) with no logging set up would
# get Python's last-resort handler printing to stderr. Apps that configure logging still see them.
logging.getLogger("stamina").addHandler(logging.NullHandler())

T = TypeVar("T")


@dataclass(frozen=True)
class RetryNotice:
    """A retry about to happen, so a UI can show a countdown."""

    attempt: int
    """The attempt about to be made (2 or 3)."""
    attempts: int
    """The most attempts that will be made."""
    wait: float
    """Seconds until it is made."""
    reason: str
    """Why, e.g. "rate limited (429)" or "server error 503"."""


class Retryable(Exception):
    """A failed attempt worth repeating; ``error`` is what to raise if it was the last."""

    def __init__(self, error: TicketViewError, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.error = error
        self.reason = reason
        self.wait = wait
        """Seconds the server asked to wait (Retry-After), if it did."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to ask again."""

    attempts: int = 3
    deadline: float = 30.0
    """Seconds for the whole call, retries and waits included."""
    max_retry_wait: float = 30.0
    """The longest ``Retry-After`` honoured."""
    wait_initial: float = 0.5
    wait_max: float = 8.0
    wait_jitter: float = 0.5

    def wait_before(self, attempt: int, asked: float | None) -> float:
        """Seconds before the attempt after ``attempt``: what was asked (capped), else backoff."""
        if asked is not None:
            return min(asked, self.max_retry_wait)
        backoff = self.wait_initial * 2 ** (attempt - 1) + random.uniform(0, self.wait_jitter)
        return float(min(self.wait_max, backoff))


async def with_retries(
    attempt_once: Callable[[], Awaitable[T]],
    policy: RetryPolicy,
    on_retry: Callable[[RetryNotice], object] | None = None,
) -> T:
    """Run ``attempt_once`` until it succeeds, raises a final error, or attempts or time run out."""
    loop = asyncio.get_running_loop()
    give_up_at = loop.time() + policy.deadline
    attempt = 0

    def retry_on(error: Exception) -> bool | float:
        """Stamina's hook: whether to try again, and after how long."""
        if not isinstance(error, Retryable) or attempt >= policy.attempts:
            return False
        wait = policy.wait_before(attempt, error.wait)
        if loop.time() + wait >= give_up_at:
            return False  # the deadline would strike first: report the real failure now
        if on_retry is not None:
            on_retry(RetryNotice(attempt + 1, policy.attempts, wait, error.reason))
        return wait

    deadline = asyncio.timeout_at(give_up_at)
    try:
        async with deadline:
            attempt = 1
            try:
                return await attempt_once()  # most calls end here: stamina is not even imported
            except Retryable as failure:
                first_failure: Retryable | None = failure
            # Imported as the client's modules are (the collector paused): at the first retry, perhaps
            # with a queue of thousands of rows in memory.
            stamina = import_for_good("stamina")

            async for trial in stamina.retry_context(on=retry_on, attempts=policy.attempts, timeout=None):
                with trial:
                    attempt = trial.num
                    if first_failure is not None:  # stamina's first trial is the attempt already made:
                        replayed, first_failure = first_failure, None
                        raise replayed  # it decides on it, and waits, as on any other
                    return await attempt_once()
    except Retryable as failure:
        error = failure.error
        if (
            isinstance(error, RateLimited) and attempt > 1
        ):  # say how often it was asked, not "after retrying" when it was not
            error = RateLimited(error.retry_after, attempts=attempt)
        raise error from None
    except TimeoutError:
        if deadline.expired():
            raise RequestTimeout(policy.deadline) from None
        raise
    raise AssertionError("unreachable")  # stamina either returns or raises
