"""The TLS context every client verifies with: built once, and started early on a thread of its own.

Loading the CA bundle takes tens of milliseconds, but with the interpreter lock released: started
as the command line begins, it runs on another core while Python imports Textual, httpx and the
models, and is ready by the time the first request is made. This module imports neither httpx nor
Textual, so starting it costs the start-up almost nothing. The context is the one httpx would make
with ``verify=True, trust_env=True``: ``SSL_CERT_FILE``, else ``SSL_CERT_DIR``, else certifi's bundle.
"""

from __future__ import annotations

import atexit
import os
import ssl
import stat
import threading

from app.core.errors import TlsSetupError

EXIT_WAIT = 5.0
"""Seconds a process ending waits for a load still running: OpenSSL's own clean-up at exit, run
while another thread is inside OpenSSL, crashes the process (a quick usage error would end in a
segmentation fault). A bundle that never finishes loading (a FIFO named by ``SSL_CERT_FILE``) is
given up on after this long."""

_lock = threading.Lock()
_contexts: dict[tuple[str | None, str | None], ssl.SSLContext] = {}


def _where() -> tuple[str | None, str | None]:
    """The CA file and folder the environment names (empty values count as unset, as in httpx)."""
    return os.environ.get("SSL_CERT_FILE") or None, os.environ.get("SSL_CERT_DIR") or None


def _unusable(path: str, reason: str) -> TlsSetupError:
    from app.core.text.safe_text import clean_line

    shown = clean_line(path)[:200]
    return TlsSetupError(
        f"The certificate bundle named by SSL_CERT_FILE ({shown}) cannot be used: {reason}.",
        hint="Point SSL_CERT_FILE at a readable certificate bundle (PEM), or unset it to use the bundled one.",
    )


def _build(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """The context, or ``TlsSetupError`` in words when ``SSL_CERT_FILE`` names a file that cannot be
    used (checked with ``stat`` first: a FIFO or a device is never opened, so nothing waits on it).
    ``SSL_CERT_DIR`` goes to OpenSSL as it is: it may list several folders, read only when needed."""
    if cert_file:
        return _from_file(cert_file)
    if cert_dir:
        return ssl.create_default_context(capath=cert_dir)
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def _from_file(path: str) -> ssl.SSLContext:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise _unusable(path, "not a regular file")
        return ssl.create_default_context(cafile=path)
    except ssl.SSLError:
        raise _unusable(path, "no certificates could be read from it") from None
    except OSError as error:
        raise _unusable(path, (error.strerror or "it cannot be read").lower()) from None
    except ValueError:
        raise _unusable(path, "it cannot be read") from None


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
        except TlsSetupError:
            pass  # said when a client is made, where the agent sees it

    thread = threading.Thread(target=load, name="tls-context", daemon=True)
    thread.start()
    atexit.register(thread.join, EXIT_WAIT)
    return thread
