"""The footer: Textual's, with its keys on the first frame and one redraw per change of keys.

Textual's footer starts empty and fills in once the screen first reports its keys, a frame or two
after the rest, and it rebuilds itself after every report: a focus change, a pane shown, the queue
mounted each rebuild it again, several times a frame at start-up. This one shows the keys that
apply as soon as it is composed, and rebuilds once for however many reports came together, only
if what it shows has changed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[bool, tuple[tuple[str, str, str, bool], ...]]
"""What a footer shows: the palette hint or not, and each key shown (key, as displayed, words, enabled)."""


class ShellFooter(Footer):
    """The keys that apply, drawn with the rest of the first frame."""

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(compact=compact, show_command_palette=not compact, id=id)
        # The screen's keys are known when it composes the footer: show them at once, rather than
        # after the first report (Textual's footer composes nothing until then).
        self.set_reactive(Footer._bindings_ready, True)
        self._rebuild_pending = False
        self._composed: Shown | None = None

    def _shown(self) -> Shown:
        keys = tuple(
            (binding.key, binding.key_display or "", binding.description, enabled)
            for _, binding, enabled, _ in self.screen.active_bindings.values()
            if binding.show
        )
        return self.show_command_palette, keys

    def compose(self) -> ComposeResult:
        self._composed = self._shown()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild, once for however many reports of changed keys came together, if what shows changed."""
        self.set_reactive(Footer._bindings_ready, True)
        if screen.app.app_focus and screen is self.screen:
            self._rebuild_soon()

    def _rebuild_soon(self) -> None:
        # call_later: into the footer's own message loop (its keys bind to its reactives there), and
        # from there after the next refresh, as Textual's footer does: a rebuild holds back the
        # screen's updates until it is done, so it must not hold back the frame that was due.
        if self.is_attached and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_later(self.call_after_refresh, self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self._shown() != self._composed:
            await self.recompose()

    def fit(self, width: int) -> None:
        """Under 100 columns, pack the keys tighter and drop the palette hint (ctrl+p still works)."""
        narrow = width < 100
        if self.compact != narrow:
            self.compact = narrow
        if self.show_command_palette == narrow:
            self.show_command_palette = not narrow
            self._rebuild_soon()  # Textual's footer shows the change only at its next rebuild
