"""Images: time to first view and peak memory of a 4000x3000 PNG, against Pillow alone decoding it.

The PNG is photo-like (noise over gradients, about 15 MiB: larger than the 2 MiB preview cap, so the
app's side runs with a 64 MiB cap, the ``preview_bytes`` setting that ``TICKETVIEW_PREVIEW_BYTES``
sets) and is generated once per run. Each side
runs in a fresh Python process, so its peak resident set (``ru_maxrss``) is its own:

- ``app``: the App, headless at 120x40, against a server on 127.0.0.1 in this process serving a
  ticket with that PNG. The clock starts at ``enter`` on the attachment and stops when the picture
  is on screen (fetched, judged by its bytes, decoded and bounded in a thread, scaled to the pane,
  drawn in half-blocks). Its memory is the peak after the picture less the resident set just
  before ``enter`` (the App's own baseline).
- ``pillow``: a bare script that reads the same file and ``Image.open(...).load()``s it; its
  memory is the peak less the resident set after importing Pillow.

Sides alternate; one warm-up of each is discarded. Targets: time <= 3x, extra memory <= 2x (the
app also keeps a bounded copy, scales it, and holds the fetched bytes while decoding).
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from common import REPO, Sample, child_env, finish, ratio_verdict

from tests.fault_server import FaultServer, Reply
from tests.helpers import serve_files

TIME_LIMIT = 3.0
MEMORY_LIMIT = 2.0

APP_CHILD = textwrap.dedent(
    """
    import asyncio, json, resource, sys, time
    from tests.helpers import FILES_TICKET_ID, make_app, open_ticket, settle
    from widgets.attachments.attachments_pane import AttachmentList
    from widgets.attachments.image_view import ImageView

    def rss_mib():
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * 4096 / 2**20

    async def main():
        app = make_app(sys.argv[1], token="bench-token", preview_bytes=64 * 2**20)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_ticket(pilot, FILES_TICKET_ID)
            await pilot.press("3")
            app.query_one(AttachmentList).highlighted = 0
            await settle(pilot)
            before = rss_mib()
            started = time.perf_counter()
            await pilot.press("enter")
            while True:
                views = app.screen.query(ImageView)
                if views and views.first().shown is not None:
                    break
                await asyncio.sleep(0.002)
            await app.screen.wait_for_refresh()  # and drawn: the frame a terminal is sent
            elapsed = (time.perf_counter() - started) * 1000
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return elapsed, peak - before

    elapsed, extra = asyncio.run(main())
    print(json.dumps({"ms": elapsed, "extra_mib": extra}))
    """
)

PILLOW_CHILD = textwrap.dedent(
    """
    import io, json, resource, sys, time
    from PIL import Image

    def rss_mib():
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * 4096 / 2**20

    before = rss_mib()
    started = time.perf_counter()
    with open(sys.argv[1], "rb") as file:
        data = file.read()
    image = Image.open(io.BytesIO(data))
    image.load()
    elapsed = (time.perf_counter() - started) * 1000
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"ms": elapsed, "extra_mib": peak - before}))
    """
)


def photo_like_png() -> bytes:
    """A 4000x3000 RGB PNG that compresses like a photo (gradients under noise)."""
    from PIL import Image

    noise = Image.effect_noise((4000, 3000), 40).convert("L")
    red = Image.linear_gradient("L").resize((4000, 3000))
    blue = red.transpose(Image.Transpose.ROTATE_90).resize((4000, 3000))
    image = Image.merge("RGB", (red, noise, blue))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


def run(argv: list[str]) -> tuple[float, float]:
    done = subprocess.run(
        [sys.executable, "-c", *argv],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env=child_env(),
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["ms"], result["extra_mib"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    data = photo_like_png()
    print(f"images.png: 4000x3000, {len(data) / 2**20:.1f} MiB (preview cap raised to 64 MiB for the app)")
    app_time, pillow_time = Sample("images.app.first_view"), Sample("images.pillow.decode")
    app_memory, pillow_memory = Sample("images.app.extra_peak", "MiB"), Sample("images.pillow.extra_peak", "MiB")
    with tempfile.TemporaryDirectory(prefix="ticketview-bench-images-") as folder, FaultServer() as server:
        path = Path(folder) / "photo.png"
        path.write_bytes(data)
        serve_files(server, [("photo.png", "image/png", Reply(200, data, headers={"Content-Type": "image/png"}))])
        for round_number in range(args.repeats + 1):
            app_side = run([APP_CHILD, server.url])
            pillow_side = run([PILLOW_CHILD, str(path)])
            if round_number == 0:
                continue  # warm-up: fills the bytecode cache
            app_time.values.append(app_side[0])
            app_memory.values.append(app_side[1])
            pillow_time.values.append(pillow_side[0])
            pillow_memory.values.append(pillow_side[1])
    for sample in (app_time, pillow_time, app_memory, pillow_memory):
        print(sample.line())
    verdicts = [
        ratio_verdict("images.first_view_vs_pillow", app_time, pillow_time, TIME_LIMIT),
        ratio_verdict("images.extra_peak_vs_pillow", app_memory, pillow_memory, MEMORY_LIMIT),
    ]
    return finish(verdicts)


if __name__ == "__main__":
    sys.exit(main())
