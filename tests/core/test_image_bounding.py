"""A large image for the viewer: handed over as decoded so that its first picture is drawn at once,
then reduced to the copy kept within the display bounds."""

from __future__ import annotations

import io

from PIL import Image

from app.core.attachments.images import DISPLAY_PIXELS, MAX_SIDE, bound_image, decode_image, image_decoder
from app.core.attachments.preview import Preview


def _png(image: Image.Image, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **options)
    return buffer.getvalue()


def test_a_large_image_is_handed_over_as_decoded_then_bounded() -> None:
    decoded = decode_image(_png(Image.new("RGB", (4000, 3000), "white")), bound=False)
    assert not decoded.bounded and decoded.image.size == (4000, 3000) and decoded.image.mode == "RGB"
    assert decoded.scale == 1.0
    bounded = bound_image(decoded)
    assert bounded.bounded and bounded.info == decoded.info
    assert bounded.image.size == (3265, 2449) and bounded.image.width * bounded.image.height <= DISPLAY_PIXELS
    assert bound_image(bounded) is bounded


def test_bounded_afterwards_is_the_same_picture_as_bounded_at_once() -> None:
    image = Image.linear_gradient("L").resize((5000, 2000)).convert("RGB")
    data = _png(image)
    at_once = decode_image(data)
    afterwards = bound_image(decode_image(data, bound=False))
    assert at_once.bounded and afterwards.bounded
    assert at_once.image.size == afterwards.image.size and max(at_once.image.size) <= MAX_SIDE
    assert at_once.image.tobytes() == afterwards.image.tobytes()


def test_a_small_image_is_bounded_already() -> None:
    decoded = decode_image(_png(Image.new("RGB", (640, 400), "blue")), bound=False)
    assert decoded.bounded and bound_image(decoded) is decoded


def test_a_large_palette_image_keeps_its_transparency_when_bounded() -> None:
    image = Image.new("P", (4000, 3000), 0)
    image.putpalette([255, 0, 0, 0, 0, 255] * 128)
    decoded = decode_image(_png(image, transparency=0), bound=False)
    assert decoded.image.mode == "RGBA" and not decoded.bounded
    bounded = bound_image(decoded)
    assert bounded.image.mode == "RGBA" and bounded.image.getpixel((0, 0))[3] == 0


def test_the_viewers_decoder_leaves_the_bounding_to_the_viewer() -> None:
    data = _png(Image.new("RGB", (4000, 3000), "white"))
    preview = Preview(
        "image",
        "",
        content_type="image/png",
        received=len(data),
        total=len(data),
        truncated=False,
        limit=64 * 2**20,
        data=data,
    )
    decoded = image_decoder(preview)
    assert not decoded.bounded and decoded.info.width == 4000
