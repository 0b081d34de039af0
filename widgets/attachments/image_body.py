"""The viewer's body for an image: the picture (``ImageView``), and its facts for the heading.

How to draw it (``app.core.attachments.graphics.Drawing``) is handed in: the controller decides it
once per run from the settings and the terminal (half-blocks when headless or in a browser).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult

from app.core.attachments.graphics import BLOCKS, Drawing
from widgets.attachments.image_view import ImageView
from widgets.attachments.viewer_body import ViewerBody
from widgets.focus import focus_now

if TYPE_CHECKING:
    from app.core.attachments.images import DecodedImage


class ImageBody(ViewerBody):
    """An image fitted to the pane; ``f``, ``+`` and ``-`` change its size."""

    def __init__(self, decoded: DecodedImage, drawing: Drawing = BLOCKS) -> None:
        super().__init__()
        self.decoded = decoded
        self.drawing = drawing

    def compose(self) -> ComposeResult:
        yield ImageView(self.decoded, protocol=self.drawing.protocol, cell=self.drawing.cell, id="image-view")

    @property
    def view(self) -> ImageView:
        """The picture and its zoom line."""
        return self.query_one(ImageView)

    def meta(self) -> list[str]:
        return [self.decoded.info.describe(with_format=False)]  # the heading names the format already

    def focus_body(self) -> None:
        focus_now(self.view.surface)
