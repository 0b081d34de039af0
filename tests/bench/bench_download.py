"""Download: throughput of a large attachment on loopback vs curl, and the app's extra memory.

A server on 127.0.0.1 (in this process, a thread) serves a ticket whose one attachment is a
``--mib`` MiB file (default 512), generated on the fly from a 1 MiB block with its
Content-Length. Each app measurement is a fresh ``ticketview TICKET --base-url URL`` process in a
pseudo-terminal (120x40): it waits for the ticket on screen, reads the process's peak resident
set, presses ``3`` then ``d``, and times the keypress to "Saved to" on screen, which comes after
the last byte, the size checks and the fsync of the ``.part`` file. Peak RSS is read again then;
the difference is the memory the download added. Each curl measurement is ``curl -o FILE URL``
of the same URL, then (a second figure, for parity) an fsync of its file. Sides alternate; one
warm-up of each is discarded.

Targets: the app's throughput >= 0.8x curl's, and < 50 MiB of extra peak memory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import Sample, Terminal, Verdict, app_env, finish, ticketview_command

from tests.fault_server import FaultServer, Reply

TICKET_ID = "support_ticket_big_download"
BLOCK = bytes(range(256)) * 4096  # 1 MiB


def serve(mib: int) -> FaultServer:
    """A server for the ticket and its ``mib`` MiB attachment."""
    server = FaultServer()
    server.__enter__()
    size = mib * len(BLOCK)

    def body():
        for _ in range(mib):
            yield BLOCK

    server.route(
        "/files/capture.bin",
        Reply(200, body, headers={"Content-Length": str(size), "Content-Type": "application/octet-stream"}),
    )
    attachment = {
        "filename": "capture.bin",
        "url": f"{server.url}/files/capture.bin",
        "size": size,
        "type": "application/octet-stream",
    }
    ticket = {"_id": TICKET_ID, "title": "A large capture", "status": "open", "attachments": [attachment]}
    server.route(f"/v2/support-tickets/{TICKET_ID}", Reply(200, {"success": True, "data": ticket}))
    return server


def app_download(server: FaultServer, folder: Path) -> tuple[float, float, float]:
    """Seconds from ``d`` to "Saved to" on screen; peak RSS (MiB) before and after."""
    argv = ticketview_command() + [TICKET_ID, "--base-url", server.url]
    env = app_env(TICKETVIEW_DOWNLOAD_DIR=str(folder), TICKETVIEW_MAX_DOWNLOAD="8GiB")
    with Terminal(argv, env=env, size=(120, 40)) as terminal:
        terminal.wait_for("capture.bin", timeout=60)
        terminal.wait_quiet(0.5)
        before = terminal.peak_rss_mib()
        terminal.write("3")
        terminal.wait_quiet(0.3)
        mark = terminal.mark
        pressed = terminal.write("d")
        saved = terminal.wait_for("Saved to", since=mark, timeout=600)
        after = terminal.peak_rss_mib()
    return saved - pressed, before, after


def curl_download(url: str, folder: Path) -> tuple[float, float]:
    """Seconds for curl to fetch ``url`` to a file; and the same plus an fsync of that file."""
    target = folder / "curl.bin"
    started = time.perf_counter()
    subprocess.run(["curl", "-s", "-f", "--noproxy", "*", "-o", str(target), url], check=True)
    fetched = time.perf_counter()
    descriptor = os.open(target, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return fetched - started, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--mib", type=int, default=512, help="size of the attachment in MiB")
    args = parser.parse_args()
    if shutil.which("curl") is None:
        print("MISS download: curl is not installed")
        return 1
    server = serve(args.mib)
    app = Sample("download.app_seconds", unit="s")
    curl = Sample("download.curl_seconds", unit="s")
    curl_synced = Sample("download.curl_plus_fsync_seconds", unit="s")
    extra = Sample("download.app_extra_peak_rss", unit="MiB")
    try:
        for round_ in range(args.repeats + 1):
            with tempfile.TemporaryDirectory(prefix="ticketview-bench-") as folder:
                seconds, before, after = app_download(server, Path(folder))
            with tempfile.TemporaryDirectory(prefix="ticketview-bench-") as folder:
                fetched, synced = curl_download(f"{server.url}/files/capture.bin", Path(folder))
            if round_:  # round 0 is the warm-up
                app.values.append(seconds)
                extra.values.append(after - before)
                curl.values.append(fetched)
                curl_synced.values.append(synced)
    finally:
        server.__exit__(None, None, None)
    for sample in (app, curl, curl_synced, extra):
        print(sample.line())
    mib = args.mib
    print(f"download.app_throughput: {mib / app.median:.0f} MiB/s")
    print(f"download.curl_throughput: {mib / curl.median:.0f} MiB/s ({mib / curl_synced.median:.0f} MiB/s with fsync)")
    ratio = curl.median / app.median
    synced_ratio = curl_synced.median / app.median
    print(f"download.throughput_ratio_vs_curl_plus_fsync: {synced_ratio:.2f}x (for information)")
    return finish(
        [
            Verdict("download.throughput_ratio_vs_curl", f"{ratio:.2f}x", ">= 0.8x", ratio >= 0.8),
            Verdict("download.extra_peak_rss", f"{extra.median:.1f} MiB", "< 50 MiB", extra.median < 50),
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
