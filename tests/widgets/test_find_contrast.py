"""Found text stands out and stays readable: 4.5:1 contrast or more in every built-in theme (WCAG AA),
in the conversation and in the attachment viewer; reversed terminal colours under ansi and NO_COLOR."""

from __future__ import annotations

import pytest
from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.color import Color
from textual.filter import NoColor

from styles import STYLES_DIR
from widgets.attachments.attachment_text import AttachmentText
from widgets.conversation.thread_view import ThreadView

AA = 4.5
THEMES = sorted(App().available_themes)


def luminance(color: Color) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        value_ = value / 255
        return value_ / 12.92 if value_ <= 0.03928 else ((value_ + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(one: Color, other: Color) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


class Harness(App[None]):
    # the App's sheets for ansi and NO_COLOR, and the viewer's (its rules name #viewer-text)
    CSS_PATH = [STYLES_DIR / name for name in ("ansi.tcss", "no_color.tcss", "viewer.tcss")]

    def compose(self) -> ComposeResult:
        yield ThreadView()
        yield AttachmentText("some text", read_only=True, id="viewer-text")


def _rgb(color: RichColor | None) -> Color:
    assert color is not None and not color.is_default and color.triplet is not None, color
    return Color(*color.triplet)


async def _styles(theme: str) -> tuple[Style, Style, Style]:
    """The conversation's body style, its match style on top, and the viewer's selection style."""
    app = Harness()
    app.theme = theme
    async with app.run_test() as pilot:
        await pilot.pause()
        thread = app.query_one(ThreadView)
        body = thread.get_component_rich_style("thread-view--user")
        match = body + thread.get_component_rich_style("thread-view--match", partial=True)
        area = app.query_one(AttachmentText)
        selection = area.rich_style + area.get_component_rich_style("text-area--selection", partial=True)
        return body, match, selection


@pytest.mark.parametrize("theme", THEMES)
async def test_found_text_reads_at_aa_contrast_in_every_theme(theme: str) -> None:
    body, match, selection = await _styles(theme)
    for name, style in (("conversation", match), ("viewer", selection)):
        if App().available_themes[theme].ansi:
            # 16-colour terminals: the terminal's own words and background, swapped
            assert style.reverse, (name, style)
            assert style.color is None or style.color.is_default, (name, style)
            assert style.bgcolor is None or style.bgcolor.is_default, (name, style)
        else:
            ratio = contrast(_rgb(style.color), _rgb(style.bgcolor))
            assert ratio >= AA, f"{theme} {name}: {ratio:.2f}:1"
    if not App().available_themes[theme].ansi:
        # and the match is told apart from the message around it by more than a shade
        assert match.bgcolor != body.bgcolor


async def test_found_text_is_reversed_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    _body, match, selection = await _styles("textual-dark")
    for style in (match, selection):
        (segment,) = NoColor().apply([Segment("found", style)], Color(0, 0, 0))
        assert segment.style is not None
        assert all(colour is None or colour.is_default for colour in (segment.style.color, segment.style.bgcolor))
        assert segment.style.reverse  # the terminal's own colours, swapped: as readable as its text
