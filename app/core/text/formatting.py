"""Words for what the API sends: times, sizes, statuses, priorities, speakers.

Shared by the TUI and the plain-text exports; no Textual or pydantic import, so the first frame
does not wait for them. Every function returns safe,
printable text (see ``safe_text``).
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, tzinfo
from functools import lru_cache

import humanize

from app.core.text.safe_text import clean_line
from app.core.text.zones import in_zone, zone_label

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


def _add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    year, month = divmod(moment.month - 1 + months, 12)
    year += moment.year
    return moment.replace(year=year, month=month + 1, day=min(moment.day, calendar.monthrange(year, month + 1)[1]))


def _span(start: datetime, end: datetime) -> str:
    """From ``start`` to ``end`` (later) in its two largest calendar units: ``2y 10mo``, ``5mo 3d``, ``3d 4h``."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and _add_months(start, months) > end:
        months -= 1
    if months > 0:
        years, months = divmod(months, 12)
        if years:
            return f"{years}y {months}mo" if months else f"{years}y"
        days = (end - _add_months(start, months)).days
        return f"{months}mo {days}d" if days else f"{months}mo"
    minutes = int((end - start).total_seconds() // 60)
    for size, unit, smaller, small_unit in ((1440, "d", 60, "h"), (60, "h", 1, "m")):
        if minutes >= size:
            rest = minutes % size // smaller
            return f"{minutes // size}{unit} {rest}{small_unit}" if rest else f"{minutes // size}{unit}"
    return f"{minutes}m"


def age(moment: datetime, now: datetime) -> str:
    """How long before ``now`` ``moment`` was, the same everywhere in the app: ``now``, ``12m``,
    ``5h 20m``, ``3d 4h``, ``5mo 3d``, ``2y 10mo`` (``in 3d 4h`` for a time still to come)."""
    start, end = moment.astimezone(UTC), now.astimezone(UTC)
    seconds = (end - start).total_seconds()
    if -60 < seconds < 60:
        return "now"
    return _span(start, end) if seconds > 0 else "in " + _span(end, start)


def ago(moment: datetime, now: datetime) -> str:
    """``age`` in a sentence: ``2y 10mo ago``, ``just now``, ``in 3d 4h``."""
    text = age(moment, now)
    return "just now" if text == "now" else text if text.startswith("in ") else f"{text} ago"


def age_of(raw: str | None, now: datetime) -> str:
    """``age`` of an API timestamp: ``?`` when it is not a date, ``—`` when there is none."""
    moment = parse_time(raw)
    if moment is None:
        return "?" if raw else "—"
    return age(moment, now)


def format_time(
    raw: str | None, *, now: datetime | None = None, relative: bool = True, zone: tzinfo | None = None
) -> str:
    """An API timestamp as ``2024-01-15 10:30 -05 (10mo 3d ago)``; the raw text if not a date.

    Shown in ``zone``, else in the zone of ``now`` (the App's clock tells the time in the agent's
    zone), else in UTC; the zone is always named.
    """
    if raw is None or raw == "":
        return "—"
    moment = parse_time(raw)
    if moment is None:
        return clean_line(raw)
    shown = in_zone(moment, zone or (now.tzinfo if now is not None else None) or UTC)
    text = f"{shown.year:04d}-{shown:%m-%d %H:%M} {zone_label(shown)}"
    if relative and now is not None:
        text += f" ({ago(moment, now)})"
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


TYPE_LIMIT = 80
"""Characters of an attachment's media type shown (a real one is a few dozen at most)."""
NAME_LIMIT = 120
"""Characters of a file name shown (its list row, the viewer's title, a download's line)."""


def file_label(name: str | None, fallback: str = "(no name)", limit: int = NAME_LIMIT) -> str:
    """A file name made safe, on one line, cut in the middle past ``limit`` characters so that its
    end (the extension) still shows: ``aaaa… (4,880 characters cut) …aaa.txt``."""
    text = clean_line(name)
    if not text:
        return fallback
    if len(text) <= limit:
        return text
    tail = limit // 3
    head = limit - tail
    return f"{text[:head]}… ({len(text) - limit:,} characters cut) …{text[-tail:]}"


def text_or_dash(value: str | None) -> str:
    """A one-line field, or an em dash when it is missing or empty."""
    return one_line(value) if value else "—"
