"""Words for what the API sends: times, sizes, statuses, priorities, speakers.

Shared by the TUI and the plain-text exports; no Textual or pydantic import, so the first frame
does not wait for them. Every function returns safe,
printable text (see ``safe_text``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

import humanize

from app.core.text.safe_text import clean_line

STATUS_WORDS = {
    "open": ("○", "Open"),
    "pending": ("◔", "Pending"),
    "in_progress": ("◑", "In progress"),
    "resolved": ("●", "Resolved"),
    "closed": ("■", "Closed"),
}
PRIORITY_WORDS = {
    "low": ("▽", "Low"),
    "medium": ("◇", "Medium"),
    "high": ("▲", "High"),
    "urgent": ("▲▲", "Urgent"),
}
SPEAKERS = {"user": "Client", "agent": "Agent", "system": "System"}


def _known(value: str | None, table: dict[str, tuple[str, str]]) -> tuple[str, str]:
    if not value:
        return ("?", "Unknown")
    key = value.strip().lower()
    if key in table:
        return table[key]
    # Unknown values are shown as they come, never dropped or guessed at.
    return ("?", clean_line(value))


@lru_cache(maxsize=4096)
def parse_time(raw: str | None) -> datetime | None:
    """An API timestamp as an aware UTC datetime, or ``None`` if it is missing or not a date."""
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.strip()[:64])
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (
        ValueError,
        OverflowError,
    ):  # not a date, or one that leaves the calendar in UTC (year 9999-12-31T23:00-05:00)
        return None


def status_label(status: str | None) -> tuple[str, str]:
    """A symbol and words for a ticket status, e.g. ``("◑", "In progress")``."""
    return _known(status, STATUS_WORDS)


def priority_label(priority: str | None) -> tuple[str, str]:
    """A symbol and words for a priority, e.g. ``("▲", "High")``."""
    return _known(priority, PRIORITY_WORDS)


def speaker_label(kind: str | None) -> str:
    """Who spoke, from a thread message's ``type``: Client, Agent, System, or the type as sent."""
    if kind and kind.strip().lower() in SPEAKERS:
        return SPEAKERS[kind.strip().lower()]
    return clean_line(kind) if kind else "Note"


def category_label(category: str | None) -> str:
    """A category in words: ``feature_request`` becomes ``Feature request``."""
    if not category:
        return "—"
    text = clean_line(category)
    if text.replace("_", "").isalpha() and text.islower():
        return text.replace("_", " ").capitalize()
    return text


def format_time(raw: str | None, *, now: datetime | None = None, relative: bool = True) -> str:
    """An API timestamp as ``2024-01-15 10:30 UTC (10 months ago)``; the raw text if not a date."""
    if raw is None or raw == "":
        return "—"
    moment = parse_time(raw)
    if moment is None:
        return clean_line(raw)
    text = moment.strftime("%Y-%m-%d %H:%M UTC")
    if relative and now is not None:
        text += f" ({humanize.naturaltime(now - moment)})"
    return text


def format_size(size: int | None) -> str:
    """A size in bytes in human units (``1.0 KiB``), or ``unknown size``."""
    if size is None or size < 0:
        return "unknown size"
    if size < 1024:
        return f"{size} B"
    return humanize.naturalsize(size, binary=True, format="%.1f")


ONE_LINE_LIMIT = 500


def one_line(value: str | None, limit: int = ONE_LINE_LIMIT) -> str:
    """A one-line field made safe and cut to ``limit`` characters, saying how much was cut."""
    text = clean_line(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


def text_or_dash(value: str | None) -> str:
    """A one-line field, or an em dash when it is missing or empty."""
    return one_line(value) if value else "—"
