"""The form's text fields: what the keyboard and the clipboard may put in them is printable text only."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from app.core.text.safe_text import printable_only
from widgets.in_order_input import InOrderInput


def typeable(text: str) -> str:
    """``text`` as a multi-line field takes it: line breaks and tabs kept, other controls dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isprintable():
        return text
    return "".join(char for char in text if char.isprintable() or char in "\n\t")


class TextInput(InOrderInput):
    """A one-line field that never takes a control, bidi or format character, typed or pasted."""

    def insert(self, text: str, index: int) -> None:
        super().insert(printable_only(text), index)

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(printable_only(text), start, end)


class DescriptionArea(TextArea):
    """The description: several lines, ``ctrl+e`` asks for it to be edited in the agent's editor."""

    BINDINGS = [
        Binding("ctrl+e", "edit_elsewhere", "Editor", key_display="^e", id="new-ticket.editor"),
    ]

    class EditRequested(Message):
        """``ctrl+e``: edit ``text`` in the agent's own editor (the App runs it)."""

        def __init__(self, area: DescriptionArea, text: str) -> None:
            super().__init__()
            self.area = area
            self.text = text

    def edit(self, edit: Edit) -> EditResult:
        edit.text = typeable(edit.text)  # a paste or a key sequence that slipped through
        return super().edit(edit)

    def action_edit_elsewhere(self) -> None:
        self.post_message(self.EditRequested(self, self.text))

    def put_text(self, text: str) -> None:
        """Replace the whole text with ``text`` (from the editor), as one step ``ctrl+z`` undoes."""
        self.replace(text, (0, 0), self.document.end)
        self.move_cursor(self.document.end)
