"""Textual's wrapped document, made fast for long read-only files.

The attachment viewer shows logs and payloads of a hundred thousand lines and more. Textual's
``WrappedDocument`` measures tabs and wrap points line by line on every wrap (on load, on every
resize, on every wrap toggle), about 3.5 µs a line, and sums its height once per drawn line.
``FastWrappedDocument`` gives the same tables and answers, computed the cheap way where a line
allows it: a line without tabs that fits the width (or any line when not wrapping) has no wrap
points and no tab widths to measure.
"""

from __future__ import annotations

from textual._wrap import compute_wrap_offsets
from textual.document._wrapped_document import WrappedDocument
from textual.expand_tabs import get_tab_widths


class FastWrappedDocument(WrappedDocument):
    """``WrappedDocument`` with a fast path for plain lines and a constant-time height."""

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        self._width = width
        if tab_width:
            self._tab_width = tab_width
        tab_width = self._tab_width

        wrap_offsets: list[list[int]] = []
        tab_widths: list[list[int]] = []
        line_info: list[tuple[int, int]] = []
        line_offsets: list[list[int]] = []
        no_tabs: list[int] = [0]
        nothing: list[int] = []
        offset = 0
        for index, line in enumerate(self.document.lines):
            if "\t" not in line and (not width or (len(line) <= width and line.isascii())):
                # No tab to expand, and nothing to wrap: an ASCII character is one cell wide.
                wrap_offsets.append(nothing)
                tab_widths.append(no_tabs if line else nothing)
                line_info.append((index, 0))
                line_offsets.append([offset])
                offset += 1
                continue
            sections = get_tab_widths(line, tab_width)
            breaks = (
                compute_wrap_offsets(line, width, tab_size=tab_width, precomputed_tab_sections=sections)
                if width
                else []
            )
            wrap_offsets.append(breaks)
            tab_widths.append([section_width for _, section_width in sections])
            rows = len(breaks) + 1
            line_info.extend((index, section) for section in range(rows))
            line_offsets.append(list(range(offset, offset + rows)))
            offset += rows

        self._wrap_offsets = wrap_offsets
        self._tab_width_cache = tab_widths
        self._offset_to_line_info = line_info
        self._line_index_to_offsets = line_offsets

    @property
    def height(self) -> int:
        """Rows of the wrapped document, read off the row table (the stock property sums every line)."""
        return len(self._offset_to_line_info)
