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
import sys
import tempfile
from pathlib import Path

from common import Sample, bare_child, finish, first_view_child, ratio_verdict, time_children

from tests.fault_server import FaultServer, Reply
from tests.helpers import serve_files

TIME_LIMIT = 3.0
MEMORY_LIMIT = 2.0

APP_CHILD = first_view_child(
    size=(120, 40),
    imports="""
    from widgets.attachments.image_view import ImageView
    """,
    shown="""
    def shown(app):
        views = app.screen.query(ImageView)
        return bool(views) and views.first().shown is not None
    """,
)

PILLOW_CHILD = bare_child(
    imports="""
    from PIL import Image
    """,
    work="""
    image = Image.open(io.BytesIO(data))
    image.load()
    """,
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
        times, memory = (app_time, pillow_time), (app_memory, pillow_memory)
        time_children(args.repeats, [APP_CHILD, server.url, "0"], [PILLOW_CHILD, str(path)], times, memory)
    for sample in (app_time, pillow_time, app_memory, pillow_memory):
        print(sample.line())
    verdicts = [
        ratio_verdict("images.first_view_vs_pillow", app_time, pillow_time, TIME_LIMIT),
        ratio_verdict("images.extra_peak_vs_pillow", app_memory, pillow_memory, MEMORY_LIMIT),
    ]
    return finish(verdicts)


if __name__ == "__main__":
    sys.exit(main())
