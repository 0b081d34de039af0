"""A new ticket as text: the editor's form (front matter for the fields, the body for the description)
and a description read from a file or standard input.

The form, as ``git commit`` and ``gh issue create`` do it::

    ---
    title: Refund charged twice
    # low, medium, high, urgent
    priority: high
    ...
    ---
    The description, as many lines as it takes.

Everything in it came from a person's editor and is read as hostile: lines of the field block that
are not ``name: value`` are named in words, values are cleaned as typed ones are
(``NewTicket.of``), and the description after the closing ``---`` is taken as written (a ``#``
there is Markdown, not a comment). Plain Python: no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Final

from app.core.api.filter_values import CATEGORIES, PRIORITIES
from app.core.api.new_ticket import MAX_DESCRIPTION, NewTicket
from app.core.errors import TicketViewError
from app.core.text.safe_text import clean_line

FENCE: Final = "---"
MAX_DESCRIPTION_BYTES: Final = 4 * MAX_DESCRIPTION
"""Bytes of a description file read: the longest description in the widest UTF-8 fits."""
_NAMES: Final = {"title": "title", "priority": "priority", "category": "category", "tags": "tags", "tag": "tags"}


class InputRefused(TicketViewError):
    """What the agent gave cannot be used as it is (a file too big, not text, a form gone wrong)."""

    title = "Not sent"
    exit_code = 2


@dataclass(frozen=True)
class ParsedForm:
    """What the agent left in the form: the ticket, and the lines that could not be read."""

    ticket: NewTicket
    problems: list[str] = field(default_factory=list)
    """Each line of the field block that is not ``name: value`` (or names no field), in words."""


def render_form(new: NewTicket) -> str:
    """The form for the editor, filled with what is known of ``new``."""
    return "\n".join(
        [
            FENCE,
            "# A new ticket. Fill in the fields, write the description under the second ---,",
            "# save and quit. An empty title or description cancels: nothing is sent.",
            "# Lines starting with # are left out up here (not in the description).",
            f"title: {new.title}",
            f"# {', '.join(PRIORITIES)}",
            f"priority: {new.priority}",
            f"# {', '.join(CATEGORIES)}",
            f"category: {new.category}",
            "# separated by commas (optional)",
            f"tags: {', '.join(new.tags)}",
            FENCE,
            new.description,
            "",
        ]
    )


def parse_form(text: str, before: NewTicket | None = None) -> ParsedForm:
    """The ticket the agent left in the form ``text``; fields it lacks keep ``before``'s values.

    Without a field block (the agent deleted it), the whole text is the description.
    """
    before = before or NewTicket()
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = next((index for index, line in enumerate(lines) if line.strip()), len(lines))
    if start == len(lines) or lines[start].strip() != FENCE:
        return ParsedForm(before.with_values(description=NewTicket.of(description=text).description))
    end = next((index for index in range(start + 1, len(lines)) if lines[index].strip() == FENCE), None)
    if end is None:
        return ParsedForm(before, [f"The field block that starts on line {start + 1} is not closed by a --- line."])
    values: dict[str, str] = {}
    problems: list[str] = []
    for number in range(start + 1, end):
        line = lines[number]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, colon, value = line.partition(":")
        key = _NAMES.get(name.strip().lower())
        if not colon or key is None:
            shown = clean_line(line.strip())
            shown = shown if len(shown) <= 60 else shown[:59] + "…"
            problems.append(f"Line {number + 1} is not one of title:, priority:, category:, tags: ({shown!r}).")
            continue
        values[key] = value
    description = "\n".join(lines[end + 1 :])
    ticket = NewTicket.of(
        title=values.get("title", before.title),
        description=description,
        priority=values.get("priority", before.priority),
        category=values.get("category", before.category),
        tags=values.get("tags", ", ".join(before.tags)),
    )
    return ParsedForm(ticket, problems)


def read_description(source: str, stdin: BinaryIO) -> str:
    """The description in the file ``source`` (``-``: ``stdin``), bounded, as UTF-8 text; else ``InputRefused``."""
    where = "standard input" if source == "-" else f"the file {clean_line(source)[:200]!r}"
    limit = MAX_DESCRIPTION_BYTES
    try:
        if source == "-":
            data = stdin.read(limit + 1)
        else:
            with Path(source).expanduser().open("rb") as file:
                data = file.read(limit + 1)
    except FileNotFoundError:
        raise InputRefused(f"There is no {where.removeprefix('the ')}.") from None
    except IsADirectoryError:
        raise InputRefused(f"The description file {clean_line(source)[:200]!r} is a folder, not a file.") from None
    except OSError as error:
        raise InputRefused(f"Could not read {where} ({error.strerror or type(error).__name__}).") from None
    if len(data) > limit:
        raise InputRefused(
            f"The description in {where} is over {limit // 1000:,} kB; a description holds at most "
            f"{MAX_DESCRIPTION:,} characters.",
            hint="Attach long logs to the ticket as a file, and describe them in a few lines.",
        )
    if b"\x00" in data:
        raise InputRefused(f"The description in {where} is not text (it holds NUL bytes, as binary files do).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputRefused(
            f"The description in {where} is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}).",
            hint="Convert it first, e.g. iconv -f latin1 -t utf-8 FILE",
        ) from None
