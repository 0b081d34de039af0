"""``ticketview --new``: open a new ticket from flags, a file, standard input or the editor."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.config.settings import Settings


def create_ticket(settings: Settings, args: argparse.Namespace) -> int:
    """Create the ticket the flags describe, print its ID (or with --json the ticket); the exit code."""
    raise NotImplementedError("being written")
