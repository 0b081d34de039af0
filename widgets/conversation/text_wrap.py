"""Fast greedy word wrap in terminal cells, the one source of line breaks for the conversation.

The conversation view both measures (to know how tall 10,000 messages are) and draws with this
function, so a message's height and its drawn lines always agree. ASCII paragraphs take a fast
path by character positions; other text is measured with Rich's cell widths so CJK and emoji fit.
"""

from __future__ import annotations

from rich.cells import cell_len, chop_cells


def _wrap_ascii(paragraph: str, width: int, lines: list[str]) -> None:
    """Greedy wrap of one ASCII paragraph by position: each line ends at the last space that fits.

    The same lines as the word loop below gives (a break uses up one space; a word longer than the
    line is cut every ``width`` characters and its tail starts the next line), found with
    ``str.rfind`` a line at a time rather than word by word: the conversation measures 10,000
    messages with it.
    """
    start, end = 0, len(paragraph)
    while end - start > width:
        cut = paragraph.rfind(" ", start, start + width + 1)
        if cut < 0:  # no space in reach: fold the word
            lines.append(paragraph[start : start + width])
            start += width
        else:
            lines.append(paragraph[start:cut])
            start = cut + 1
    lines.append(paragraph[start:])


def _wrap_paragraph(paragraph: str, width: int, lines: list[str]) -> None:
    if paragraph.isascii():
        _wrap_ascii(paragraph, width, lines)
        return
    if cell_len(paragraph) <= width:
        lines.append(paragraph)
        return
    line: list[str] = []
    used = 0
    for word in paragraph.split(" "):
        size = cell_len(word)
        if line and used + 1 + size <= width:
            line.append(word)
            used += 1 + size
            continue
        if line or used:
            lines.append(" ".join(line))
        if size > width:
            # A word longer than the line (a URL, a token, a run of characters) is folded.
            chunks = chop_cells(word, width)
            lines.extend(chunks[:-1])
            word = chunks[-1]
            size = cell_len(word)
        line = [word]
        used = size
    lines.append(" ".join(line))


def wrap(text: str, width: int) -> list[str]:
    """Wrap ``text`` (already made safe: no tabs or control characters) to ``width`` cells."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        _wrap_paragraph(paragraph, width, lines)
    return lines
