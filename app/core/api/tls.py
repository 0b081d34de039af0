"""The TLS context every client verifies with: built once, and started early on a thread of its own.

Loading the CA bundle takes tens of milliseconds, but with the interpreter lock released: started
as the command line begins, it runs on another core while Python imports Textual, httpx and the
models, and is ready by the time the first request is made. This module imports neither httpx nor
Textual, so starting it costs the start-up almost nothing. The context is the one httpx would make
with ``verify=True, trust_env=True``: ``SSL_CERT_FILE``, else ``SSL_CERT_DIR``, else certifi's bundle.
"""

from __future__ import annotations

import os
import ssl
import threading

_lock = threading.Lock()
_contexts: dict[tuple[str | None, str | None], ssl.SSLContext] = {}


def _where() -> tuple[str | None, str | None]:
    """The CA file and folder the environment names (empty values count as unset, as in httpx)."""
    return os.environ.get("SSL_CERT_FILE") or None, os.environ.get("SSL_CERT_DIR") or None


def _build(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    if cert_file:
        return ssl.create_default_context(cafile=cert_file)
    if cert_dir:
        return ssl.create_default_context(capath=cert_dir)
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def tls_context() -> ssl.SSLContext:
    """The verifying context for this environment's CA settings, built once (a second caller waits
    for the first rather than loading the bundle again)."""
    where = _where()
    with _lock:
        context = _contexts.get(where)
        if context is None:
            context = _contexts[where] = _build(*where)
        return context


def start_loading() -> threading.Thread:
    """Build the context on a daemon thread now, so that it is ready when the first client needs it.

    A bundle that cannot be read is not reported here: the client's own call raises it, in its place.
    """

    def load() -> None:
        try:
            tls_context()
        except (OSError, ssl.SSLError, ValueError):
            pass  # said when a client is made

    thread = threading.Thread(target=load, name="tls-context", daemon=True)
    thread.start()
    return thread
