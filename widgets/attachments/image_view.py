"""An image attachment in the viewer: fitted to the pane, at actual size, or zoomed, keyboard only.

It receives the decoded, bounded image (``app.core.attachments.images``) and the protocol to draw
with (``app.core.attachments.graphics``); it never reads a file, the network or the environment.
Sizes come from ``app.core.attachments.image_fit``: the picture keeps its aspect ratio (a cell is
about twice as high as wide) and no zoom asks for more than its pixel bound. Scaling the picture
runs in a thread; the newest size asked for wins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static
from textual.worker import get_current_worker

from app.core.attachments.image_fit import Layout, fit_scale, layout, zoom
from widgets.attachments.half_blocks import HalfBlockCanvas

if TYPE_CHECKING:
    from PIL.Image import Image
    from textual.events import Resize
    from textual.widget import Widget

    from app.core.attachments.graphics import Protocol
    from app.core.attachments.images import DecodedImage

PROTOCOL_NAMES = {"kitty": "Kitty graphics", "sixel": "Sixel", "blocks": "half-blocks"}


class ImageView(Vertical):
    """The picture, and a line under it saying the zoom and the keys."""

    DEFAULT_CSS = """
    ImageView {
        height: 1fr;
    }
    ImageView #image-scroll {
        height: 1fr;
        align: center middle;
        scrollbar-size: 1 1;
    }
    ImageView #image-status {
        height: 1;
        padding: 0 1;
        background: $boost;
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("f", "toggle_fit", "Fit/actual", id="viewer.image-fit"),
        Binding("plus,equals_sign", "zoom(True)", "Zoom in", key_display="+", id="viewer.image-zoom-in"),
        Binding("minus,underscore", "zoom(False)", "Zoom out", key_display="-", id="viewer.image-zoom-out"),
    ]

    fitted: reactive[bool] = reactive(True)
    """True while the picture follows the pane's size; False at a chosen zoom (then it scrolls)."""

    def __init__(
        self,
        decoded: DecodedImage,
        *,
        protocol: Protocol = "blocks",
        cell: tuple[int, int] = (1, 2),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.decoded = decoded
        self.protocol: Protocol = protocol
        self.cell = cell if protocol != "blocks" else (1, 2)
        self.scale = 1.0
        """The scale asked for (screen pixels per image pixel); the fitted one while ``fitted``."""
        self.shown: Layout | None = None
        """What is on screen now (once the first picture is drawn)."""
        self._bounding = False
        """The copy within the display bounds is being made (``decoded`` is the image as decoded until then)."""

    def compose(self) -> ComposeResult:
        if self.protocol == "blocks":
            yield HalfBlockCanvas(id="image-canvas")
        else:
            from widgets.attachments.graphic_image import graphic_widget

            with ScrollableContainer(id="image-scroll", can_focus=True):
                yield graphic_widget(self.protocol, self.cell)
        yield Static(id="image-status")

    @property
    def surface(self) -> Widget:
        """The focusable, scrolling part (the viewer focuses it)."""
        return self.query_one("#image-canvas" if self.protocol == "blocks" else "#image-scroll")

    @property
    def pane(self) -> tuple[int, int]:
        """The cells the picture may fill: this view less its status line."""
        return self.size.width, max(1, self.size.height - 1)

    def on_resize(self, event: Resize) -> None:
        self._draw()

    # --- keys -----------------------------------------------------------------------------

    def action_toggle_fit(self) -> None:
        self.fitted = not self.fitted
        if not self.fitted:
            self.scale = 1.0
        self._draw()

    def action_zoom(self, zoom_in: bool) -> None:
        info = self.decoded.info
        current = self.scale  # the scale last asked for: each key of a burst counts, drawn or not yet
        fitted = fit_scale(info.width, info.height, self.pane, self.cell)
        scale = zoom(info.width, info.height, current, fitted, zoom_in=zoom_in)
        if scale == current:
            self.app.bell()
            self._status(f"{'largest' if zoom_in else 'smallest'} zoom")
            return
        self.fitted = False
        self.scale = scale
        self._draw()

    # --- drawing --------------------------------------------------------------------------

    def _draw(self) -> None:
        """Work out the picture's size for the mode and the pane, and scale the image to it."""
        if not self.size.area:
            return
        info = self.decoded.info
        if self.fitted:
            self.scale = fit_scale(info.width, info.height, self.pane, self.cell)
        target = layout(info.width, info.height, self.scale, self.cell)
        background = self.background_colors[1].rgb
        self._scale(target, background)

    @work(thread=True, exclusive=True, group="image-scale", exit_on_error=False)
    def _scale(self, target: Layout, background: tuple[int, int, int]) -> None:
        picture = scaled(self.decoded.image, (target.pixel_width, target.pixel_height), background)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, picture, target)

    def _show(self, picture: Image, target: Layout) -> None:
        """Put the scaled picture on screen, keeping the middle of the view where it was."""
        if not self.is_attached:
            return
        if not self.decoded.bounded and not self._bounding:
            self._bounding = True
            # The copy kept for zooming, once the first picture is on screen (Pillow would hold back its drawing).
            self.call_after_refresh(self._bound, self.decoded)
        surface = self.surface
        previous = self.shown
        middle = _middle(surface, previous)
        if isinstance(surface, HalfBlockCanvas):
            surface.show(picture)
        else:
            graphic = self.query_one("#image-graphic")
            graphic.styles.width = target.columns
            graphic.styles.height = target.rows
            graphic.image = picture  # type: ignore[attr-defined]
        self.shown = target
        if previous is not None and middle is not None:
            surface.call_after_refresh(_recentre, surface, middle, target)
        self._status()

    @work(thread=True, group="image-bound", exit_on_error=False)
    def _bound(self, decoded: DecodedImage) -> None:
        """Reduce the image as decoded to the copy kept (a fifth of a second for 12 megapixels)."""
        from app.core.attachments.images import bound_image

        bounded = bound_image(decoded)  # on failure the image as decoded stays: within MAX_PIXELS all the same
        self.app.call_from_thread(self._bounded, bounded)

    def _bounded(self, bounded: DecodedImage) -> None:
        if self.is_attached:
            self.decoded = bounded
            self._status()

    def _status(self, note: str = "") -> None:
        shown = self.shown
        if shown is None:
            return
        mode = f"Fit · {shown.percent}" if self.fitted else f"{shown.percent}"
        if not self.fitted and abs(shown.scale - 1.0) < 1e-9:
            mode = "Actual size · 100%"
        reduced = self.decoded.scale < 1
        parts = [mode, f"{shown.columns:,}×{shown.rows:,} cells", PROTOCOL_NAMES[self.protocol]]
        if reduced:
            parts.append(f"from a {self.decoded.image.width:,}×{self.decoded.image.height:,} copy")
        if note:
            parts.append(note)
        keys = "f fit" if not self.fitted else "f actual size"
        self.query_one("#image-status", Static).update(Content(" · ".join(parts) + f"   {keys} · +/- zoom"))

    @property
    def status_text(self) -> str:
        """The line under the picture, as plain text (for tests)."""
        return str(self.query_one("#image-status", Static).render())


def scaled(image: Image, size: tuple[int, int], background: tuple[int, int, int]) -> Image:
    """``image`` resized to ``size`` (smooth when shrinking, crisp pixels when enlarging), as RGB on ``background``."""
    from PIL import Image as PILImage

    if size == image.size:
        picture = image.copy()
    elif size[0] < image.width:
        picture = image.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    elif size[0] >= 2 * image.width:
        picture = image.resize(size, PILImage.Resampling.NEAREST)
    else:
        picture = image.resize(size, PILImage.Resampling.BICUBIC)
    if picture.mode == "RGBA":
        flat = PILImage.new("RGB", picture.size, background)
        flat.paste(picture, mask=picture.getchannel("A"))
        return flat
    return picture.convert("RGB") if picture.mode != "RGB" else picture


def _middle(surface: Widget, shown: Layout | None) -> tuple[float, float] | None:
    """Where the middle of the view is, as a share of the picture (None before the first picture)."""
    if shown is None:
        return None
    width, height = surface.scrollable_content_region.size
    virtual = surface.virtual_size
    if not virtual.width or not virtual.height:
        return None
    return (
        (surface.scroll_x + width / 2) / virtual.width,
        (surface.scroll_y + height / 2) / virtual.height,
    )


def _recentre(surface: Widget, middle: tuple[float, float], target: Layout) -> None:
    width, height = surface.scrollable_content_region.size
    virtual = surface.virtual_size
    surface.scroll_to(
        middle[0] * virtual.width - width / 2,
        middle[1] * virtual.height - height / 2,
        animate=False,
        immediate=True,
    )
