"""Words that stay readable on a coloured background, whatever the theme: black or white, whichever
contrasts more with it (WCAG relative luminance), for highlights such as found text."""

from __future__ import annotations

from rich.color import Color
from rich.style import Style

BLACK = Color.from_rgb(0, 0, 0)
WHITE = Color.from_rgb(255, 255, 255)


def luminance(color: Color) -> float:
    """WCAG relative luminance of a colour with an RGB value (0 for black, 1 for white)."""
    triplet = color.get_truecolor()

    def channel(value: int) -> float:
        share = value / 255
        return share / 12.92 if share <= 0.03928 else ((share + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(triplet.red) + 0.7152 * channel(triplet.green) + 0.0722 * channel(triplet.blue)


def contrast(one: Color, other: Color) -> float:
    """The WCAG contrast ratio of two colours, from 1 (the same) to 21 (black and white)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_words(style: Style) -> Style:
    """``style`` with black or white words, whichever reads better on its background.

    Only for a background the app chose in RGB (a theme colour): on the terminal's own colours
    (ansi themes) or none, ``style`` is returned as it is.
    """
    background = style.bgcolor
    if background is None or background.triplet is None:
        return style
    words = max((BLACK, WHITE), key=lambda candidate: contrast(candidate, background))
    return style + Style(color=words)
