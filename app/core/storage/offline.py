"""A ticket that is not cached, offline: say so with a command that works where the agent is.

"Run without --offline" helps only someone who can fetch: without a token it fails too, and a
ticket seen in the demo lives in the demo's own cache, which only ``--demo`` reads.
"""

from __future__ import annotations

import shlex

from app.core.errors import NotCached
from app.core.text.safe_text import safe_id

DEMO_SCOPE = "demo"
"""The demo's recent list and cache are kept apart from any real API's."""


def demo_has(ticket_id: str) -> bool:
    """Whether the demo's cache on this machine holds ``ticket_id``."""
    from app.core.storage.user_data import UserData

    return UserData.for_user(DEMO_SCOPE).cache.load(ticket_id) is not None


def offline_hint(ticket_id: str, *, demo: bool, needs_token: bool, in_demo_cache: bool, output: str = "") -> str:
    """What to run for ``ticket_id`` when this cache does not hold it (``output``: ``--json`` or
    ``--markdown``, to print it). Only the app caches what it opens, so that is what a miss suggests."""
    ticket = shlex.quote(safe_id(ticket_id))
    if demo:
        return f"Open it once in the demo, which caches it: ticketview --demo {ticket}"
    if in_demo_cache:
        return f"The demo's cache has it: ticketview --demo --offline {ticket}{f' {output}' if output else ''}"
    if needs_token:
        return (
            "Set a token (export VERIFIK_TOKEN=<your token>, or token_command in the config file), "
            f"then open it once, which caches it: ticketview {ticket}"
        )
    return f"Open it once without --offline, which caches it: ticketview {ticket}"


def not_cached(ticket_id: str, *, demo: bool, needs_token: bool, output: str = "") -> NotCached:
    """The error for ``ticket_id`` missing from the cache, its hint a command that works here.

    Reads the demo's cache when not in the demo (a file read: call it off the UI thread).
    """
    in_demo_cache = not demo and demo_has(ticket_id)
    hint = offline_hint(ticket_id, demo=demo, needs_token=needs_token, in_demo_cache=in_demo_cache, output=output)
    return NotCached(ticket_id, hint=hint)
