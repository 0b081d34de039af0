"""Half-blocks: the viewer's own renderer against textual-image's, for the same picture and cell grid.

Why the viewer draws half-blocks itself (textual-image still draws Kitty graphics and Sixel): a
640x400 screenshot is turned into coloured half-block cells at 120x38 (fitted to a large pane) and
at 640x200 (actual size, which then scrolls). textual-image's ``halfcell`` renderable scales the
picture and builds every cell on each render; the viewer scales once, in a worker, and builds only
the rows on screen as they are drawn. Here both sides include the scaling and build every row.

Target: the viewer's renderer takes at most the time textual-image's does (ratio <= 1.0x).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PIL import Image
from rich.console import Console

from tests.tui.test_viewer_images import screenshot_png


def textual_image_ms(picture: Image.Image, columns: int, rows: int) -> float:
    import textual_image.renderable.halfcell as halfcell

    console = Console(width=columns, file=io.StringIO(), color_system="truecolor", force_terminal=True)
    started = time.perf_counter()
    list(console.render(halfcell.Image(picture, width=columns, height=rows), console.options.update(width=columns)))
    return (time.perf_counter() - started) * 1000


def ticketview_ms(picture: Image.Image, columns: int, rows: int) -> float:
    from widgets.attachments.half_blocks import HalfBlockCanvas

    canvas = HalfBlockCanvas()
    started = time.perf_counter()
    canvas.show(picture.resize((columns, rows * 2)))  # the scaling the viewer does in its worker
    for row in range(rows):
        canvas._line(row)
    return (time.perf_counter() - started) * 1000


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    picture = Image.open(io.BytesIO(screenshot_png())).convert("RGB")
    verdicts = []
    for columns, rows in ((120, 38), (640, 200)):
        theirs = median([textual_image_ms(picture, columns, rows) for _ in range(args.repeats)])
        ours = median([ticketview_ms(picture, columns, rows) for _ in range(args.repeats)])
        name = f"half_blocks.{columns}x{rows}"
        print(f"{name}.textual_image: {theirs:.1f} ms median (n={args.repeats})")
        print(f"{name}.ticketview: {ours:.1f} ms median (n={args.repeats})")
        ratio = ours / theirs
        verdicts.append(f"{'PASS' if ratio <= 1.0 else 'MISS'} {name}.ratio: {ratio:.2f}x (target <= 1.0x)")
    print()
    print("\n".join(verdicts))
    return 0 if all(line.startswith("PASS") for line in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
