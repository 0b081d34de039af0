"""A choice of the New ticket form (priority, category) that takes a burst of keys in order.

Textual delivers every key of a burst to the widget focused when the burst is read, and runs a
widget's own bindings only later, as each key bubbles back: over SSH ``enter down down enter tab``
arrives at once, so the list opened, moved and closed after the ``tab`` had already moved on, and
the list then took the focus back from the next field. Here every key that opens, moves, picks or
closes is a priority binding, done the moment the key is read, like the form's ``tab``; a letter
goes to the first option of that letter (and picks it while the list is closed, as a browser's
select does).
"""

from __future__ import annotations

from collections.abc import Iterable
from string import ascii_lowercase

from textual.actions import SkipAction
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay

from widgets.focus import focus_now


class Choice(Select[str]):
    """One value of a few, by list (``enter`` opens, arrows move, ``enter`` picks) or by its first letter."""

    BINDINGS = [
        Binding("enter,space", "enter", "Choose", show=False, priority=True, id="new-ticket.choice-open"),
        Binding("down", "step(1)", "Next", show=False, priority=True, id="new-ticket.choice-down"),
        Binding("up", "step(-1)", "Previous", show=False, priority=True, id="new-ticket.choice-up"),
        Binding("home", "list('first')", show=False, priority=True, id="new-ticket.choice-first"),
        Binding("end", "list('last')", show=False, priority=True, id="new-ticket.choice-last"),
        Binding("pageup", "list('page_up')", show=False, priority=True, id="new-ticket.choice-page-up"),
        Binding("pagedown", "list('page_down')", show=False, priority=True, id="new-ticket.choice-page-down"),
        Binding("escape", "close", "Close list", show=False, priority=True, id="new-ticket.choice-close"),
        *(
            Binding(
                f"{letter},{letter.upper()}",
                f"letter('{letter}')",
                show=False,
                priority=True,
                id=f"new-ticket.choice-letter-{letter}",
            )
            for letter in ascii_lowercase
        ),
    ]

    def __init__(self, options: Iterable[tuple[str, str]], *, prompt: str, id: str) -> None:
        options = list(options)
        super().__init__(options, prompt=prompt, id=id, type_to_search=False)  # letters are the bindings above
        self._values: list[str | None] = [None, *(value for _, value in options)]
        """What each row of the list stands for (the first row is the prompt: no value)."""

    @property
    def _list(self) -> SelectOverlay:
        return self.query_one(SelectOverlay)

    @property
    def _open(self) -> bool:
        return self.expanded and self.screen.focused is self._list  # not has_focus: that follows a moment later

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("close", "list"):
            return self._open  # closed: escape is the form's (and its footer shows it)
        return True

    def _watch_expanded(self, expanded: bool) -> None:
        """As Textual's ``Select``, but the open list takes the focus now, not a moment later (over a
        ``tab`` typed since, which it would take the focus back from)."""
        try:
            overlay = self._list
        except NoMatches:  # being removed
            return
        self.set_class(expanded, "-expanded")
        if not expanded:
            return
        index = self._index_of_value()
        overlay.select(index)
        self.query_one(SelectCurrent).has_value = index is not None
        self.app.stylesheet.update_nodes([overlay], animate=False)  # shown now, so it can take the focus now
        focus_now(overlay)

    def action_enter(self) -> None:
        """``enter``/``space``: open the list, or pick the highlighted row of the open list."""
        if self._open:
            self._pick(self._list.highlighted)
        else:
            self.action_show_overlay()  # Select's: expanded, then the watcher above

    def action_step(self, step: int) -> None:
        """``down``/``up``: open the list (as Textual's does), or move through the open one."""
        if not self._open:
            self.action_show_overlay()
        elif step > 0:
            self._list.action_cursor_down()
        else:
            self._list.action_cursor_up()

    def action_list(self, move: str) -> None:
        """``home``, ``end``, ``pageup``, ``pagedown`` in the open list."""
        getattr(self._list, f"action_{move}")()

    def action_close(self) -> None:
        """``escape`` in the open list closes it and leaves the value as it was (elsewhere: the form's)."""
        self.close_list()

    def action_letter(self, letter: str) -> None:
        """The next option after the current one whose value starts with ``letter``: highlighted in
        the open list, chosen while it is closed."""
        current = self._list.highlighted if self._open else self._index_of_value()
        count = len(self._values)
        start = 0 if current is None else current
        for step in range(1, count + 1):
            index = (start + step) % count
            value = self._values[index]
            if value is not None and value.startswith(letter):
                if self._open:
                    self._list.highlighted = index
                else:
                    self.value = value
                return
        raise SkipAction()  # no option of that letter: the key is the form's (q does nothing there)

    def _index_of_value(self) -> int | None:
        value = self.value
        return self._values.index(value) if isinstance(value, str) and value in self._values else None

    def _pick(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self._values):
            value = self._values[index]
            if value is None:
                self.clear()
            elif value != self.value:
                self.value = value
        self.close_list()

    def close_list(self) -> None:
        """Close the list, if open, and take the focus back from it now (the keys after this one are the choice's)."""
        focus_now(self)
        self.expanded = False
        try:
            self.app.stylesheet.update_nodes([self._list], animate=False)  # hidden now: out of the tab order at once
        except NoMatches:  # being removed
            pass
