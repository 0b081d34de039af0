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
        self.info = decoded.info
        self.decoded: DecodedImage | None = decoded
        """Handed to the view, then let go (the view swaps a large one for its bounded copy)."""
        self.drawing = drawing

    def compose(self) -> ComposeResult:
        decoded, self.decoded = self.decoded, None
        if decoded is not None:
            yield ImageView(decoded, protocol=self.drawing.protocol, cell=self.drawing.cell, id="image-view")

    @property
    def view(self) -> ImageView:
        """The picture and its zoom line."""
        return self.query_one(ImageView)

    def meta(self) -> list[str]:
        return [self.info.describe(with_format=False)]  # the heading names the format already

    def focus_body(self) -> None:
        focus_now(self.view.surface)
