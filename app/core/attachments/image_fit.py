"""How big to draw an image in a pane of terminal cells: fitted, at actual size, or zoomed (bounded).

A scale is screen pixels per image pixel (1.0 is actual size). A cell holds ``cell`` screen
pixels: the terminal's real cell size for graphics protocols, and (1, 2) for half-blocks, where
each cell shows two pixels one above the other (a cell is about twice as high as wide, so a
half-cell is about square and the picture keeps its aspect ratio).

Every size asked for is bounded: a zoom never asks for more than ``MAX_RENDER_PIXELS`` screen
pixels nor more than ``MAX_ZOOM``, however large the image or the zoom.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_ZOOM = 8.0
"""The largest scale: eight screen pixels per image pixel."""
MAX_RENDER_PIXELS = 8_000_000
"""The most screen pixels a zoom may ask for (half-blocks: two per cell); as many as the decoded copy holds."""
MIN_FIT_SHARE = 0.25
"""Zooming out stops at a quarter of the fitted size."""
STEPS = (0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.25, 0.33, 0.5, 0.67, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)
"""The zoom ladder that ``+`` and ``-`` climb."""


@dataclass(frozen=True)
class Layout:
    """One way of drawing the image: its scale, and its size in cells and in screen pixels."""

    scale: float
    columns: int
    rows: int
    pixel_width: int
    """Width of the picture to draw, in screen pixels (``columns`` × cell width)."""
    pixel_height: int

    @property
    def percent(self) -> str:
        """The scale as people say it: ``25%``, ``100%``, ``0.5%``."""
        value = self.scale * 100
        return f"{value:.1f}%" if value < 1 else f"{value:.0f}%"


def layout(width: int, height: int, scale: float, cell: tuple[int, int]) -> Layout:
    """The picture of a ``width`` × ``height`` image at ``scale`` (clamped to the bounds), in cells."""
    scale = min(scale, max_scale(width, height))
    cell_width, cell_height = cell
    columns = max(1, round(width * scale / cell_width))
    rows = max(1, round(height * scale / cell_height))
    return Layout(scale, columns, rows, columns * cell_width, rows * cell_height)


def fit_scale(width: int, height: int, pane: tuple[int, int], cell: tuple[int, int]) -> float:
    """The scale that fills a pane of ``pane`` cells with the whole image, aspect kept (within bounds)."""
    columns, rows = max(1, pane[0]), max(1, pane[1])
    scale = min(columns * cell[0] / max(1, width), rows * cell[1] / max(1, height))
    return min(scale, max_scale(width, height))


def max_scale(width: int, height: int) -> float:
    """The largest scale allowed for this image: ``MAX_ZOOM``, less if the picture would grow past the pixel bound."""
    by_pixels = float((MAX_RENDER_PIXELS / max(1, width * height)) ** 0.5)
    return min(MAX_ZOOM, by_pixels)


def min_scale(width: int, height: int, fitted: float) -> float:
    """The smallest scale allowed: a quarter of the fitted one (or of actual size, if that is smaller)."""
    return min(fitted, 1.0) * MIN_FIT_SHARE


def zoom(width: int, height: int, scale: float, fitted: float, *, zoom_in: bool) -> float:
    """The next scale on the ladder in or out from ``scale``, within the bounds (``scale`` itself at a bound)."""
    low, high = min_scale(width, height, fitted), max_scale(width, height)
    scale = min(scale, high)
    if zoom_in:
        step = next((value for value in STEPS if value > scale * 1.01), MAX_ZOOM)
        return max(scale, min(step, high))
    step = next((value for value in reversed(STEPS) if value < scale / 1.01), STEPS[0])
    return min(scale, max(step, low))
