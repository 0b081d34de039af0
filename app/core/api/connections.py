"""How the client's connections are made: the TLS context they verify with, and the size of a read."""

from __future__ import annotations

import os
import ssl
from functools import lru_cache

import httpcore
import httpx

READ_BYTES = 256 * 1024
"""Bytes asked of the socket per read. httpcore's own 64 KiB makes a loopback download spend
about a third of its time on per-read overhead; 256 KiB brings the reading level with curl."""


def tls_context() -> ssl.SSLContext:
    """httpx's verifying TLS context for this environment's SSL_CERT_FILE / SSL_CERT_DIR, built once.

    Loading a CA bundle takes tens of milliseconds (with the interpreter lock released, so the TUI
    builds it in a thread while it draws); every client with the same settings shares it.
    """
    return _tls_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


@lru_cache(maxsize=4)
def _tls_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    return httpx.create_ssl_context(verify=True, trust_env=True)


def read_larger_pieces() -> None:
    """Make httpcore's HTTP/1.1 connections read ``READ_BYTES`` at a time (a class setting)."""
    connection = httpcore.AsyncHTTP11Connection
    connection.READ_NUM_BYTES = max(connection.READ_NUM_BYTES, READ_BYTES)
