"""The viewer's text body: cleaned text, read-only, numbered, highlighted when short, with find.

Used for a text attachment, for an archive member's text and for a PDF page's text.
"""

from __future__ import annotations

import importlib.util

from textual.app import ComposeResult
from textual.widgets.text_area import LanguageDoesNotExist, Selection

from app.core.text.search import TextSearch
from widgets.attachments.attachment_text import AttachmentText
from widgets.attachments.viewer_body import ViewerBody
from widgets.focus import focus_now

WRAP_LIMIT = 512 * 1024
"""Texts longer than this (in characters) open unwrapped: wrapping 2 MiB costs TextArea ~0.6 s."""
HIGHLIGHT_LIMIT = 256 * 1024
"""Texts longer than this (in characters) are not highlighted: tree-sitter takes ~2 ms per KiB."""


def highlighting(language: str | None, length: int = 0) -> str | None:
    """``language`` if the tree-sitter grammar for it is installed and the text is short enough."""
    if not language or length > HIGHLIGHT_LIMIT or importlib.util.find_spec("tree_sitter") is None:
        return None
    return language if importlib.util.find_spec(f"tree_sitter_{language}") is not None else None


class TextBody(ViewerBody):
    """One text with line numbers and find; ``load`` replaces it (a PDF's next page)."""

    DEFAULT_CSS = """
    TextBody > AttachmentText {
        height: 1fr;
        border: none;
        padding: 0;
        scrollbar-size-vertical: 1;
        &:focus { border: none; }
    }
    """

    def __init__(self, text: str = "", *, language: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = text
        self._language = language
        self._search: TextSearch | None = None
        self._index: int | None = None
        """The match selected, if any."""

    def compose(self) -> ComposeResult:
        yield AttachmentText(read_only=True, show_line_numbers=True, soft_wrap=False, id="viewer-text")

    def on_mount(self) -> None:
        self.text_area.cursor_blink = False
        self.load(self._text, language=self._language)

    @property
    def text_area(self) -> AttachmentText:
        """The text area."""
        return self.query_one(AttachmentText)

    def load(self, text: str, *, language: str | None = None) -> None:
        """Show ``text`` (cleaned already) from its top; a search under way is run on it again."""
        self._text = text
        area = self.text_area
        if language := highlighting(language, len(text)):
            try:
                area.language = language
            except LanguageDoesNotExist:
                pass
        area.soft_wrap = len(text) <= WRAP_LIMIT
        # Without the final line break, whose empty line TextArea would number: the line numbers
        # end at the count the heading gives, as in a pager.
        area.load_text(text.removesuffix("\n"))
        query = self._search.query if self._search is not None else ""
        self._search = TextSearch(text)
        self._index = None
        if query:
            self._search.search(query)
        self.changed()

    # --- what the viewer asks ----------------------------------------------------------------

    @property
    def can_find(self) -> bool:
        return True

    @property
    def can_wrap(self) -> bool:
        return True

    @property
    def has_matches(self) -> bool:
        return self._search is not None and bool(self._search.starts)

    @property
    def match_count(self) -> int:
        """Matches of the current search."""
        return len(self._search) if self._search is not None else 0

    def find_status(self) -> str:
        search = self._search
        if search is None or not search.query:
            return ""
        if not search.starts:
            return "No matches"
        total = f"{len(search):,}{'+' if search.capped else ''}"
        return f"{self._index + 1:,} of {total}" if self._index is not None else total

    def search(self, query: str) -> None:
        if self._search is None:
            return
        self._search.search(query)
        self.select(self._search.next_index(self.text_area.selection.start, inclusive=True))

    def step(self, *, forward: bool) -> None:
        if self._search is None or not self._search.starts:
            return
        selection = self.text_area.selection
        self.select(self._search.next_index(selection.end if forward else selection.start, forward=forward))

    def next_match(self, *, forward: bool) -> int | None:
        """The match a step would select, without wrapping round the text (for a PDF's next page)."""
        search = self._search
        if search is None or not search.starts:
            return None
        selection = self.text_area.selection
        if self._index is None:
            return 0 if forward else len(search) - 1
        index = search.next_index(selection.end if forward else selection.start, forward=forward)
        if index is None or (forward and index <= self._index) or (not forward and index >= self._index):
            return None  # it wrapped round
        return index

    def select(self, index: int | None) -> None:
        """Select match ``index`` and bring it into the middle of the view."""
        search = self._search
        if search is None:
            return
        self._index = index
        area = self.text_area
        if index is not None:
            start, end = search.span(index)
            area.selection = Selection(start, end)
            area.scroll_cursor_visible(center=True)
        self.changed()

    def select_last(self) -> None:
        """Select the last match (stepping back onto this text)."""
        self.select(len(self._search) - 1 if self._search is not None and self._search.starts else None)

    def toggle_wrap(self) -> None:
        self.text_area.soft_wrap = not self.text_area.soft_wrap

    def focus_body(self) -> None:
        focus_now(self.text_area)
