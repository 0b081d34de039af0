"""How the client's connections are made: the TLS context they verify with, and the size of a read."""

from __future__ import annotations

import httpcore

from app.core.api.tls import tls_context

__all__ = ["READ_BYTES", "read_larger_pieces", "tls_context"]

READ_BYTES = 256 * 1024
"""Bytes asked of the socket per read. httpcore's own 64 KiB makes a loopback download spend
about a third of its time on per-read overhead; 256 KiB brings the reading level with curl."""


def read_larger_pieces() -> None:
    """Make httpcore's HTTP/1.1 connections read ``READ_BYTES`` at a time (a class setting)."""
    connection = httpcore.AsyncHTTP11Connection
    connection.READ_NUM_BYTES = max(connection.READ_NUM_BYTES, READ_BYTES)
