"""Pictures through the terminal's own graphics (Kitty's protocol, Sixel), by textual-image.

textual-image asks the terminal what it supports, and for its cell size, when its ``renderable``
and ``widget`` packages are first imported; once Textual runs it owns the keyboard input, so the
answers would arrive as keystrokes. The choice is made from the environment instead
(``app.core.attachments.graphics``), and the modules needed are loaded without running those two
packages' ``__init__`` files; the cell size is handed to textual-image from the window size.
"""

from __future__ import annotations

import os
import sys
import types
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from textual.widget import Widget


def _load_quietly(cell: tuple[int, int]) -> None:
    """Make textual-image's modules importable without its terminal questions, and set its cell size."""
    import textual_image

    base = os.path.dirname(textual_image.__file__)
    for name in ("renderable", "widget"):
        package = f"textual_image.{name}"
        if package not in sys.modules:
            module = types.ModuleType(package)
            module.__path__ = [os.path.join(base, name)]
            module.__package__ = package
            sys.modules[package] = module
    from textual_image import _terminal

    # get_cell_size() keeps its answer here; with it set, it never writes a question to the terminal.
    _terminal.get_cell_size._result = _terminal.CellSize(*cell)  # type: ignore[attr-defined]


def graphic_widget(protocol: Literal["kitty", "sixel"], cell: tuple[int, int]) -> Widget:
    """An empty textual-image widget drawing with ``protocol``; its ``image`` is set later."""
    _load_quietly(cell)
    if protocol == "sixel":
        from textual_image.widget.sixel import Image as SixelImage

        return SixelImage(id="image-graphic")

    from textual_image.renderable.tgp import Image as TGPRenderable
    from textual_image.widget._base import Image as BaseImage

    class KittyImage(BaseImage, Renderable=TGPRenderable):
        """Kitty's graphics protocol, placed with Unicode placeholders (so Textual can lay it out)."""

    return KittyImage(id="image-graphic")
