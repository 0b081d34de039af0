"""Fast greedy word wrap in terminal cells, the one source of line breaks for the conversation.

The conversation view both measures (to know how tall 10,000 messages are) and draws with this
function, so a message's height and its drawn lines always agree. ASCII paragraphs take a fast
path on ``len``; other text is measured with Rich's cell widths so CJK and emoji fit.
"""

from __future__ import annotations

from rich.cells import cell_len, chop_cells


def _wrap_paragraph(paragraph: str, width: int, lines: list[str]) -> None:
    if paragraph.isascii():
        if len(paragraph) <= width:
            lines.append(paragraph)
            return
        measure = len
    else:
        if cell_len(paragraph) <= width:
            lines.append(paragraph)
            return
        measure = cell_len
    line: list[str] = []
    used = 0
    for word in paragraph.split(" "):
        size = measure(word)
        if line and used + 1 + size <= width:
            line.append(word)
            used += 1 + size
            continue
        if line or used:
            lines.append(" ".join(line))
        if size > width:
            # A word longer than the line (a URL, a token, a run of characters) is folded.
            chunks = (
                [word[start : start + width] for start in range(0, len(word), width)]
                if measure is len
                else chop_cells(word, width)
            )
            lines.extend(chunks[:-1])
            word = chunks[-1]
            size = measure(word)
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
