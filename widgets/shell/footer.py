"""The footer: Textual's, with its keys on the first frame and one redraw per change of keys.

Textual's footer starts empty and fills in once the screen first reports its keys, a frame or two
after the rest, and it rebuilds itself after every report: a focus change, a pane shown, the queue
mounted each rebuild it again, several times a frame at start-up. This one shows the keys that
apply as soon as it is composed, and rebuilds once for however many reports came together.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class ShellFooter(Footer):
    """The keys that apply, drawn with the rest of the first frame."""

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(compact=compact, show_command_palette=not compact, id=id)
        # The screen's keys are known when it composes the footer: show them at once, rather than
        # after the first report (Textual's footer composes nothing until then).
        self.set_reactive(Footer._bindings_ready, True)
        self._rebuild_pending = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild once for however many reports of changed keys came together."""
        self.set_reactive(Footer._bindings_ready, True)
        if screen.app.app_focus and screen is self.screen:
            self._rebuild_soon()

    def _rebuild_soon(self) -> None:
        # call_later: the rebuild runs in the footer's own message loop (its keys bind to its
        # reactives there), after whatever reported the change, once for all the reports queued.
        if self.is_attached and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()

    def fit(self, width: int) -> None:
        """Under 100 columns, pack the keys tighter and drop the palette hint (ctrl+p still works)."""
        narrow = width < 100
        if self.compact != narrow:
            self.compact = narrow
        if self.show_command_palette == narrow:
            self.show_command_palette = not narrow
            self._rebuild_soon()  # Textual's footer shows the change only at its next rebuild
