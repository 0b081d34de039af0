"""The attachment viewer's text: read-only, numbered, fast on long files, and readable where find lands."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.style import Style
from textual.widgets import TextArea
from textual.widgets.text_area import Location, WrappedDocument

from widgets.attachments.fast_document import FastWrappedDocument
from widgets.readable import readable_words

if TYPE_CHECKING:
    from textual.strip import Strip
    from textual.widgets._text_area import Highlight


class AttachmentText(TextArea):
    """The viewer's read-only text: line numbers, no blinking cursor, fast on long files."""

    @property
    def wrapped_document(self) -> WrappedDocument:
        """The wrapped view of the document, always a ``FastWrappedDocument``."""
        return self._wrapped_document

    @wrapped_document.setter
    def wrapped_document(self, document: WrappedDocument) -> None:
        if type(document) is WrappedDocument:  # made by TextArea when text is loaded
            document.__class__ = FastWrappedDocument
        self._wrapped_document = document

    @property
    def text(self) -> str:
        """The whole text, joined once per document (TextArea asks for it on every line it draws)."""
        document = self.document
        if getattr(self, "_text_of", None) is not document:
            self._text, self._text_of = document.text, document  # the viewer never edits its text
        return self._text

    @text.setter
    def text(self, text: str) -> None:
        self.load_text(text)

    def _render_line(self, y: int) -> Strip:
        """A line as TextArea draws it, but with no syntax colour inside the selection.

        The selection is where find puts the match: drawn in the selection's own colours (chosen
        to be readable in every theme), not in token colours that could vanish on them.
        """
        top, bottom = sorted(self.selection)
        highlights = self._highlights
        try:
            line_index = self.wrapped_document._offset_to_line_info[y + int(self.scroll_y)][0]
        except IndexError:
            return super()._render_line(y)
        if top == bottom or not highlights.get(line_index) or not top[0] <= line_index <= bottom[0]:
            return super()._render_line(y)
        line = self.document[line_index]
        start = len(line[: top[1]].encode()) if line_index == top[0] else 0
        end = len(line[: bottom[1]].encode()) if line_index == bottom[0] else len(line.encode())
        kept = highlights[line_index]
        highlights[line_index] = list(_outside(kept, start, end))
        try:
            return super()._render_line(y)
        finally:
            highlights[line_index] = kept

    def get_component_rich_style(self, *names: str, partial: bool = False, default: Style | None = None) -> Style:
        style = super().get_component_rich_style(*names, partial=partial, default=default)
        # The selection is where find puts the match: black or white words, whichever reads better.
        return readable_words(style) if names == ("text-area--selection",) else style

    def on_resize(self) -> None:
        # TextArea re-wraps on resize, but lines drawn at the old width before the re-wrap would
        # stay on screen (cut off) until something else redraws them: redraw them now.
        self.refresh()

    def find_matching_bracket(self, bracket: str, search_from: Location) -> Location | None:
        """No bracket matching: in a 2 MiB payload the partner of the first ``[`` is at the very end."""
        return None


def _outside(highlights: list[Highlight], start: int, end: int) -> Iterator[Highlight]:
    """The parts of a line's syntax highlights (byte offsets) outside ``start``-``end``."""
    for first, last, name in highlights:
        if first < start:
            yield first, start if last is None else min(last, start), name
        if last is None or last > end:
            yield max(first, end), last, name
