"""What every body of the attachment viewer offers the viewer around it (the heading, find, wrap, back).

A body shows one kind of file (text, a message, PDF pages, an archive's listing, an image). The
viewer owns the heading, the find box and the keys that work everywhere (``d``, ``o``, ``escape``);
it asks the body what to add to the heading and hands it the find box's queries. A body posts
``ViewerBody.Changed`` when any of that changed.
"""

from __future__ import annotations

from textual.containers import Vertical
from textual.message import Message


class ViewerBody(Vertical):
    """The part of the viewer under the heading; this base shows nothing and offers no find."""

    DEFAULT_CSS = """
    ViewerBody { height: 1fr; }
    """

    class Changed(Message):
        """The heading, the find count or the keys that apply have changed."""

        def __init__(self, body: ViewerBody) -> None:
            super().__init__()
            self.body = body

    @property
    def can_find(self) -> bool:
        """Whether the find box applies (there is text to search)."""
        return False

    @property
    def can_wrap(self) -> bool:
        """Whether ``w`` (wrap long lines) applies."""
        return False

    @property
    def has_matches(self) -> bool:
        """Whether the current search has matches (``n`` and ``N`` apply)."""
        return False

    def meta(self) -> list[str]:
        """Parts added to the heading's line of facts ("Page 3 of 12", "1,204 members")."""
        return []

    def notice(self) -> str:
        """A warning for the heading's notice line ("" for none)."""
        return ""

    def find_status(self) -> str:
        """The count beside the find box, as plain text ("2 of 14", "No matches", "")."""
        return ""

    def search(self, query: str) -> None:
        """Search for ``query`` (as typed), selecting the first match at or after the cursor."""

    def step(self, *, forward: bool) -> None:
        """Select the next (or previous) match."""

    def toggle_wrap(self) -> None:
        """Wrap long lines on or off."""

    def focus_body(self) -> None:
        """Put the focus where the body's keys work."""
        self.focus()

    def back(self) -> bool:
        """Handle ``escape`` inside the body (a member back to its listing); ``False`` if it did not."""
        return False

    def changed(self) -> None:
        """Tell the viewer to read the heading, the count and the keys again."""
        self.post_message(self.Changed(self))
