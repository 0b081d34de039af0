"""Find a phrase in a text, case-insensitively, and step through the matches by line and column.

Locations are (line, column) pairs in characters, the coordinates of Textual's ``TextArea``, so
the viewer can select a match directly. Nothing here imports Textual.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

Location = tuple[int, int]
"""(line, column), both from 0, in characters."""

MAX_MATCHES = 100_000
"""Matches counted at most, so a one-letter query on a large file stays quick."""


class TextSearch:
    """One text, indexed by line once, and the matches of the current query in it."""

    def __init__(self, text: str, *, max_matches: int = MAX_MATCHES) -> None:
        self.text = text
        self._max_matches = max_matches
        self._line_starts = [0]
        self._line_starts.extend(match.end() for match in re.finditer("\n", text))
        self.query = ""
        """The phrase searched for ("" for none)."""
        self.starts: list[int] = []
        """Character offsets of the matches, in order."""
        self.capped = False
        """True when there may be more matches than were counted."""

    def search(self, query: str) -> int:
        """Find every match of ``query`` (ignoring case); the number found."""
        self.query = query
        self.starts = []
        if query:
            # re's case-insensitive match pairs characters one to one, so a match is len(query) long
            for match in re.finditer(re.escape(query), self.text, re.IGNORECASE):
                self.starts.append(match.start())
                if len(self.starts) >= self._max_matches:
                    break
        self.capped = len(self.starts) >= self._max_matches
        return len(self.starts)

    def __len__(self) -> int:
        return len(self.starts)

    def location(self, offset: int) -> Location:
        """The (line, column) of a character offset."""
        line = bisect_right(self._line_starts, offset) - 1
        return line, offset - self._line_starts[line]

    def offset(self, location: Location) -> int:
        """The character offset of a (line, column)."""
        line, column = location
        line = min(max(line, 0), len(self._line_starts) - 1)
        return self._line_starts[line] + max(column, 0)

    def span(self, index: int) -> tuple[Location, Location]:
        """Start and end of match ``index``."""
        start = self.starts[index]
        return self.location(start), self.location(start + len(self.query))

    def next_index(self, after: Location, *, forward: bool = True, inclusive: bool = False) -> int | None:
        """The match after (or, not ``forward``, before) ``after``, wrapping round; ``None`` if none.

        ``inclusive`` lets a match that starts exactly at ``after`` count (searching as one types).
        """
        if not self.starts:
            return None
        offset = self.offset(after)
        if forward:
            index = (bisect_left if inclusive else bisect_right)(self.starts, offset)
            return index % len(self.starts)
        return (bisect_left(self.starts, offset) - 1) % len(self.starts)

    def index_at(self, location: Location) -> int | None:
        """The match that starts at ``location``, if one does."""
        offset = self.offset(location)
        index = bisect_left(self.starts, offset)
        return index if index < len(self.starts) and self.starts[index] == offset else None
