"""The demo's attachment addresses as ``--demo --json`` prints them: on ``http://demo.invalid``.

The demo API listens on a free port for as long as the command runs, so the address it served a
file from means nothing once the command has printed and exited (and may later be another
program's). Printed, an attachment's URL keeps its path on the demo's placeholder origin, under
the reserved ``.invalid`` name that never resolves: a well-formed URL that says what it is.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from app.core.api.models import Ticket
from app.demo.records import PLACEHOLDER_ORIGIN

_DEMO_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
"""Where a demo API listens (this run's, or an earlier one's in the demo's cache)."""


def lasting_url(url: str | None) -> str | None:
    """``url`` moved to the placeholder origin if a demo API on this computer served it, else as it is."""
    if not url:
        return url
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return url
    if parts.scheme != "http" or host not in _DEMO_HOSTS:
        return url
    rest = parts.path + (f"?{parts.query}" if parts.query else "")
    return PLACEHOLDER_ORIGIN + rest


def with_lasting_urls(ticket: Ticket) -> Ticket:
    """``ticket`` with every attachment URL a demo served moved to the placeholder origin."""
    attachments = [item.model_copy(update={"url": lasting_url(item.url)}) for item in ticket.attachments]
    return ticket.model_copy(update={"attachments": attachments})
