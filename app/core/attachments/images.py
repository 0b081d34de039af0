"""Read an image attachment's bytes for the screen: what it is, refused if it is a bomb, decoded small.

Everything here is hostile input. The header is read first (``Image.open`` is lazy: it parses the
header, no pixels) and a pixel count past ``MAX_PIXELS`` is refused before a single pixel is decoded.
Pillow's own bomb check is aligned with ours (``Image.MAX_IMAGE_PIXELS``), and its
``DecompressionBombWarning`` never reaches the terminal: the same image is refused in words. A
damaged or cut image is said in words too, never a traceback.

The decoded image is bounded for display (``MAX_SIDE`` and ``DISPLAY_PIXELS``): a JPEG is decoded
at a reduced scale straight from the file (``Image.draft``), other formats are reduced right after
decoding (``Image.reduce``, then area averaging), or, for the viewer, just after its first picture
is drawn from the image as decoded (``bound_image``: a 4000x3000 PNG is on screen 0.2 s sooner).
The EXIF orientation is applied to the decoded image, so the pixel count cannot grow. Pillow is
imported only when an image is read.

Nothing here imports Textual. ``decode_image`` is meant to run in a thread; ``cancelled`` is asked
between steps, so closing the viewer stops the work at the next step.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.text.safe_text import clean_line

if TYPE_CHECKING:
    from PIL.Image import Image

    from app.core.attachments.preview import Preview

MAX_PIXELS = 40_000_000
"""The most pixels an image's header may claim (40 megapixels: a 7,700 x 5,200 photo)."""
MAX_SIDE = 4096
"""The longest side of the decoded image kept for display, in pixels."""
DISPLAY_PIXELS = 8_000_000
"""The most pixels of the decoded image kept for display (24-32 MB as RGB/RGBA)."""
MAX_FRAMES_COUNTED = 10_000
"""Frames of an animation counted before saying "more than"."""

FORMAT_NAMES = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG", "GIF": "GIF", "WEBP": "WebP", "BMP": "BMP", "DIB": "BMP"}
"""The formats shown in place (Pillow's name -> the name shown)."""


class ImageRefused(Exception):
    """The bytes cannot be shown as an image: ``message`` says why, in words (plain, safe text)."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class DecodeCancelled(Exception):
    """The viewer was closed while the image was being decoded."""


@dataclass(frozen=True)
class ImageInfo:
    """What the header says: all values are safe to show."""

    format: str
    """The format's name as shown ("PNG", "JPEG", "GIF", "WebP", "BMP")."""
    width: int
    """Width in pixels, as shown (after the EXIF orientation)."""
    height: int
    """Height in pixels, as shown (after the EXIF orientation)."""
    mode: str
    """Pillow's pixel mode ("RGB", "RGBA", "P", "L", ...)."""
    frames: int
    """Frames in the file (1 for a still image; only the first is shown)."""
    file_size: int
    """Bytes read."""
    rotated: bool = False
    """True when the EXIF orientation turned or flipped the picture."""

    @property
    def pixels(self) -> int:
        """Pixels the header claims."""
        return self.width * self.height

    def describe(self, *, with_format: bool = True) -> str:
        """One line for a heading: ``PNG · 1280×720 · RGBA`` (and the frames, if animated)."""
        parts = [self.format] if with_format else []
        parts += [f"{self.width:,}×{self.height:,}", self.mode]
        if self.frames > 1:
            more = "+" if self.frames >= MAX_FRAMES_COUNTED else ""
            parts.append(f"{self.frames:,}{more} frames (the first shown)")
        if self.rotated:
            parts.append("turned upright (EXIF)")
        return " · ".join(parts)


@dataclass(frozen=True)
class DecodedImage:
    """An image ready to draw: its ``info`` and the RGB or RGBA ``image``, bounded or soon to be."""

    info: ImageInfo
    image: Image
    """RGB, or RGBA when the file has transparency; at most ``MAX_SIDE`` and ``DISPLAY_PIXELS`` once ``bounded``."""
    bounded: bool = True
    """False while ``image`` is the picture as decoded (at most ``MAX_PIXELS``), larger than the display
    bounds: ``bound_image`` makes the copy to keep (the first picture need not wait for it)."""

    @property
    def scale(self) -> float:
        """Decoded width over the real width (1.0 when nothing was reduced)."""
        return self.image.width / self.info.width if self.info.width else 1.0


def _pillow() -> None:
    """Align Pillow's bomb check with ours, once: its warning never reaches the terminal."""
    import warnings

    from PIL import Image

    if Image.MAX_IMAGE_PIXELS is None or Image.MAX_IMAGE_PIXELS > MAX_PIXELS:
        # Past MAX_PIXELS Pillow warns, past twice that it raises: the warning is ignored (our own
        # check refuses the same image in words), the error is caught and said in words.
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


def _too_big(width: int, height: int) -> ImageRefused:
    return ImageRefused(
        f"This image claims {width:,} × {height:,} pixels ({width * height / 1e6:,.0f} megapixels): "
        f"past the {MAX_PIXELS // 1_000_000} megapixels ticketview decodes, so it is not shown.",
        hint="Download it to look at it with an image viewer you trust.",
    )


def _damaged(error: BaseException) -> ImageRefused:
    """Pillow's failure in words; its own text is made safe and short."""
    from PIL import Image

    if isinstance(error, Image.DecompressionBombError):
        claimed = re.search(r"\((\d+) pixels\)", str(error))
        amount = f"{int(claimed.group(1)) / 1e6:,.0f} megapixels" if claimed else "too many pixels"
        return ImageRefused(
            f"This image claims {amount}: past the {MAX_PIXELS // 1_000_000} megapixels ticketview decodes, "
            "so it is not shown.",
            hint="Download it to look at it with an image viewer you trust.",
        )
    if isinstance(error, Image.UnidentifiedImageError):
        return ImageRefused("These bytes are not an image Pillow can read (the file may be damaged).")
    detail = clean_line(str(error))[:120]
    if "truncated" in detail or isinstance(error, EOFError):
        return ImageRefused("The image is cut short: its data ends before its last pixels.", hint=detail)
    return ImageRefused(
        f"The image is damaged and cannot be decoded ({type(error).__name__}).",
        hint=detail,
    )


def _format_name(image: Image) -> str:
    name = FORMAT_NAMES.get(image.format or "")
    if name is None:
        shown = clean_line(image.format or "unknown")[:20]
        raise ImageRefused(f"{shown} images are not shown in place (PNG, JPEG, GIF, WebP and BMP are).")
    return name


def _frames(image: Image) -> int:
    """Frames in an animation (counted from the header where the format says; capped)."""
    try:
        frames = int(getattr(image, "n_frames", 1))
        image.seek(0)
    except Exception:  # noqa: BLE001 -- a damaged later frame does not stop the first being shown
        return 1
    return max(1, min(frames, MAX_FRAMES_COUNTED))


def _orientation(image: Image) -> int:
    """The EXIF orientation (1 to 8; 1 when absent or unreadable)."""
    try:
        value = image.getexif().get(0x0112, 1)
    except Exception:  # noqa: BLE001 -- hostile EXIF only loses the orientation
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def open_image(data: bytes) -> tuple[Image, ImageInfo]:
    """Parse the header only: the lazy image and what it is. Raises ``ImageRefused``."""
    from PIL import Image

    _pillow()
    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
    except ImageRefused:
        raise
    except Exception as error:  # noqa: BLE001 -- any failure on hostile bytes is said in words
        raise _damaged(error) from None
    if width <= 0 or height <= 0:
        raise ImageRefused("The image has no pixels (its header says 0 wide or 0 high).")
    if width * height > MAX_PIXELS:
        raise _too_big(width, height)
    name = _format_name(image)
    frames = _frames(image) if name in ("GIF", "WebP", "PNG") else 1
    turned = _orientation(image) in (5, 6, 7, 8)
    info = ImageInfo(
        format=name,
        width=height if turned else width,
        height=width if turned else height,
        mode=clean_line(image.mode)[:12],
        frames=frames,
        file_size=len(data),
        rotated=_orientation(image) != 1,
    )
    return image, info


def read_info(data: bytes) -> ImageInfo:
    """What the header says (format, pixel size, mode, frames), without decoding pixels."""
    return open_image(data)[1]


def bounded_size(
    width: int, height: int, *, max_side: int = MAX_SIDE, max_pixels: int = DISPLAY_PIXELS
) -> tuple[int, int]:
    """The largest size with ``width:height`` inside both bounds (never larger than the original)."""
    factor = min(1.0, max_side / max(width, height), (max_pixels / (width * height)) ** 0.5)
    return max(1, int(width * factor)), max(1, int(height * factor))


def decode_image(
    data: bytes,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    max_side: int = MAX_SIDE,
    max_pixels: int = DISPLAY_PIXELS,
    bound: bool = True,
) -> DecodedImage:
    """Decode the first frame of ``data`` into an RGB(A) image, upright, bounded.

    With ``bound`` false, an image larger than the bounds is returned as decoded (``bounded`` false,
    at most ``MAX_PIXELS``): ``bound_image`` then makes the bounded copy, after the first picture is
    drawn from it. Raises ``ImageRefused`` (bombs, damage, unsupported formats) or ``DecodeCancelled``.
    """
    from PIL import ImageOps

    image, info = open_image(data)

    def step() -> None:
        if cancelled():
            raise DecodeCancelled

    step()
    stored = image.size
    target = bounded_size(*stored, max_side=max_side, max_pixels=max_pixels)
    try:
        if image.format == "JPEG" and target != stored:
            image.draft("RGB", target)  # decode at 1/2, 1/4 or 1/8 scale: a big photo never lands whole
        image.load()
        step()
        if bound:
            image = _reduce(image, max_side=max_side, max_pixels=max_pixels, step=step)
        image = _display_mode(image)
        step()
        upright = ImageOps.exif_transpose(image) if info.rotated else image
        if upright is not None:
            image = upright
    except (ImageRefused, DecodeCancelled):
        raise
    except Exception as error:  # noqa: BLE001 -- any failure on hostile bytes is said in words
        raise _damaged(error) from None
    fits = image.size == bounded_size(*image.size, max_side=max_side, max_pixels=max_pixels)
    return DecodedImage(info, image, bounded=fits)


def bound_image(
    decoded: DecodedImage,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    max_side: int = MAX_SIDE,
    max_pixels: int = DISPLAY_PIXELS,
) -> DecodedImage:
    """``decoded`` with its image reduced to the display bounds (itself if it is within them).

    Meant for a thread, after the first picture was drawn from the image as decoded. Raises
    ``ImageRefused`` (in words) or ``DecodeCancelled``.
    """
    if decoded.bounded:
        return decoded

    def step() -> None:
        if cancelled():
            raise DecodeCancelled

    try:
        image = _reduce(decoded.image, max_side=max_side, max_pixels=max_pixels, step=step)
    except DecodeCancelled:
        raise
    except Exception as error:  # noqa: BLE001 -- any failure on hostile bytes is said in words
        raise _damaged(error) from None
    return DecodedImage(decoded.info, image)


def _reduce(image: Image, *, max_side: int, max_pixels: int, step: Callable[[], None]) -> Image:
    """``image`` within ``max_side`` and ``max_pixels``: a whole-factor box reduction, then area averaging."""
    from PIL import Image as PILImage

    target = bounded_size(*image.size, max_side=max_side, max_pixels=max_pixels)
    if image.size == target:
        return image
    factor = min(image.width // target[0], image.height // target[1])
    if factor >= 2:
        image = image.reduce(factor)  # a fast box filter by a whole factor first
        step()
    if image.width > target[0] or image.height > target[1]:
        # The rest by area averaging: as smooth as Lanczos for less than 2x, four times faster.
        image = image.resize(
            bounded_size(*image.size, max_side=max_side, max_pixels=max_pixels), PILImage.Resampling.BOX
        )
        step()
    return image


def _display_mode(image: Image) -> Image:
    """RGB, or RGBA when the image has transparency (a palette's transparent index included)."""
    if image.mode in ("RGB", "RGBA"):
        return image
    has_alpha = image.mode in ("LA", "PA", "La", "RGBa") or "transparency" in image.info
    if image.mode.startswith("I;16") or image.mode == "I":
        image = image.convert("I").point(lambda value: value / 256).convert("L")  # 16 bits to 8
    return image.convert("RGBA" if has_alpha else "RGB")


def image_decoder(preview: Preview) -> DecodedImage:
    """The viewer's decoder for the image kind: the preview's bytes decoded, or ``CannotDecode`` in words.

    It runs in a daemon thread that the viewer stops waiting for on ``escape``; the deadline ends
    the work at its next step soon after (a bounded image takes well under a second per step).
    An image larger than the display bounds is handed over as decoded, so that its first picture
    is drawn at once; the viewer bounds it (``bound_image``) once that picture is on screen.
    """
    from app.core.attachments.bounded import Deadline
    from app.core.attachments.decoders import DECODE_SECONDS, CannotDecode

    deadline = Deadline(DECODE_SECONDS)
    try:
        return decode_image(preview.data or b"", cancelled=deadline.expired, bound=False)
    except ImageRefused as refused:
        raise CannotDecode(refused.message, hint=refused.hint) from None
    except DecodeCancelled:
        raise CannotDecode(f"Decoding the image took longer than {DECODE_SECONDS:g} seconds.") from None
