"""Images in the viewer, by the keyboard: fitted on opening, f for actual size (then it scrolls),
+ and - zoom within bounds, a resize re-fits; Kitty graphics and Sixel without asking the terminal."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from PIL import Image, ImageDraw
from textual.app import App, ComposeResult

from app.core.attachments import image_fit
from app.core.attachments.images import decode_image
from widgets.attachments.half_blocks import HalfBlockCanvas
from widgets.attachments.image_view import ImageView


def screenshot_png(width: int = 640, height: int = 400) -> bytes:
    """A small, recognisable picture: an error dialog on a blue desktop."""
    image = Image.new("RGB", (width, height), (30, 60, 120))
    draw = ImageDraw.Draw(image)
    x, y = width / 640, height / 400
    draw.rectangle((80 * x, 60 * y, 560 * x, 340 * y), fill=(240, 240, 240), outline=(0, 0, 0), width=4)
    draw.rectangle((80 * x, 60 * y, 560 * x, 110 * y), fill=(200, 30, 30))
    draw.ellipse((120 * x, 150 * y, 220 * x, 250 * y), fill=(230, 180, 0))
    draw.rectangle((260 * x, 160 * y, 520 * x, 180 * y), fill=(60, 60, 60))
    draw.rectangle((260 * x, 210 * y, 480 * x, 230 * y), fill=(60, 60, 60))
    draw.rectangle((400 * x, 280 * y, 530 * x, 320 * y), fill=(20, 120, 220))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


class ImageApp(App[None]):
    """One image view filling the screen, as the viewer's body holds it."""

    def __init__(self, data: bytes, **options: object) -> None:
        super().__init__()
        self.decoded = decode_image(data)
        self.options = options

    def compose(self) -> ComposeResult:
        yield ImageView(self.decoded, **self.options)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.query_one(ImageView).surface.focus()


async def drawn(pilot) -> ImageView:
    """Wait until the picture for the current size and zoom is on screen."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.query_one(ImageView)


async def test_opens_fitted_to_the_pane_with_its_aspect() -> None:
    app = ImageApp(screenshot_png())
    async with app.run_test(size=(80, 24)) as pilot:
        view = await drawn(pilot)
        canvas = app.query_one(HalfBlockCanvas)
        assert view.fitted and view.shown is not None
        columns, rows = canvas.picture_size
        assert columns <= 80 and rows <= 23
        assert columns == 74 and rows == 23  # 640:400 in half-cells (74:46)
        assert view.status_text.startswith("Fit · 12% · 74×23 cells · half-blocks")
        assert canvas.max_scroll_x == 0 and canvas.max_scroll_y == 0


async def test_f_shows_actual_size_and_the_keys_scroll_it_then_f_fits_again() -> None:
    app = ImageApp(screenshot_png())
    async with app.run_test(size=(80, 24)) as pilot:
        await drawn(pilot)
        await pilot.press("f")
        view = await drawn(pilot)
        canvas = app.query_one(HalfBlockCanvas)
        assert not view.fitted
        assert canvas.picture_size == (640, 200)  # one pixel per half-cell
        assert "Actual size · 100%" in view.status_text
        await pilot.press("home")
        await pilot.pause()
        assert canvas.scroll_y == 0
        await pilot.press("down", "down", "pagedown")
        await pilot.pause()
        assert canvas.scroll_y > 2
        await pilot.press("right", "right")
        await pilot.pause()
        before = canvas.scroll_x
        await pilot.press("left")
        await pilot.pause()
        assert canvas.scroll_x == before - 1
        await pilot.press("end")
        await pilot.pause()
        assert canvas.scroll_y == canvas.max_scroll_y > 0
        await pilot.press("f")
        view = await drawn(pilot)
        assert view.fitted and canvas.picture_size == (74, 23)


async def test_zoom_climbs_the_ladder_and_stops_at_its_bounds() -> None:
    app = ImageApp(screenshot_png())
    async with app.run_test(size=(80, 24)) as pilot:
        view = await drawn(pilot)
        fitted = view.shown.scale if view.shown else 0
        await pilot.press("plus")
        view = await drawn(pilot)
        assert not view.fitted and view.shown is not None and view.shown.scale == 0.15
        for _ in range(20):
            await pilot.press("plus")
        view = await drawn(pilot)
        assert view.shown is not None
        assert view.shown.scale == pytest.approx(image_fit.max_scale(640, 400))
        assert view.shown.pixel_width * view.shown.pixel_height <= image_fit.MAX_RENDER_PIXELS * 1.01
        assert "largest zoom" in view.status_text
        for _ in range(30):
            await pilot.press("minus")
        view = await drawn(pilot)
        assert view.shown is not None and view.shown.scale == pytest.approx(fitted * image_fit.MIN_FIT_SHARE)
        assert "smallest zoom" in view.status_text
        await pilot.press("equals_sign")  # = zooms in too (+ without shift)
        view = await drawn(pilot)
        assert view.shown is not None and view.shown.scale > fitted * image_fit.MIN_FIT_SHARE


async def test_each_key_of_a_burst_zooms_one_step_while_the_picture_is_still_being_scaled(monkeypatch) -> None:
    import threading

    from widgets.attachments import image_view

    app = ImageApp(screenshot_png())
    async with app.run_test(size=(80, 24)) as pilot:
        view = await drawn(pilot)
        fitted = view.scale
        held = threading.Event()
        real = image_view.scaled

        def slow_scaled(*args, **kwargs):
            held.wait(10)  # the scaling thread is busy while the keys arrive, as with a big picture
            return real(*args, **kwargs)

        monkeypatch.setattr(image_view, "scaled", slow_scaled)
        await pilot.press("plus", "plus", "plus")
        expected = fitted
        for _ in range(3):
            expected = image_fit.zoom(640, 400, expected, fitted, zoom_in=True)
        assert view.scale == pytest.approx(expected) and expected > fitted
        held.set()
        view = await drawn(pilot)
        assert view.shown is not None and view.shown.scale == pytest.approx(expected)


async def test_zoom_keeps_the_middle_of_the_view() -> None:
    app = ImageApp(screenshot_png())
    async with app.run_test(size=(80, 24)) as pilot:
        await drawn(pilot)
        await pilot.press("f")
        await drawn(pilot)
        canvas = app.query_one(HalfBlockCanvas)
        share = (canvas.scroll_x + canvas.size.width / 2) / canvas.virtual_size.width
        await pilot.press("plus")
        await drawn(pilot)
        await pilot.pause()
        assert canvas.picture_size == (960, 300)
        after = (canvas.scroll_x + canvas.size.width / 2) / canvas.virtual_size.width
        assert after == pytest.approx(share, abs=0.01)


async def test_a_resize_refits() -> None:
    app = ImageApp(screenshot_png())
    async with app.run_test(size=(80, 24)) as pilot:
        await drawn(pilot)
        canvas = app.query_one(HalfBlockCanvas)
        assert canvas.picture_size == (74, 23)
        await pilot.resize_terminal(120, 40)
        await drawn(pilot)
        assert canvas.picture_size == (120, 38)
        await pilot.resize_terminal(40, 40)
        await drawn(pilot)
        assert canvas.picture_size == (40, 12)


async def test_a_resize_keeps_a_chosen_zoom() -> None:
    app = ImageApp(screenshot_png())
    async with app.run_test(size=(80, 24)) as pilot:
        await drawn(pilot)
        await pilot.press("f")
        await drawn(pilot)
        await pilot.resize_terminal(120, 40)
        view = await drawn(pilot)
        assert not view.fitted and app.query_one(HalfBlockCanvas).picture_size == (640, 200)


async def test_transparent_pixels_show_the_pane_background() -> None:
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 40), (255, 0, 0, 0)).save(buffer, "PNG")
    app = ImageApp(buffer.getvalue())
    async with app.run_test(size=(40, 21)) as pilot:
        view = await drawn(pilot)
        strip = app.query_one(HalfBlockCanvas).render_line(5)
        colours = {segment.style.color.triplet for segment in strip if segment.style and segment.style.color}
        background = view.background_colors[1].rgb
        assert colours == {background}


async def test_a_huge_image_at_actual_size_stays_within_the_render_bound() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), "white").save(buffer, "PNG")
    app = ImageApp(buffer.getvalue())
    async with app.run_test(size=(80, 24)) as pilot:
        await drawn(pilot)
        await pilot.press("f")
        view = await drawn(pilot)
        assert view.shown is not None
        assert view.shown.pixel_width * view.shown.pixel_height <= image_fit.MAX_RENDER_PIXELS * 1.01
        assert "from a 3,265×2,449 copy" in view.status_text


@pytest.mark.parametrize(("protocol", "marker"), [("sixel", "\x1bP"), ("kitty", "\U0010eeee")])
async def test_graphics_protocols_draw_without_asking_the_terminal(protocol, marker, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr("textual_image._terminal.capture_terminal_response", lambda *a, **k: asked.append("q"))
    app = ImageApp(screenshot_png(), protocol=protocol, cell=(8, 16))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await drawn(pilot)
        graphic = app.query_one("#image-graphic")
        assert view.shown is not None and graphic.size.width == view.shown.columns
        lines = app.screen._compositor.render_update(full=True)  # what goes to the terminal
        output = lines.render_segments(app.console) if lines is not None else ""
        assert marker in output
    assert not asked


def test_textual_image_is_loaded_without_its_terminal_questions() -> None:
    """Its ``renderable`` package asks the terminal on import; ours loads the modules without that."""
    script = (
        "import sys\n"
        "from widgets.attachments.graphic_image import graphic_widget\n"
        "graphic_widget('kitty', (9, 18)); graphic_widget('sixel', (9, 18))\n"
        "from textual_image._terminal import get_cell_size\n"
        "assert getattr(sys.modules['textual_image.renderable'], '__file__', None) is None\n"
        "assert getattr(sys.modules['textual_image.widget'], '__file__', None) is None\n"
        "print(tuple(get_cell_size()))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(9, 18)"
