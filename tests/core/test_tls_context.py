"""The shared TLS context: built once, early on a thread, and never duplicated by callers at once."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.core.api import tls
from app.core.api.connections import tls_context as connections_tls_context
from app.core.errors import TlsSetupError

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tls, "_contexts", {})
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)


def test_one_context_for_every_caller_even_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[ssl.SSLContext] = []
    real_build = tls._build

    def counting_build(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
        context = real_build(cert_file, cert_dir)
        built.append(context)
        return context

    monkeypatch.setattr(tls, "_build", counting_build)
    got: list[ssl.SSLContext] = []
    threads = [threading.Thread(target=lambda: got.append(tls.tls_context())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1  # the bundle was loaded once, the others waited for it
    assert all(context is built[0] for context in got)
    assert connections_tls_context() is built[0]  # what the client uses
    assert built[0].verify_mode == ssl.CERT_REQUIRED and built[0].check_hostname


def test_started_early_it_is_ready_for_the_first_client() -> None:
    tls.start_loading().join(timeout=30)
    assert tls._contexts  # built by the thread
    context = tls.tls_context()
    assert context is tls.tls_context()
    assert context.cert_store_stats()["x509_ca"] > 0  # certifi's bundle is in


def test_the_environment_names_the_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import certifi

    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(Path(certifi.where()).read_bytes())
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    from_file = tls.tls_context()
    monkeypatch.delenv("SSL_CERT_FILE")
    assert tls.tls_context() is not from_file  # a context per CA setting, as before


def test_an_unreadable_bundle_is_reported_by_the_client_not_by_the_early_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    errors: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: errors.append(args.exc_value))
    tls.start_loading().join(timeout=30)
    assert errors == []  # the early start kept quiet: the client says it, where it is shown
    with pytest.raises(TlsSetupError) as caught:
        tls.tls_context()
    assert "SSL_CERT_FILE" in caught.value.message and "no such file" in caught.value.message
    assert "SSL_CERT_FILE" in caught.value.hint


@pytest.mark.parametrize("kind", ["fifo", "folder", "not certificates", "control characters"])
def test_what_the_environment_names_is_refused_in_words_without_waiting(
    kind: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / ("evil\x1b[2Jname" if kind == "control characters" else "ca")
    if kind == "fifo":
        os.mkfifo(path)  # opening it would wait for a writer forever
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_text("not a certificate\n")
    monkeypatch.setenv("SSL_CERT_FILE", str(path))
    with pytest.raises(TlsSetupError) as caught:
        tls.tls_context()
    message = caught.value.message
    assert "\x1b" not in message and "cannot be used" in message
    expected = {"fifo": "not a regular file", "folder": "not a regular file"}.get(kind, "no certificates")
    assert expected in message


def test_a_certificate_folder_setting_goes_to_openssl_as_it_is(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """SSL_CERT_DIR may list several folders (OpenSSL reads them only when it needs them)."""
    monkeypatch.setenv("SSL_CERT_DIR", f"{tmp_path / 'missing'}:{tmp_path}")
    context = tls.tls_context()
    assert context.verify_mode == ssl.CERT_REQUIRED


def test_a_process_ending_while_the_bundle_loads_ends_cleanly() -> None:
    """OpenSSL's clean-up at exit, with another thread inside OpenSSL, used to crash the process
    (a usage error right after start ended in a segmentation fault, about one run in six)."""
    for step in range(16):  # end at different points of the load
        code = f"import time\nfrom app.core.api.tls import start_loading\nstart_loading()\ntime.sleep({step * 0.003})\n"
        done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, timeout=60)
        assert done.returncode == 0, (step, done.returncode, done.stderr)


def test_the_http_client_is_imported_without_what_it_does_not_use() -> None:
    """httpx's ``httpx._main`` (click, pygments, rich's progress and syntax) is left out of every start,
    and stamina until a request fails in a way worth retrying."""
    code = (
        "import sys, app, httpx\n"
        "import app.core.api.client\n"
        "names = ('click', 'pygments', 'rich.progress', 'rich.syntax', 'stamina', 'tenacity')\n"
        "left_out = [name for name in names if name in sys.modules]\n"
        "assert not left_out, left_out\n"
        "assert httpx.AsyncClient and httpx.URL('https://api.verifik.co/v2').host == 'api.verifik.co'\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
