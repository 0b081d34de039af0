"""Times as the agent reads them: one way of saying an age everywhere, and times in the agent's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import tzlocal

from app.core.text.formatting import age, age_of, ago, format_time
from app.core.text.zones import LOCAL, check_zone_name, in_zone, zone_for, zone_label

NOW = datetime(2024, 11, 24, 12, 0, tzinfo=UTC)
BOGOTA = ZoneInfo("America/Bogota")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (NOW - timedelta(seconds=30), "now"),
        (NOW - timedelta(minutes=12), "12m"),
        (NOW - timedelta(hours=5, minutes=20), "5h 20m"),
        (NOW - timedelta(hours=5), "5h"),
        (NOW - timedelta(days=3, hours=4), "3d 4h"),
        (NOW - timedelta(days=24), "24d"),
        (datetime(2024, 6, 21, 11, 0, tzinfo=UTC), "5mo 3d"),
        (datetime(2022, 1, 15, 10, 30, tzinfo=UTC), "2y 10mo"),
        (datetime(2021, 11, 24, 12, 0, tzinfo=UTC), "3y"),
        (datetime(2024, 10, 31, 12, 0, tzinfo=UTC), "24d"),  # not a month yet: Oct 31 + 1 month is Nov 30
        (NOW + timedelta(days=6, hours=12), "in 6d 12h"),
    ],
)
def test_an_age_has_two_units_so_tickets_can_be_told_apart(moment: datetime, shown: str) -> None:
    assert age(moment, NOW) == shown


def test_ages_read_the_same_in_a_column_and_in_a_sentence() -> None:
    moment = datetime(2022, 1, 15, 10, 30, tzinfo=UTC)
    assert age_of("2022-01-15T10:30:00Z", NOW) == "2y 10mo"
    assert ago(moment, NOW) == "2y 10mo ago"
    assert format_time("2022-01-15T10:30:00Z", now=NOW) == "2022-01-15 10:30 UTC (2y 10mo ago)"
    assert ago(NOW, NOW) == "just now" and ago(NOW + timedelta(hours=2), NOW) == "in 2h"
    assert age_of(None, NOW) == "—" and age_of("yesterday", NOW) == "?"


def test_the_edges_of_the_calendar_do_not_break_an_age() -> None:
    assert age(datetime(1, 1, 1, tzinfo=UTC), NOW) == "2023y 10mo"
    assert age(datetime(9999, 12, 31, 23, 59, tzinfo=UTC), NOW) == "in 7975y 1mo"
    assert format_time("0001-01-01T00:00:00Z", zone=BOGOTA) == "0001-01-01 00:00 UTC"  # no year 0 in Bogotá


def test_times_are_shown_in_the_agents_zone_and_the_zone_is_named() -> None:
    raw = "2024-01-15T15:30:00Z"
    assert format_time(raw, relative=False) == "2024-01-15 15:30 UTC"
    assert format_time(raw, relative=False, zone=BOGOTA) == "2024-01-15 10:30 -05"
    assert format_time(raw, relative=False, zone=NEW_YORK) == "2024-01-15 10:30 EST"
    assert format_time("2024-07-15T15:30:00Z", relative=False, zone=NEW_YORK) == "2024-07-15 11:30 EDT"
    # without a zone, the zone of "now" (the App's clock tells the time in the agent's zone)
    assert format_time(raw, now=NOW.astimezone(BOGOTA)) == "2024-01-15 10:30 -05 (10mo 8d ago)"


def test_zone_labels_are_short_and_plain() -> None:
    assert zone_label(NOW) == "UTC" and zone_label(NOW.astimezone(timezone(timedelta(0), ""))) == "UTC"
    assert zone_label(NOW.astimezone(ZoneInfo("Asia/Kolkata"))) == "IST"
    assert zone_label(NOW.astimezone(timezone(timedelta(hours=5, minutes=30)))) == "+0530"
    assert zone_label(NOW.astimezone(timezone(timedelta(hours=-5)))) == "-05"
    assert zone_label(NOW.astimezone(ZoneInfo("Etc/GMT+5"))) == "-05"
    assert in_zone(datetime(1, 1, 1, tzinfo=UTC), BOGOTA).tzinfo is UTC


@pytest.mark.parametrize(
    ("written", "used"),
    [
        ("America/Bogota", "America/Bogota"),
        (" Europe/Madrid ", "Europe/Madrid"),
        ("utc", "UTC"),
        ("Z", "UTC"),
        ("Local", LOCAL),
    ],
)
def test_a_zone_setting_is_an_iana_name_utc_or_local(written: str, used: str) -> None:
    assert check_zone_name(written) == used


@pytest.mark.parametrize(
    "written",
    ["Mars/Olympus_Mons", "America", "../../etc/passwd", "/etc/localtime", "", "Bogotá", "x" * 5000, 5, None],
)
def test_an_unknown_zone_is_refused_in_words(written: object) -> None:
    with pytest.raises(ValueError) as raised:
        check_zone_name(written)
    message = str(raised.value)
    assert message.startswith("must be a time zone name such as America/Bogota") and len(message) < 300


def test_a_zone_is_looked_up_once_and_local_follows_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    assert zone_for("UTC") is UTC and zone_for("America/Bogota") == BOGOTA
    zone_for.cache_clear()
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    tzlocal.reload_localzone()  # tzlocal keeps the zone it found first, as the app does for a run
    try:
        assert datetime(2024, 1, 1, tzinfo=UTC).astimezone(zone_for(LOCAL)).utcoffset() == timedelta(hours=9)
    finally:
        monkeypatch.undo()
        tzlocal.reload_localzone()
        zone_for.cache_clear()
