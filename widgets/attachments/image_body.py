"""The viewer's body for an image: the picture (``ImageView``), and its facts for the heading.

The way to draw is chosen once per run, when the first image is shown
(``app.core.attachments.graphics``): half-blocks whenever the App runs headless (tests,
snapshots) or in a browser (``--serve``), else what the terminal is known to draw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult

from app.core.attachments.graphics import Protocol, detect
from widgets.attachments.image_view import ImageView
from widgets.attachments.viewer_body import ViewerBody
from widgets.focus import focus_now

if TYPE_CHECKING:
    from textual.app import App

    from app.core.attachments.images import DecodedImage

_chosen: tuple[Protocol, tuple[int, int]] | None = None


def drawing_for(app: App[object]) -> tuple[Protocol, tuple[int, int]]:
    """The protocol and cell size for ``app``'s terminal (decided once; half-blocks when headless or served)."""
    global _chosen
    if app.is_headless or app.is_web:
        return "blocks", (1, 2)
    if _chosen is None:
        _chosen = detect(graphics_possible=True)
    return _chosen


class ImageBody(ViewerBody):
    """An image fitted to the pane; ``f``, ``+`` and ``-`` change its size."""

    def __init__(self, decoded: DecodedImage) -> None:
        super().__init__()
        self.decoded = decoded

    def compose(self) -> ComposeResult:
        protocol, cell = drawing_for(self.app)
        yield ImageView(self.decoded, protocol=protocol, cell=cell, id="image-view")

    @property
    def view(self) -> ImageView:
        """The picture and its zoom line."""
        return self.query_one(ImageView)

    def meta(self) -> list[str]:
        return [self.decoded.info.describe(with_format=False)]  # the heading names the format already

    def focus_body(self) -> None:
        focus_now(self.view.surface)
