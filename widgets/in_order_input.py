"""An input whose own keys act in turn with the characters typed around them."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class InOrderInput(Input):
    """An ``Input`` that runs the keys bound on it (``ctrl+u``, ``ctrl+w``, ``home``, ``backspace``...)
    as they arrive, between the characters typed before and after them.

    Textual runs a focused widget's bindings once the key has bubbled up to the app, by which time
    the characters typed behind it are in the field: ``abc``, ``ctrl+u``, ``xyz`` in one burst (as
    SSH or a paste-fast typist delivers them) would leave the field empty, ``ctrl+u`` deleting
    ``xyz`` too. Keys bound elsewhere (the screen's, the app's) go their usual way.
    """

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)
