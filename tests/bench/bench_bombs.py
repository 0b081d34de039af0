"""Compression bombs: peak memory of reading one, against the normal working set of the same read.

Each case runs in a fresh Python process (so its peak resident set, ``ru_maxrss``, is its own)
that does what the app does, through the core: fetch a ticket, preview an attachment, or download
one, against a server on 127.0.0.1 in this process. The bomb side is served a body that inflates
to gigabytes; the normal side the same request with an ordinary body. The figure is the bomb
side's peak minus the normal side's, median of the repeats.

Target: extra peak memory under 100 MiB for every case (before the bounded decoder, the outside
test saw 4 to 6 GB for gzip over gzip, and about 300 MB for one layer).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap

from common import REPO, Sample, Verdict, finish

from tests.bombs import MiB, double_gzip_bomb, gzip_bomb, json_bomb
from tests.fault_server import FaultServer, Reply

LIMIT_MIB = 100.0
CHILD = textwrap.dedent(
    """
    import asyncio, json, resource, sys, tempfile
    from pathlib import Path
    from app.core.api.client import TicketClient
    from app.core.api.models import Attachment
    from app.core.attachments.downloads import download_attachment
    from app.core.attachments.preview import fetch_preview

    base, kind, path = sys.argv[1], sys.argv[2], sys.argv[3]

    async def main():
        async with TicketClient(base, "bench-token", attempts=1) as client:
            try:
                if kind == "ticket":
                    await client.get_ticket(path.rsplit("/", 1)[1])
                elif kind == "preview":
                    await fetch_preview(client, Attachment(filename="f.txt", url=base + path, type="text/plain"))
                else:
                    with tempfile.TemporaryDirectory() as folder:
                        await download_attachment(client, Attachment(filename="f.bin", url=base + path), Path(folder), max_bytes=64 * 2**20)
                return "ok"
            except Exception as error:
                return type(error).__name__

    outcome = asyncio.run(main())
    print(json.dumps({"outcome": outcome, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    """
)

CASES = {
    # name: (kind, path, bomb reply, normal reply)
    "ticket_json_1_gib_gzip": (
        "ticket",
        "/v2/support-tickets/T-bomb",
        lambda: Reply(
            200, json_bomb(1024 * MiB), headers={"Content-Encoding": "gzip", "Content-Type": "application/json"}
        ),
        lambda: Reply(200, {"data": {"_id": "T-bomb", "title": "fine"}}),
    ),
    "ticket_json_gzip_over_gzip_4_gib": (
        "ticket",
        "/v2/support-tickets/T-bomb",
        lambda: Reply(200, double_gzip_bomb(4096 * MiB), headers={"Content-Encoding": "gzip, gzip"}),
        lambda: Reply(200, {"data": {"_id": "T-bomb", "title": "fine"}}),
    ),
    "preview_1_gib_gzip": (
        "preview",
        "/f/bomb.txt",
        lambda: Reply(200, gzip_bomb(1024 * MiB, fill=b"a"), headers={"Content-Encoding": "gzip"}),
        lambda: Reply(200, b"a" * (2 * MiB), headers={"Content-Type": "text/plain"}),
    ),
    "download_1_gib_gzip_cap_64_mib": (
        "download",
        "/f/bomb.bin",
        lambda: Reply(200, gzip_bomb(1024 * MiB), headers={"Content-Encoding": "gzip"}),
        lambda: Reply(200, b"\0" * (32 * MiB)),
    ),
}


def run_child(base: str, kind: str, path: str) -> tuple[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, base, kind, path], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["outcome"], result["peak_mib"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    verdicts = []
    with FaultServer() as server:
        for name, (kind, path, bomb, normal) in CASES.items():
            bomb_side, normal_side = (
                Sample(f"bombs.{name}.bomb_peak", unit="MiB"),
                Sample(f"bombs.{name}.normal_peak", unit="MiB"),
            )
            outcomes = set()
            for _ in range(args.repeats):
                server.route(path, normal())
                normal_side.values.append(run_child(server.url, kind, path)[1])
                server.route(path, bomb())
                outcome, peak = run_child(server.url, kind, path)
                outcomes.add(outcome)
                bomb_side.values.append(peak)
            print(bomb_side.line())
            print(normal_side.line())
            extra = bomb_side.median - normal_side.median
            print(f"bombs.{name}.outcome: {', '.join(sorted(outcomes))}")
            verdicts.append(
                Verdict(f"bombs.{name}.extra_peak", f"{extra:.1f} MiB", f"< {LIMIT_MIB:g} MiB", extra < LIMIT_MIB)
            )
    return finish(verdicts)


if __name__ == "__main__":
    sys.exit(main())
