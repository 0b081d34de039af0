"""Time zones: the one times are shown in, from a setting (an IANA name, ``UTC`` or ``local``).

The name is checked where settings are read (``check_zone_name``); the zone itself is looked up
the first time a time is shown (``zone_for``), so start-up does not wait for the zone files.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from functools import cache

LOCAL = "local"
"""The setting's word for the computer's own zone (the default)."""
NAME_LIMIT = 64
"""IANA names are at most about 30 characters; anything longer is not one."""
_NAME = re.compile(r"[A-Za-z0-9_+\-/]+")
_ABBREVIATION = re.compile(r"[A-Z]{2,6}|[+-][0-9]{2}(?:[0-9]{2})?")


def check_zone_name(raw: object) -> str:
    """An IANA zone name (``America/Bogota``), ``UTC`` or ``local``, as the app will use it.

    Raises ``ValueError`` with a message starting with "must", quoting what was written (bounded).
    """
    text = raw.strip() if isinstance(raw, str) else ""
    if text.lower() == LOCAL:
        return LOCAL
    if text.upper() in ("UTC", "Z"):
        return "UTC"
    if text and len(text) <= NAME_LIMIT and _NAME.fullmatch(text) and _known(text):
        return text
    shown = raw[:NAME_LIMIT] + "…" if isinstance(raw, str) and len(raw) > NAME_LIMIT else raw
    raise ValueError(
        f"must be a time zone name such as America/Bogota or Europe/Madrid (or UTC, or local), not {shown!r}"
    )


def _known(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (LookupError, ValueError, OSError):  # unknown, not a key (``..``, ``/etc``), a folder
        return False
    return True


@cache
def zone_for(name: str) -> tzinfo:
    """The zone a checked ``name`` stands for; ``local`` is the computer's (``TZ``, else the system's)."""
    if name == "UTC":
        return UTC
    if name != LOCAL:
        from zoneinfo import ZoneInfo

        try:
            return ZoneInfo(name)
        except (LookupError, ValueError, OSError):  # checked when read; gone since: say it in UTC
            return UTC
    try:
        import tzlocal

        return tzlocal.get_localzone()
    except Exception:  # noqa: BLE001  # a broken TZ or /etc/localtime: the offset the C library uses now
        return datetime.now().astimezone().tzinfo or UTC


def zone_label(moment: datetime) -> str:
    """How ``moment``'s zone is named after a time: ``UTC``, ``-05``, ``+0530``, ``EST``, ``CET``."""
    offset = moment.utcoffset() or timedelta(0)
    name = moment.tzname() or ""
    if name == "UTC" or (offset == timedelta(0) and not _ABBREVIATION.fullmatch(name)):
        return "UTC"
    if _ABBREVIATION.fullmatch(name):
        return name
    minutes = int(offset.total_seconds()) // 60
    sign, minutes = ("-" if minutes < 0 else "+"), abs(minutes)
    hours, minutes = divmod(minutes, 60)
    return f"{sign}{hours:02d}" + (f"{minutes:02d}" if minutes else "")


def in_zone(moment: datetime, zone: tzinfo) -> datetime:
    """``moment`` in ``zone``; in UTC when the zone would take it off the calendar (year 1 or 9999)."""
    try:
        return moment.astimezone(zone)
    except (OverflowError, ValueError):
        return moment.astimezone(UTC)
