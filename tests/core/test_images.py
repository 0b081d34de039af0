"""Images read for the screen: formats, the header's bounds, damage in words, decoding bounded and upright."""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from pathlib import Path

import pytest
from PIL import Image

from app.core.attachments import image_fit
from app.core.attachments.graphics import choose_protocol
from app.core.attachments.images import (
    DISPLAY_PIXELS,
    MAX_SIDE,
    DecodeCancelled,
    ImageRefused,
    bounded_size,
    decode_image,
    read_info,
)


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` RGB pixels (its data holds none)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def test_png_with_transparency_keeps_alpha() -> None:
    image = Image.new("RGBA", (30, 20), (255, 0, 0, 128))
    decoded = decode_image(encoded(image, "PNG"))
    assert decoded.info.format == "PNG"
    assert (decoded.info.width, decoded.info.height, decoded.info.mode) == (30, 20, "RGBA")
    assert decoded.image.mode == "RGBA"
    assert decoded.info.describe() == "PNG · 30×20 · RGBA"


def test_jpeg() -> None:
    decoded = decode_image(encoded(Image.new("RGB", (64, 48), "blue"), "JPEG"))
    assert (decoded.info.format, decoded.info.width, decoded.info.height) == ("JPEG", 64, 48)
    assert decoded.image.mode == "RGB"


def test_gif_shows_its_first_frame_and_counts_them() -> None:
    frames = [Image.new("RGB", (20, 10), colour) for colour in ("red", "green", "blue")]
    data = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    decoded = decode_image(data)
    assert decoded.info.format == "GIF"
    assert decoded.info.frames == 3
    assert "3 frames (the first shown)" in decoded.info.describe()
    red, green, blue = decoded.image.convert("RGB").getpixel((5, 5))  # type: ignore[misc]
    assert red > 200 and green < 50 and blue < 50


def test_webp() -> None:
    decoded = decode_image(encoded(Image.new("RGB", (40, 30), "green"), "WEBP", lossless=True))
    assert (decoded.info.format, decoded.info.width, decoded.info.height) == ("WebP", 40, 30)


def test_bmp() -> None:
    decoded = decode_image(encoded(Image.new("RGB", (17, 9), "white"), "BMP"))
    assert (decoded.info.format, decoded.info.width, decoded.info.height) == ("BMP", 17, 9)
    assert decoded.image.getpixel((0, 0)) == (255, 255, 255)


def test_palette_with_transparency_becomes_rgba() -> None:
    image = Image.new("P", (8, 8), 0)
    decoded = decode_image(encoded(image, "PNG", transparency=0))
    assert decoded.image.mode == "RGBA"


def test_sixteen_bit_grey_is_shown() -> None:
    decoded = decode_image(encoded(Image.new("I;16", (10, 10), 40000), "PNG"))
    assert decoded.image.mode == "RGB"
    assert decoded.image.getpixel((0, 0)) == (156, 156, 156)


def test_other_formats_are_named_not_shown() -> None:
    with pytest.raises(ImageRefused) as refused:
        decode_image(encoded(Image.new("RGB", (4, 4)), "TIFF"))
    assert "TIFF images are not shown" in refused.value.message


def test_pixel_bomb_refused_by_its_header_without_decoding() -> None:
    bomb = png_claiming(100_000, 100_000)
    assert len(bomb) < 100
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no DecompressionBombWarning may reach the terminal
        with pytest.raises(ImageRefused) as refused:
            decode_image(bomb)
    assert "10,000 megapixels" in refused.value.message
    assert "past the 40 megapixels" in refused.value.message


def test_image_just_past_the_bound_refused_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ImageRefused) as refused:
            read_info(png_claiming(7_000, 7_000))
    assert "7,000 × 7,000 pixels (49 megapixels)" in refused.value.message


def test_truncated_png_said_in_words() -> None:
    data = encoded(Image.effect_noise((300, 200), 50).convert("RGB"), "PNG")
    with pytest.raises(ImageRefused) as refused:
        decode_image(data[: len(data) // 2])
    assert refused.value.message == "The image is cut short: its data ends before its last pixels."


def test_png_with_junk_in_its_header_said_in_words() -> None:
    data = bytearray(encoded(Image.new("RGB", (30, 20), "red"), "PNG"))
    data[16:29] = b"\x1b[31mjunk\x07\x1b]"  # IHDR's fields overwritten: its checksum no longer matches
    with pytest.raises(ImageRefused) as refused:
        decode_image(bytes(data))
    assert "damaged" in refused.value.message or "not an image" in refused.value.message
    assert "\x1b" not in refused.value.message + refused.value.hint


def test_png_with_junk_after_its_end_is_shown() -> None:
    data = encoded(Image.new("RGB", (30, 20), "red"), "PNG") + b"\x1b[2J junk after IEND" * 100
    assert decode_image(data).image.getpixel((0, 0)) == (255, 0, 0)


def test_png_with_junk_in_its_pixel_data_never_crashes() -> None:
    data = bytearray(encoded(Image.effect_noise((300, 200), 50).convert("RGB"), "PNG"))
    start = data.index(b"IDAT") + 40
    data[start : start + 200] = b"\x1b[31mjunk\x07" * 20
    words = ""
    try:
        decoded = decode_image(bytes(data))  # zlib may read junk as data: a garbled picture, bounded
    except ImageRefused as refused:
        words = refused.message + refused.hint
    else:
        assert decoded.image.size == (300, 200)
    assert "\x1b" not in words


def test_bytes_that_are_not_an_image() -> None:
    with pytest.raises(ImageRefused) as refused:
        decode_image(b"\x89PNG\r\n\x1a\n" + b"junk" * 50)
    assert "not an image" in refused.value.message or "damaged" in refused.value.message
    with pytest.raises(ImageRefused):
        decode_image(b"")


def test_exif_orientation_turns_the_picture_upright() -> None:
    image = Image.new("RGB", (40, 20), "white")
    image.paste((255, 0, 0), (0, 0, 10, 20))  # the left quarter red
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    decoded = decode_image(encoded(image, "JPEG", exif=exif.tobytes(), quality=95))
    assert (decoded.info.width, decoded.info.height) == (20, 40)
    assert decoded.image.size == (20, 40)
    assert decoded.info.rotated and "turned upright (EXIF)" in decoded.info.describe()
    top = decoded.image.getpixel((10, 2))
    assert isinstance(top, tuple) and top[0] > 200 and top[1] < 80  # the red side is now on top


def test_large_image_decoded_within_the_display_bounds() -> None:
    image = Image.new("RGB", (6000, 1000), "white")
    decoded = decode_image(encoded(image, "PNG"))
    assert (decoded.info.width, decoded.info.height) == (6000, 1000)
    assert max(decoded.image.size) <= MAX_SIDE
    assert decoded.image.width * decoded.image.height <= DISPLAY_PIXELS
    assert decoded.scale < 1


def test_large_jpeg_decoded_at_a_reduced_scale() -> None:
    data = encoded(Image.new("RGB", (4000, 3000), "grey"), "JPEG")
    decoded = decode_image(data, max_side=1000, max_pixels=1_000_000)
    assert max(decoded.image.size) <= 1000


def test_cancelled_between_steps() -> None:
    data = encoded(Image.new("RGB", (50, 50)), "PNG")
    with pytest.raises(DecodeCancelled):
        decode_image(data, cancelled=lambda: True)


def test_bounded_size_keeps_the_aspect() -> None:
    assert bounded_size(100, 50) == (100, 50)
    width, height = bounded_size(8000, 4000)
    assert width <= MAX_SIDE and abs(width / height - 2) < 0.01


def test_fit_keeps_aspect_with_cells_twice_as_high() -> None:
    scale = image_fit.fit_scale(1600, 900, (80, 22), (1, 2))
    shown = image_fit.layout(1600, 900, scale, (1, 2))
    assert shown.columns == 78 and shown.rows == 22  # 16:9 in half-cells: 78 wide, 44 half-cells high


def test_zoom_never_asks_for_a_gigapixel_render() -> None:
    width, height = 6000, 6000
    scale = 1.0
    for _ in range(50):
        scale = image_fit.zoom(width, height, scale, 0.01, zoom_in=True)
    shown = image_fit.layout(width, height, scale, (10, 20))
    assert shown.pixel_width * shown.pixel_height <= image_fit.MAX_RENDER_PIXELS * 1.01
    assert image_fit.layout(width, height, 1e9, (1, 2)).scale == scale  # clamped, whatever is asked


def test_zoom_out_stops_at_a_quarter_of_the_fit() -> None:
    scale = 0.5
    for _ in range(50):
        scale = image_fit.zoom(1000, 1000, scale, 0.2, zoom_in=False)
    assert scale == pytest.approx(0.05)


@pytest.mark.parametrize(
    ("environ", "possible", "expected"),
    [
        ({"TERM": "xterm-kitty"}, True, "kitty"),
        ({"TERM": "xterm-kitty", "TMUX": "/tmp/tmux-1/default,1,0"}, True, "blocks"),
        ({"TERM": "foot"}, True, "sixel"),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, True, "sixel"),
        ({"TERM": "xterm-256color", "KONSOLE_VERSION": "230805"}, True, "sixel"),
        ({"TERM": "xterm-256color"}, True, "blocks"),
        ({"TERM": "xterm-kitty"}, False, "blocks"),
    ],
)
def test_protocol_chosen_from_the_environment(environ: dict[str, str], possible: bool, expected: str) -> None:
    assert choose_protocol("auto", environ, graphics_possible=possible) == expected


@pytest.mark.parametrize(
    ("wanted", "environ", "possible", "expected"),
    [
        ("sixel", {"TERM": "xterm-256color"}, True, "sixel"),
        ("blocks", {"TERM": "xterm-kitty"}, True, "blocks"),
        ("kitty", {"TERM": "xterm-256color", "TMUX": "/tmp/tmux-1/default,1,0"}, True, "kitty"),
        ("sixel", {"TERM": "xterm-kitty"}, False, "blocks"),  # headless or in a browser: never graphics
    ],
)
def test_the_images_setting_overrides_the_guess(
    wanted: str, environ: dict[str, str], possible: bool, expected: str
) -> None:
    assert choose_protocol(wanted, environ, graphics_possible=possible) == expected


def test_the_images_setting_comes_from_the_environment_or_the_config_file(tmp_path: Path) -> None:
    from app.core.config.settings import SettingsError, format_settings, load_settings

    config = tmp_path / "config.toml"
    config.write_text('images = "blocks"\n')
    environ = {"TICKETVIEW_CONFIG": str(config), "HOME": str(tmp_path)}
    assert load_settings(demo=True, environ=environ).images == "blocks"
    settings = load_settings(demo=True, environ={**environ, "TICKETVIEW_IMAGES": "Kitty"})
    assert settings.images == "kitty" and "images:             kitty  (from env TICKETVIEW_IMAGES)" in format_settings(
        settings, environ
    )
    with pytest.raises(SettingsError, match="TICKETVIEW_IMAGES must be one of auto, kitty, sixel, blocks"):
        load_settings(demo=True, environ={**environ, "TICKETVIEW_IMAGES": "png"})
